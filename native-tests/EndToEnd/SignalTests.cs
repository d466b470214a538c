// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using System.Threading;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd;

/// <summary>
/// SIGINT and SIGTERM (spec §2, §5): austin stops, flushes every sample, exits 0. Attached, it leaves the target
/// running; launched, it passes the signal on to its command, waits for it (5 s at most, then kills it) and reaps
/// it. Signal handling is austin's own code, so the newest interpreter is enough.
/// </summary>
[TestFixture]
[SupportedOSPlatform("linux")]
public sealed class SignalTests : EndToEndFixture
{

    // How long austin may take to stop once signalled, when nothing makes it wait.
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(3);

    // How long the signalled sampling runs before the signal: enough for a few hundred samples at -i 1000.
    private static readonly TimeSpan Sampling = TimeSpan.FromMilliseconds(300);

    /// <summary>The newest interpreter with SIGINT, and with SIGTERM.</summary>
    public static IEnumerable<TestCaseData> NewestWithSignals() =>
        InterpreterChoice.Newest().SelectMany(data => data.Arguments is [Interpreter python]
            ? new[] { Case(python, ProcessProbe.SIGINT, "SIGINT"), Case(python, ProcessProbe.SIGTERM, "SIGTERM") }
            : new[] { data });

    [TestCaseSource(nameof(NewestWithSignals))]
    public void AnAttachedAustinStopsOnASignalFlushesEverySampleAndLeavesTheTargetRunning(Interpreter python, int signal)
    {
        (string oraclePath, string logPath) = Paths();
        using RunningProcess target = RunningProcess.Start(SignalTarget.Command(python, oraclePath, seconds: 30), PythonEnvironment.Clean);
        ProcessProbe.WaitForFile(oraclePath, StartTimeout, () => ProcessProbe.Describe(target.Id));
        using RunningProcess austin = RunningProcess.Start(
            [AustinBinary.Path, "-i", "1000", "-p", Text(target.Id)], AustinLog.To(logPath));

        (ProcessResult result, TimeSpan stopping) = SampleThenSignal(austin, logPath, signal);

        IReadOnlyList<Sample> samples = RequireCompleteSamples(result, logPath);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(stopping, Is.LessThan(Prompt), "austin must stop promptly once signalled");
            Assert.That(result.StandardError, Is.Empty, "austin's stderr");
            Assert.That(ProcessProbe.IsAlive(target.Id), Is.True,
                () => "austin -p must leave its target running: " + ProcessProbe.Describe(target.Id));
            SampleAssertions.StackSeen(samples, "main", Oracle.Load(oraclePath).ThreadOf("main"), SignalTarget.ParkedStack());
        }
    }

    [TestCaseSource(typeof(InterpreterChoice), nameof(InterpreterChoice.Newest))]
    public void SigintToALaunchingAustinReachesTheCommandWhichEndsAndIsReaped(Interpreter python)
    {
        (string oraclePath, string logPath) = Paths();
        using RunningProcess austin = RunningProcess.Start(
            [AustinBinary.Path, "-i", "1000", .. SignalTarget.Command(python, oraclePath, seconds: 30)], AustinLog.To(logPath));
        ProcessProbe.WaitForFile(oraclePath, StartTimeout, () => ProcessProbe.Describe(austin.Id));

        (ProcessResult result, TimeSpan stopping) = SampleThenSignal(austin, logPath, ProcessProbe.SIGINT);

        Oracle oracle = Oracle.Load(oraclePath);
        IReadOnlyList<Sample> samples = RequireCompleteSamples(result, logPath);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(stopping, Is.LessThan(Prompt), "austin must stop promptly once its command has ended");
            // The target's KeyboardInterrupt handler prints this and nothing else: the SIGINT reached it, and
            // austin added nothing of its own.
            Assert.That(result.StandardError, Is.EqualTo("interrupted\n"), "stderr: the command's words only");
            Assert.That(ProcessProbe.State(oracle.Pid), Is.Null,
                () => "the command must be gone, reaped by austin (not a zombie): " + ProcessProbe.Describe(oracle.Pid));
            SampleAssertions.StackSeen(samples, "main", oracle.ThreadOf("main"), SignalTarget.ParkedStack());
        }
    }

    [TestCaseSource(typeof(InterpreterChoice), nameof(InterpreterChoice.Newest))]
    public void SigtermToALaunchingAustinReachesTheCommandWhichEndsAndIsReaped(Interpreter python)
    {
        (string oraclePath, string logPath) = Paths();
        using RunningProcess austin = RunningProcess.Start(
            [AustinBinary.Path, "-i", "1000", .. SignalTarget.Command(python, oraclePath, seconds: 30)], AustinLog.To(logPath));
        ProcessProbe.WaitForFile(oraclePath, StartTimeout, () => ProcessProbe.Describe(austin.Id));

        (ProcessResult result, TimeSpan stopping) = SampleThenSignal(austin, logPath, ProcessProbe.SIGTERM);

        Oracle oracle = Oracle.Load(oraclePath);
        RequireCompleteSamples(result, logPath);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(stopping, Is.LessThan(Prompt), "austin must stop promptly once its command has ended");
            Assert.That(result.StandardError, Is.Empty, "stderr: SIGTERM ends Python silently, and austin adds nothing");
            Assert.That(ProcessProbe.State(oracle.Pid), Is.Null,
                () => "the command must be gone, reaped by austin (not a zombie): " + ProcessProbe.Describe(oracle.Pid));
        }
    }

    [TestCaseSource(typeof(InterpreterChoice), nameof(InterpreterChoice.Newest))]
    public void ACommandThatIgnoresTheSignalIsKilledAfterFiveSeconds(Interpreter python)
    {
        (string oraclePath, string logPath) = Paths();
        using RunningProcess austin = RunningProcess.Start(
            [AustinBinary.Path, "-i", "1000", .. SignalTarget.Command(python, oraclePath, seconds: 30, ignoreSignals: true)],
            AustinLog.To(logPath));
        ProcessProbe.WaitForFile(oraclePath, StartTimeout, () => ProcessProbe.Describe(austin.Id));

        (ProcessResult result, TimeSpan stopping) = SampleThenSignal(austin, logPath, ProcessProbe.SIGTERM);

        Oracle oracle = Oracle.Load(oraclePath);
        RequireCompleteSamples(result, logPath);
        using (Assert.EnterMultipleScope())
        {
            // 5 s for the command to end by itself, then SIGTERM (ignored) and SIGKILL; slack for a loaded machine.
            Assert.That(stopping, Is.InRange(TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(10)),
                "austin waits up to 5 s for its command, then kills it");
            Assert.That(result.StandardError, Is.Empty, "austin's stderr");
            Assert.That(ProcessProbe.State(oracle.Pid), Is.Null,
                () => "the command must be gone, killed and reaped by austin: " + ProcessProbe.Describe(oracle.Pid));
        }
    }

    [TestCaseSource(typeof(InterpreterChoice), nameof(InterpreterChoice.Newest))]
    public void TimeoutWithSigintStopsAustinAndItsCommand(Interpreter python)
    {
        if (!File.Exists("/usr/bin/timeout") && !File.Exists("/bin/timeout"))
            Assert.Ignore("no timeout(1) on this machine");
        (string oraclePath, string logPath) = Paths();

        // `timeout -s INT 2 austin python3 app.py`
        ProcessResult result = ProcessRunner.Run(
            ["timeout", "-s", "INT", "2", AustinBinary.Path, "-i", "1000", .. SignalTarget.Command(python, oraclePath, seconds: 30)],
            RunTimeout, AustinLog.To(logPath));

        Oracle oracle = Oracle.Load(oraclePath);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(124), () => "timeout(1) reports that it stopped the command:\n" + result.Describe());
            Assert.That(result.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2) + Prompt), "both must stop soon after the 2 s");
            Assert.That(ProcessProbe.WaitUntilGone(oracle.Pid, TimeSpan.FromSeconds(1)), Is.True,
                () => "austin's command must be gone: " + ProcessProbe.Describe(oracle.Pid));
            StandardError.HasNoStackTrace(result.StandardError);
            Assert.That(result.StandardError, Does.Not.Contain("austin:"), "austin reported an error");
        }
        IReadOnlyList<Sample> samples = Collapsed.Parse(result.StandardOutput, CollapsedFormat.Normal);
        SampleAssertions.StackSeen(samples, "main", oracle.ThreadOf("main"), SignalTarget.ParkedStack());
    }

    private static TestCaseData Case(Interpreter python, int signal, string name) =>
        new TestCaseData(python, signal).SetArgDisplayNames(python.DisplayName, name);

    private (string Oracle, string Log) Paths()
    {
        string name = Guid.NewGuid().ToString("N");
        return (Path.Combine(Scratch, name + ".json"), Path.Combine(Scratch, name + ".log"));
    }

    // Waits until austin samples, lets it sample a while, signals it and waits for it: its result, and how long it
    // took to exit after the signal.
    private static (ProcessResult Result, TimeSpan Stopping) SampleThenSignal(RunningProcess austin, string logPath, int signal)
    {
        ProcessProbe.WaitForText(logPath, "found in process", StartTimeout, () => ProcessProbe.Describe(austin.Id));
        Thread.Sleep(Sampling);
        ProcessProbe.Signal(austin.Id, signal);
        var clock = Stopwatch.StartNew();
        ProcessResult result = austin.WaitForExit(RunTimeout);
        return (result, clock.Elapsed);
    }

    // Exit 0, no stack trace, output complete (every line ends), every thread stack the log counts printed.
    private static IReadOnlyList<Sample> RequireCompleteSamples(ProcessResult result, string logPath)
    {
        Assert.That(result.ExitCode, Is.Zero, () => "austin must exit 0 when signalled:\n" + result.Describe());
        StandardError.HasNoStackTrace(result.StandardError);
        IReadOnlyList<Sample> samples = Collapsed.Parse(result.StandardOutput, CollapsedFormat.Normal);
        Assert.That(samples, Is.Not.Empty, () => "austin printed no sample:\n" + result.Describe());
        (_, long stacks) = AustinLog.Read(logPath).Counts();
        Assert.That(samples, Has.Count.EqualTo(stacks), "lines printed against the thread stacks the log counts: every sample must be flushed");
        return samples;
    }

    private static string Text(int number) => number.ToString(CultureInfo.InvariantCulture);
}
