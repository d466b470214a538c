// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Diagnostics;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading;
using NUnit.Framework;

namespace Austin.Tests.Support;

/// <summary>The process runner, on small shell commands: capture, environment, stdin, timeouts, ready lines.</summary>
[TestFixture]
[Platform(Exclude = "Win")] // sh
public sealed class ProcessRunnerTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Test]
    public void BothOutputsAreCapturedInFullEvenWhenTheyFillTheirPipes()
    {
        // 2 MB on each stream, stderr first: a runner that read stdout to the end before stderr would hang.
        ProcessResult result = ProcessRunner.Run(
            ["sh", "-c", "head -c 2000000 /dev/zero | tr '\\0' e >&2; head -c 2000000 /dev/zero | tr '\\0' o; exit 7"], Generous);

        Assert.That((result.ExitCode, result.StandardOutput.Length, result.StandardError.Length), Is.EqualTo((7, 2_000_000, 2_000_000)));
    }

    [Test]
    public void EnvironmentOverridesSetAndRemoveVariables()
    {
        Environment.SetEnvironmentVariable("AUSTIN_RUNNER_TEST_INHERITED", "inherited");
        try
        {
            ProcessResult result = ProcessRunner.Run(
                ["sh", "-c", "echo \"${AUSTIN_RUNNER_TEST_SET}|${AUSTIN_RUNNER_TEST_INHERITED-removed}\""],
                Generous,
                new System.Collections.Generic.Dictionary<string, string?> { ["AUSTIN_RUNNER_TEST_SET"] = "set", ["AUSTIN_RUNNER_TEST_INHERITED"] = null });

            Assert.That(result.StandardOutput, Is.EqualTo("set|removed\n"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("AUSTIN_RUNNER_TEST_INHERITED", null);
        }
    }

    [Test]
    public void StandardInputIsClosedSoAReaderEndsAtOnce()
    {
        ProcessResult result = ProcessRunner.Run(["cat"], Generous);

        Assert.That((result.ExitCode, result.StandardOutput), Is.EqualTo((0, "")));
    }

    [Test]
    public void AProcessThatOutlivesItsTimeoutIsKilledWithItsChildren()
    {
        var clock = Stopwatch.StartNew();
        TimeoutException? error = Assert.Throws<TimeoutException>(() =>
            ProcessRunner.Run(["sh", "-c", "sleep 60 & echo child=$!; sleep 60"], TimeSpan.FromSeconds(1)));

        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "the runner must not wait for the process after its timeout");
        Assert.That(error!.Message, Does.Contain("did not finish within 1s"));
        // The message shows the output so far, hence the child's pid.
        Match child = Regex.Match(error.Message, "child=([0-9]+)");
        Assert.That(child.Success, Is.True, "the message shows the output so far");
        Assert.That(IsGone(child.Groups[1].Value), Is.True, "the background child must be killed with its parent");
    }

    // Dead, or a zombie waiting for init: SIGKILL is delivered, and the orphan reaped, asynchronously.
    private static bool IsGone(string pid)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            string stat;
            try
            {
                stat = File.ReadAllText($"/proc/{pid}/stat");
            }
            catch (IOException)
            {
                return true;
            }
            if (stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z'))
                return true;
            Thread.Sleep(50);
        }
        return false;
    }

    [Test]
    public void WaitingForAReadyLineReturnsOnceItIsPrintedAndTeardownKillsTheRest()
    {
        var clock = Stopwatch.StartNew();
        using (RunningProcess process = RunningProcess.Start(["sh", "-c", "echo one; echo ready; sleep 60"]))
        {
            process.WaitForLine("ready", Generous);
            Assert.That(process.HasExited, Is.False);
        }
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "teardown must kill the process, not wait for it");
    }

    [Test]
    public void AProcessThatExitsWithoutItsReadyLineFailsTheWaitWithItsStatus()
    {
        using RunningProcess process = RunningProcess.Start(["sh", "-c", "echo not yet; echo oops >&2; exit 3"]);

        InvalidOperationException? error = Assert.Throws<InvalidOperationException>(() => process.WaitForLine("ready", Generous));

        Assert.That(error!.Message, Does.Contain("without printing 'ready'").And.Contain("exit status 3").And.Contain("oops"));
    }

    [Test]
    public void AReadyLineThatNeverComesTimesOut()
    {
        using RunningProcess process = RunningProcess.Start(["sh", "-c", "echo almost ready; sleep 60"]);

        Assert.Throws<TimeoutException>(() => process.WaitForLine("ready", TimeSpan.FromMilliseconds(300)));
    }
}
