// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd;

/// <summary>
/// <c>austin -w PID</c>: one look at every thread, for a person. On every interpreter, against where_target.py
/// (main_target.py's parked threads and a main thread that spins holding the GIL): exactly the stacks the
/// interpreter itself saw, which thread runs and which holds the GIL. Colours only on a terminal; the errors of
/// <c>-p</c>.
/// </summary>
[TestFixture]
[SupportedOSPlatform("linux")] // /proc, script(1)
public sealed class WhereTests : EndToEndFixture
{
    private const string Script = "where_target.py";

    private static IReadOnlyDictionary<string, string?> Quiet { get; } = PythonEnvironment.With((AustinLog.SwitchVariable, "off"));

    /// <summary>Starts where_target.py and waits until every thread is parked and the main thread spins.</summary>
    private RunningProcess StartTarget(Interpreter python, out string oraclePath)
    {
        oraclePath = ScratchPath("oracle.json");
        // A long linger: the test kills the target once austin has looked (on 2.7 it never ends by itself).
        RunningProcess target = RunningProcess.Start(
            [python.Path, Targets.PathOf(Script), "--oracle", oraclePath, "--ready", "stdout", "--linger", "60"], PythonEnvironment.Clean);
        target.WaitForLine("ready", ReadyTimeout);
        return target;
    }

    /// <remarks>A free-threaded build has no GIL: its header says so, and no thread holds one.</remarks>
    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void WherePrintsEveryThreadsExactStackWhoRunsAndWhoHoldsTheGil(Interpreter python)
    {
        using RunningProcess target = StartTarget(python, out string oraclePath);
        Oracle oracle = Oracle.Load(oraclePath);
        string main = oracle.ThreadOf("main"), reporter = oracle.ThreadOf(Oracle.Reporter);
        int linger = Targets.Line("target_support.py", "support-linger");
        string gil = python.FreeThreaded ? "    GIL: none (a free-threaded build)" : $"    GIL: held by thread 0x{main}";

        // Once it has printed "ready", the reporter needs the GIL back from the spinning main thread before it can
        // go to sleep at @support-linger: on a loaded machine that takes a while, and a look in between finds it
        // on its way. Look again until it sleeps there (at most a few seconds): what is tested is one whole look.
        ProcessResult result;
        Report report;
        for (int attempt = 1; ; attempt++)
        {
            result = AustinBinary.Run(["-w", Text(target.Id)], RunTimeout, Quiet);
            Assert.That((result.ExitCode, result.StandardError), Is.EqualTo((0, "")), result.Describe);
            report = Report.Parse(result.StandardOutput);
            bool reporterAsleep = report.Threads.TryGetValue(reporter, out ReportedThread? r) && r.Frames.Count > 0 &&
                                  r.Frames[^1].EndsWith($":{linger})", StringComparison.Ordinal);
            // Going to sleep there, the reporter lets the GIL go, and the main thread takes it back once it is scheduled:
            // in between (long on a loaded machine) a look says "GIL: free", which is true but not what is compared.
            if ((reporterAsleep && report.Header.Contains(gil)) || attempt == 30) break;
            System.Threading.Thread.Sleep(100);
        }
        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Header, Is.EqualTo(new[]
            {
                $"Process {target.Id}: Python {oracle.Version}, {oracle.Threads.Count} threads",
                "    " + string.Join(' ', target.Command),
                gil,
                "    garbage collector: not collecting",
            }), "the process header");
            Assert.That(report.Threads.Keys, Is.EquivalentTo(oracle.Threads.Keys), "the threads listed");
            Assert.That(result.StandardOutput, Does.Not.Contain("\u001b"), "no colours when standard output is not a terminal");

            var osThreads = new HashSet<string>();
            foreach ((string tid, IReadOnlyList<Frame> seen) in oracle.Threads)
            {
                if (!report.Threads.TryGetValue(tid, out ReportedThread? thread)) continue;
                IReadOnlyList<Frame> expected = seen;
                // The reporter wrote the oracle, then went to sleep at @support-linger, where austin finds it.
                if (tid == reporter)
                    expected = [.. seen.Take(seen.Count - 1), seen[^1] with { Line = Targets.Line("target_support.py", "support-linger") }];
                Assert.That(thread.Frames, Is.EqualTo(expected.Select(f => $"    {f.Function} ({f.File}:{f.Line})")), $"the stack of thread {tid}");
                string state = tid != main ? "idle" : python.FreeThreaded ? "running" : "running, holds the GIL";
                Assert.That(thread.Line, Does.Match($@"^Thread 0x{tid} \(OS thread [0-9]+\): {state}$"), $"the line of thread {tid}");
                osThreads.Add(thread.OsThread);
            }
            Assert.That(report.Threads.TryGetValue(main, out ReportedThread? mainThread) ? mainThread.OsThread : null, Is.EqualTo(Text(target.Id)),
                "the main thread's OS thread id is the process id");
            Assert.That(osThreads, Has.Count.EqualTo(oracle.Threads.Count), "every thread has its own OS thread id");
        }
    }

    [TestCaseSource(typeof(InterpreterChoice), nameof(InterpreterChoice.Newest))]
    public void ColoursAppearOnATerminalOnlyAndNotWithNoColorNorInAFile(Interpreter python)
    {
        using RunningProcess target = StartTarget(python, out _);
        string file = ScratchPath("where.txt");
        string where = $"{AustinBinary.Path} -w {Text(target.Id)}";

        // script(1) runs the command on a pseudo-terminal and copies what it prints.
        ProcessResult terminal = ProcessRunner.Run(["script", "-qec", where, "/dev/null"], RunTimeout, Quiet);
        ProcessResult noColor = ProcessRunner.Run(["script", "-qec", where, "/dev/null"], RunTimeout, PythonEnvironment.With((AustinLog.SwitchVariable, "off"), ("NO_COLOR", "1")));
        ProcessResult toFile = ProcessRunner.Run(["script", "-qec", $"{where} -o {file}", "/dev/null"], RunTimeout, Quiet);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(terminal.ExitCode, Is.Zero, terminal.Describe);
            Assert.That(terminal.StandardOutput, Does.Contain($"Process \u001b[0m\u001b[35;1m{Text(target.Id)}\u001b[0m"), "the pid, in colour");
            Assert.That(terminal.StandardOutput, Does.Contain($"    \u001b[33;1mspin\u001b[0m (\u001b[36m{Targets.PathOf(Script)}\u001b[0m:"), "a frame, in colour");
            Assert.That(noColor.ExitCode, Is.Zero, noColor.Describe);
            Assert.That(noColor.StandardOutput, Does.Contain($"Process {Text(target.Id)}: Python").And.Not.Contain("\u001b"), "NO_COLOR");
            Assert.That(toFile.ExitCode, Is.Zero, toFile.Describe);
            Assert.That(toFile.StandardOutput, Is.Empty, "with -o the report goes to the file");
            Assert.That(File.ReadAllText(file), Does.StartWith($"Process {Text(target.Id)}: Python").And.Not.Contain("\u001b"), "a file gets no colours");
        }
    }

    [Test]
    public void WhereOnAPidThatIsNotPythonGivesTheErrorOfMinusP()
    {
        using RunningProcess sleeper = RunningProcess.Start(["sleep", "30"]);

        ProcessResult where = AustinBinary.Run(["-w", Text(sleeper.Id)], RunTimeout, Quiet);
        ProcessResult attach = AustinBinary.Run(["-p", Text(sleeper.Id)], RunTimeout, Quiet);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((where.ExitCode, where.StandardError), Is.EqualTo((65, $"austin: process {sleeper.Id} is not a Python process (no Python runtime found within 100 ms)\n")));
            Assert.That((where.ExitCode, where.StandardError), Is.EqualTo((attach.ExitCode, attach.StandardError)), "what -p says");
            Assert.That(where.StandardOutput, Is.Empty);
            Assert.That(ProcessProbe.IsAlive(sleeper.Id), Is.True, "austin -w must never stop or kill its target");
        }
    }

    [Test]
    public void WhereOnAPidWithNoProcessExitsWith69()
    {
        int pid = ProcessProbe.UnusedPid();

        ProcessResult result = AustinBinary.Run(["-w", Text(pid)], RunTimeout, Quiet);

        Assert.That((result.ExitCode, result.StandardError, result.StandardOutput), Is.EqualTo((69, $"austin: no process with PID {pid}\n", "")));
    }

    private static string Text(int number) => number.ToString(CultureInfo.InvariantCulture);

    /// <summary>One thread of the report: its line, its OS thread id, its frame lines.</summary>
    private sealed record ReportedThread(string Line, string OsThread, IReadOnlyList<string> Frames);

    /// <summary>The report of one process: the header lines, then the threads by Python thread id (hex, no 0x).</summary>
    private sealed record Report(IReadOnlyList<string> Header, IReadOnlyDictionary<string, ReportedThread> Threads)
    {
        public static Report Parse(string text)
        {
            string[] blocks = text.TrimEnd('\n').Split("\n\n");
            var threads = new Dictionary<string, ReportedThread>(StringComparer.Ordinal);
            foreach (string block in blocks.Skip(1))
            {
                string[] lines = block.Split('\n');
                System.Text.RegularExpressions.Match m = System.Text.RegularExpressions.Regex.Match(lines[0], @"^Thread 0x([0-9a-f]+) \(OS thread ([0-9]+)\)");
                if (!m.Success)
                    Assert.Fail($"not a thread's line: '{lines[0]}' in\n{text}");
                threads.Add(m.Groups[1].Value, new ReportedThread(lines[0], m.Groups[2].Value, lines[1..]));
            }
            return new Report(blocks[0].Split('\n'), threads);
        }
    }
}
