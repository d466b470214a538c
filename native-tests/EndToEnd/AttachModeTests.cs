// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd;

/// <summary>
/// <c>austin -p PID</c> against tiny_target.py, already running and parked, with every interpreter: austin
/// samples it until it exits, without disturbing it.
/// </summary>
[TestFixture]
public sealed class AttachModeTests : ExactEndToEndFixture
{
    // The target sleeps this long after "ready": austin must attach and sample within it.
    private const double TargetSeconds = 1.0;

    // How much longer than austin the target may live: its interpreter finalises a millisecond or so
    // before the process ends, and a loaded machine stretches that. The fixture's one timed assertion: with
    // hundreds of times the healthy figure, it held beside two busy loops and another exact fixture.
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(0.5);

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void AttachingSamplesTheParkedStackUntilTheTargetExits(Interpreter python)
    {
        string oraclePath = Path.Combine(Scratch, Guid.NewGuid().ToString("N") + ".json");
        using RunningProcess target = RunningProcess.Start(
            [python.Path, .. TinyTarget.Arguments(oraclePath, TargetSeconds, "stdout")], PythonEnvironment.Clean);
        target.WaitForLine("ready", ReadyTimeout);

        AustinRun run = AustinRun.Start(
            ["-i", "1000", "-p", target.Id.ToString(CultureInfo.InvariantCulture)],
            CollapsedFormat.Normal, RunTimeout, PythonEnvironment.Clean, oraclePath);
        var sinceAustinReturned = Stopwatch.StartNew();
        ProcessResult targetResult = target.WaitForExit(RunTimeout);
        TimeSpan targetOutlivedAustin = sinceAustinReturned.Elapsed;

        IReadOnlyList<Sample> samples = run.RequireSamples();
        Oracle oracle = run.RequireOracle();
        using (Assert.EnterMultipleScope())
        {
            // Austin may stop when the interpreter is gone, a moment before the process is; not seconds before.
            Assert.That(targetOutlivedAustin, Is.LessThan(ExitGrace),
                "austin -p returned this long before the target exited: it must sample until the target exits");
            Assert.That(targetResult.ExitCode, Is.Zero, () => "the target did not end normally:\n" + targetResult.Describe());
            Assert.That(targetResult.StandardOutput, Is.EqualTo("ready\n"), "the target's own output");
            SampleAssertions.StackSeen(samples, "main", oracle.ThreadOf("main"), TinyTarget.ParkedStack());
            SampleAssertions.FramesSeen(samples, "main", oracle.ThreadOf("main"), oracle.StackOf("main"));
            SampleAssertions.OnlyThreadsOfTheTarget(samples, oracle, python.Version);
            Assert.That(samples.Count(sample => sample.IsBad) * 100, Is.LessThan(samples.Count), "bad samples must stay under 1 %");
        }
    }
}
