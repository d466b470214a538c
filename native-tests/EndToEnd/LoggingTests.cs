// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd;

/// <summary>
/// Austin's log (spec §4), read through <c>AUSTIN_LOG_FILE</c>: a header naming the run, the Python found, the
/// statistics at the end, errors; appended to, never on stderr, silenced by <c>AUSTIN_LOG=off</c>. The per-
/// interpreter lines (version found, counts) are checked by <see cref="ModesTests"/> on its runs.
/// </summary>
[TestFixture]
public sealed class LoggingTests : EndToEndFixture
{

    [TestCaseSource(typeof(InterpreterChoice), nameof(InterpreterChoice.Newest))]
    public void ALaunchLogsItsHeaderThePythonFoundAndTheStatisticsInThatOrder(Interpreter python)
    {
        (string oraclePath, string logPath) = Paths();
        string[] command = [python.Path, .. TinyTarget.Arguments(oraclePath, 0.3, "stderr")];

        ProcessResult result = AustinBinary.Run(["-i", "2000", "-t", "300", .. command], RunTimeout, AustinLog.To(logPath));

        Assert.That(result.ExitCode, Is.Zero, result.Describe);
        AustinLog log = AustinLog.Read(logPath);
        int pid = Oracle.Load(oraclePath).Pid;
        using (Assert.EnterMultipleScope())
        {
            AssertInOrder(log,
                Regex.Escape("austin 0.7.0"),
                Regex.Escape("Launching: " + string.Join(' ', command)),
                Regex.Escape("Sampling interval: 2000 us; start-up timeout: 300 ms"),
                Regex.Escape("Output: standard output"),
                $@"Python {python.Version.Major}\.{python.Version.Minor}(\.\d+)? found in process {pid}",
                @"Samples: \d+; thread stacks: \d+",
                @"Bad samples: \d+ \(\d+\.\d\d% error rate\)",
                @"Sampling time: mean \d+(\.\d+)? us, max \d+(\.\d+)? us",
                @"Overruns \(sampling slower than the interval\): \d+");
            Assert.That(log.Lines.Select(line => line.Pid).Distinct().Count(), Is.EqualTo(1), "one run, one austin process id on every line");
            Assert.That(log.Lines.Where(line => line.Level != "INFO").Select(line => line.Message), Is.Empty, "errors in the log of a run that went well");
            Assert.That(result.StandardError, Is.EqualTo("ready\n"), "stderr: the target's words only; the log never goes there");
        }
    }

    [TestCaseSource(typeof(InterpreterChoice), nameof(InterpreterChoice.Newest))]
    public void AnAttachLogNamesTheProcessAndTheOutputFile(Interpreter python)
    {
        (string oraclePath, string logPath) = Paths();
        string output = Path.Combine(Scratch, Guid.NewGuid().ToString("N") + ".samples");
        using RunningProcess target = RunningProcess.Start([python.Path, .. TinyTarget.Arguments(oraclePath, 0.5, "stdout")], PythonEnvironment.Clean);
        target.WaitForLine("ready", ReadyTimeout);

        ProcessResult result = AustinBinary.Run(["-i", "1000", "-o", output, "-p", Text(target.Id)], RunTimeout, AustinLog.To(logPath));

        Assert.That(result.ExitCode, Is.Zero, result.Describe);
        AustinLog log = AustinLog.Read(logPath);
        using (Assert.EnterMultipleScope())
        {
            AssertInOrder(log,
                Regex.Escape("austin 0.7.0"),
                Regex.Escape($"Attaching to process {target.Id}"),
                Regex.Escape("Sampling interval: 1000 us; start-up timeout: 100 ms"),
                Regex.Escape($"Output: {output}"),
                $@"Python [0-9.]+ found in process {target.Id}",
                @"Samples: \d+; thread stacks: \d+");
            Assert.That(result.StandardOutput, Is.Empty, "with -o, stdout stays empty");
            Assert.That(result.StandardError, Is.Empty, "austin's stderr");
            (_, long stacks) = log.Counts();
            Assert.That(Collapsed.Parse(File.ReadAllText(output), CollapsedFormat.Normal), Has.Count.EqualTo(stacks),
                "lines in the output file against the thread stacks the log counts");
        }
    }

    [Test]
    public void TheLogFileIsAppendedToAndErrorsAreLoggedToo()
    {
        (_, string logPath) = Paths();
        const string Missing = "no-such-command-austin-e2e";

        ProcessResult first = AustinBinary.Run([Missing], RunTimeout, AustinLog.To(logPath));
        ProcessResult second = AustinBinary.Run([Missing], RunTimeout, AustinLog.To(logPath));

        AustinLog log = AustinLog.Read(logPath);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(new[] { first.ExitCode, second.ExitCode }, Is.EqualTo(new[] { 127, 127 }));
            Assert.That(log.Lines.Where(line => line.Message == "austin 0.7.0").Select(line => line.Pid).Distinct().Count(), Is.EqualTo(2),
                () => "two runs, two headers from two processes:\n" + log.Text);
            Assert.That(log.Lines.Where(line => line.Level == "ERROR").Select(line => line.Message),
                Is.EqualTo(new[] { $"command not found: {Missing}", $"command not found: {Missing}" }), "the errors, as on stderr");
        }
    }

    [TestCaseSource(typeof(InterpreterChoice), nameof(InterpreterChoice.Newest))]
    public void AustinLogOffWritesNoLogEvenWhenAFileIsNamed(Interpreter python)
    {
        (_, string logPath) = Paths();

        ProcessResult result = AustinBinary.Run(
            ["-i", "1000", python.Path, "-c", "import time; time.sleep(0.2)"], RunTimeout,
            PythonEnvironment.With((AustinLog.FileVariable, logPath), (AustinLog.SwitchVariable, "off")));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.Zero, result.Describe);
            Assert.That(File.Exists(logPath), Is.False, "AUSTIN_LOG=off must silence the log, file or not");
            Assert.That(result.StandardError, Is.Empty, "austin's stderr");
        }
    }

    [TestCaseSource(typeof(InterpreterChoice), nameof(InterpreterChoice.Newest))]
    public void TheDefaultLogToSyslogPutsNothingOnStderr(Interpreter python)
    {
        ProcessResult result = AustinBinary.Run(
            ["-i", "1000", python.Path, "-c", "import time; time.sleep(0.2)"], RunTimeout,
            PythonEnvironment.With((AustinLog.FileVariable, null), (AustinLog.SwitchVariable, null)));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.Zero, result.Describe);
            Assert.That(result.StandardError, Is.Empty, "syslog or not, diagnostics never go to stderr");
            Assert.That(Collapsed.Parse(result.StandardOutput, CollapsedFormat.Normal), Is.Not.Empty, "samples on stdout");
        }
    }

    // Each pattern matches a message (anchored), each after the one before.
    private static void AssertInOrder(AustinLog log, params string[] patterns)
    {
        List<string> messages = log.Messages.ToList();
        int from = 0;
        foreach (string pattern in patterns)
        {
            var regex = new Regex("^" + pattern + "$", RegexOptions.CultureInvariant);
            int at = messages.FindIndex(from, message => regex.IsMatch(message));
            Assert.That(at, Is.GreaterThanOrEqualTo(0), () => $"no log message matches /{pattern}/ after message {from}\n--- log ---\n{log.Text}");
            if (at < 0)
                return;
            from = at + 1;
        }
    }

    private (string Oracle, string Log) Paths()
    {
        string name = Guid.NewGuid().ToString("N");
        return (Path.Combine(Scratch, name + ".json"), Path.Combine(Scratch, name + ".log"));
    }

    private static string Text(int number) => number.ToString(CultureInfo.InvariantCulture);
}
