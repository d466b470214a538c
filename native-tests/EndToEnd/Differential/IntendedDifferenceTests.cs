// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using System.Threading;
using System.Threading.Tasks;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd.Differential;

/// <summary>
/// Where ours means to do better than Debian's C austin 1.0.1, each asserted on both sides as observed, so that a
/// change on either side is noticed: errors that name their cause, an output that cannot be written, <c>--</c>,
/// SIGINT and SIGTERM, a reader that goes away, Python 3.11 and later.
/// </summary>
[TestFixture]
[NonParallelizable] // they time things, and two cores are shared
[SupportedOSPlatform("linux")] // signals, /proc, /dev/full
public sealed class IntendedDifferenceTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    // How long a launched command is sampled before the signal.
    private static readonly TimeSpan Sampling = TimeSpan.FromMilliseconds(300);

    // What ours says when a command never becomes Python (-t defaults to 100 ms).
    private const string NotPythonWithin = "is not a Python process (no Python runtime found within 100 ms)";

    // Errors ----------------------------------------------------------------------------------------------------------

    [Test]
    public void ACommandThatIsNotFoundIsNamedByOursWith127WhereTheCAustinSaysNoSuchProcessWith33()
    {
        const string Missing = "no-such-command-austin-differential";

        using (Assert.EnterMultipleScope())
        {
            AssertEnded(Sides.Run(Side.Ours, [Missing], RunTimeout), Side.Ours, 127, $"austin: command not found: {Missing}\n");
            AssertEnded(Sides.Run(Side.C, [Missing], RunTimeout), Side.C, 33, "No such process.\n");
        }
    }

    [Test]
    public void ACommandThatIsNotPythonIsRejectedAndEndedByOursWhereTheCAustinLeavesItRunning()
    {
        const string Seconds = "7.3151"; // an argument no other process has, to find the command by
        string[] arguments = ["sleep", Seconds];
        try
        {
            using (Assert.EnterMultipleScope())
            {
                (ProcessResult ours, bool oursLeft) = RunLeavingCommand(Side.Ours, arguments, () => ProcessProbe.WithArgument(Seconds));
                AssertEnded(ours, Side.Ours, 65, $"austin: 'sleep {Seconds}' {NotPythonWithin}\n");
                Assert.That(oursLeft, Is.False, "ours ends the command it launched");

                (ProcessResult theirs, bool theirsLeft) = RunLeavingCommand(Side.C, arguments, () => ProcessProbe.WithArgument(Seconds));
                AssertEnded(theirs, Side.C, 33, "Python binary not found. Not Python?\n");
                Assert.That(theirsLeft, Is.True, "the C austin leaves the command running");
            }
        }
        finally
        {
            foreach (int pid in ProcessProbe.WithArgument(Seconds))
                EndCommand(pid);
        }
    }

    [Test]
    public void APidWithNoProcessIsNamedByOursWith69WhereTheCAustinSaysNoSuchProcessWith36()
    {
        int pid = ProcessProbe.UnusedPid();
        string[] arguments = ["-p", Text(pid)];

        using (Assert.EnterMultipleScope())
        {
            AssertEnded(Sides.Run(Side.Ours, arguments, RunTimeout), Side.Ours, 69, $"austin: no process with PID {pid}\n");
            AssertEnded(Sides.Run(Side.C, arguments, RunTimeout), Side.C, 36, "No such process.\n");
        }
    }

    [TestCaseSource(typeof(CInterpreters), nameof(CInterpreters.NewestExact))]
    public void AFullOutputDeviceEndsOursWith74WhereTheCAustinLosesEverySampleAndExits0(Interpreter python)
    {
        string[] arguments = ["-i", "1000", "-o", "/dev/full", .. ChattyTarget.Command(python, seconds: 0.5, lines: 0)];

        using (Assert.EnterMultipleScope())
        {
            AssertEnded(Sides.Run(Side.Ours, arguments, RunTimeout), Side.Ours, 74, "austin: cannot write samples to /dev/full: No space left on device\n");
            ProcessResult theirs = Sides.Run(Side.C, arguments, RunTimeout);
            Assert.That(theirs.ExitCode, Is.Zero, () => $"the C austin: exit status\n{theirs.Describe()}");
            Assert.That(theirs.StandardError, Does.Match(CAustin.Statistics()), "the C austin's stderr: its statistics, as if all went well");
            Assert.That(theirs.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.5)), "the C austin samples the command to its end");
        }
    }

    [TestCaseSource(typeof(CInterpreters), nameof(CInterpreters.NewestExact))]
    public void DoubleDashEndsOursOptionsWhereTheCAustinTakesItForTheCommandAndFailsWith33(Interpreter python)
    {
        string[] arguments = ["-i", "1000", "--", .. ChattyTarget.Command(python, seconds: 0.3, lines: 0)];

        using (Assert.EnterMultipleScope())
        {
            ProcessResult ours = Sides.Run(Side.Ours, arguments, RunTimeout);
            Assert.That(ours.ExitCode, Is.Zero, () => $"ours: exit status\n{ours.Describe()}");
            ChattyTarget.AssertTalking("ours after --", ours.StandardOutput, "chatty-quiet");
            // The C austin forks a child that fails to run "--"; when it reads the child's maps before the child is
            // gone (seen in a run beside other builds), it says so first.
            ProcessResult theirs = Sides.Run(Side.C, arguments, RunTimeout);
            Assert.That(theirs.ExitCode, Is.EqualTo(33), () => $"the C austin: exit status\n{theirs.Describe()}");
            Assert.That(theirs.StandardError, Does.Match(@"\A(Failed to load memory maps\n)?No such process\.\n\z"), "the C austin: stderr");
            Assert.That(theirs.StandardOutput, Is.Empty, "the C austin: stdout");
        }
    }

    [TestCaseSource(typeof(CInterpreters), nameof(CInterpreters.NewestUnreadable))]
    public void OursSamplesPython311AndLaterWhereTheCAustinFindsNoInterpreterAndFailsWith33(Interpreter python)
    {
        string[] arguments = ["-i", "1000", .. ChattyTarget.Command(python, seconds: 0.5, lines: 0)];

        using (Assert.EnterMultipleScope())
        {
            ProcessResult ours = Sides.Run(Side.Ours, arguments, RunTimeout);
            Assert.That(ours.ExitCode, Is.Zero, () => $"ours: exit status\n{ours.Describe()}");
            ChattyTarget.AssertTalking($"ours on {python.Version}", ours.StandardOutput, "chatty-quiet");
            AssertEnded(Sides.Run(Side.C, arguments, RunTimeout), Side.C, 33, "Interpreter state search timed out\n");
        }
    }

    // Signals and a closed pipe ---------------------------------------------------------------------------------------

    [TestCaseSource(typeof(CInterpreters), nameof(CInterpreters.NewestExact))]
    public void SigintEndsBothWith0AndEverySampleButOnlyOursEndsTheCommandItLaunched(Interpreter python)
    {
        Signalled ours = LaunchThenSignal(Side.Ours, python, ProcessProbe.SIGINT);
        Signalled theirs = LaunchThenSignal(Side.C, python, ProcessProbe.SIGINT);

        using (Assert.EnterMultipleScope())
        {
            AssertEverySample(ours, "ours, SIGINT");
            Assert.That(ours.CommandLeftRunning, Is.False, "ours passes SIGINT on to its command, waits for it and reaps it");
            AssertEverySample(theirs, "the C austin, SIGINT");
            Assert.That(theirs.CommandLeftRunning, Is.True, "the C austin leaves its command running");
        }
    }

    [TestCaseSource(typeof(CInterpreters), nameof(CInterpreters.NewestExact))]
    public void SigtermEndsOursWith0AndEverySampleWhereItKillsTheCAustinAndLeavesTheCommandRunning(Interpreter python)
    {
        Signalled ours = LaunchThenSignal(Side.Ours, python, ProcessProbe.SIGTERM);
        Signalled theirs = LaunchThenSignal(Side.C, python, ProcessProbe.SIGTERM);

        using (Assert.EnterMultipleScope())
        {
            AssertEverySample(ours, "ours, SIGTERM");
            Assert.That(ours.CommandLeftRunning, Is.False, "ours passes SIGTERM on to its command, waits for it and reaps it");
            // SIGTERM's default action: no handler, no flush (what stdio held is lost), status 128 + 15.
            Assert.That(theirs.Result.ExitCode, Is.EqualTo(128 + ProcessProbe.SIGTERM), () => $"the C austin, SIGTERM: exit status\n{theirs.Result.Describe()}");
            Assert.That(theirs.CommandLeftRunning, Is.True, "the C austin leaves its command running");
        }
    }

    [TestCaseSource(typeof(CInterpreters), nameof(CInterpreters.NewestExact))]
    public void AClosedOutputPipeEndsOursQuietlyWith0WhereSigpipeKillsTheCAustinAndLeavesTheCommandRunning(Interpreter python)
    {
        ClosedPipe ours = RunAndCloseTheOutputAfterOneLine(Side.Ours, python);
        ClosedPipe theirs = RunAndCloseTheOutputAfterOneLine(Side.C, python);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ours.FirstLine, Does.StartWith("Thread "), "ours: the line read before closing the pipe");
            Assert.That(ours.ExitCode, Is.Zero, "ours: `austin ... | head -1` exits quietly with 0");
            Assert.That(ours.StandardError, Is.Empty, "ours' stderr");
            Assert.That(ours.CommandLeftRunning, Is.False, "ours ends the command it launched");

            Assert.That(theirs.FirstLine, Does.StartWith("Thread "), "the C austin: the line read before closing the pipe");
            Assert.That(theirs.ExitCode, Is.EqualTo(128 + SIGPIPE), "the C austin: killed by SIGPIPE");
            Assert.That(theirs.StandardError, Is.Empty, "the C austin's stderr");
            Assert.That(theirs.CommandLeftRunning, Is.True, "the C austin leaves its command running");
        }
    }

    // Helpers ---------------------------------------------------------------------------------------------------------

    private const int SIGPIPE = 13;

    private static void AssertEnded(ProcessResult result, Side side, int exitCode, string stderr)
    {
        string who = Sides.Name(side);
        Assert.That(result.ExitCode, Is.EqualTo(exitCode), () => $"{who}: exit status\n{result.Describe()}");
        Assert.That(result.StandardError, Is.EqualTo(stderr), $"{who}: stderr");
        Assert.That(result.StandardOutput, Is.Empty, $"{who}: stdout");
    }

    // Runs a sampler that launches a command, and tells whether the command outlived it; the command is killed then,
    // before the sampler's output is read, since the command holds the sampler's stderr open.
    private static (ProcessResult Result, bool CommandLeftRunning) RunLeavingCommand(Side side, IReadOnlyList<string> arguments, Func<IReadOnlyList<int>> commands)
    {
        using RunningProcess sampler = RunningProcess.Start(Sides.Command(side, arguments), Sides.Quiet);
        WaitUntilExited(Sides.Name(side), () => sampler.HasExited);
        IReadOnlyList<int> left = commands();
        foreach (int pid in left)
            EndCommand(pid);
        return (sampler.WaitForExit(RunTimeout), left.Count > 0);
    }

    /// <summary>A launched sampler after a signal: how it ended, and whether the command it launched outlived it.</summary>
    private sealed record Signalled(ProcessResult Result, bool CommandLeftRunning);

    // austin -i 1000 python signal_target.py: sampled a while once parked, then signalled.
    private static Signalled LaunchThenSignal(Side side, Interpreter python, int signal)
    {
        string oraclePath = Scratch.NewPath("signal.json");
        using RunningProcess sampler = RunningProcess.Start(
            Sides.Command(side, ["-i", "1000", .. SignalTarget.Command(python, oraclePath, seconds: 30)]), Sides.Quiet);
        ProcessProbe.WaitForFile(oraclePath, StartTimeout, () => ProcessProbe.Describe(sampler.Id));
        int command = Oracle.Load(oraclePath).Pid;
        try
        {
            Thread.Sleep(Sampling);
            ProcessProbe.Signal(sampler.Id, signal);
            // Not WaitForExit yet: a command left running holds the sampler's stderr open.
            WaitUntilExited(Sides.Name(side), () => sampler.HasExited);
            bool leftRunning = !ProcessProbe.WaitUntilGone(command, TimeSpan.FromSeconds(1));
            EndCommand(command);
            return new Signalled(sampler.WaitForExit(RunTimeout), leftRunning);
        }
        finally
        {
            EndCommand(command);
        }
    }

    // Exit 0, nothing on stderr but the command's words, every line a sample and the parked stack among them.
    private static void AssertEverySample(Signalled run, string who)
    {
        ProcessResult result = run.Result;
        Assert.That(result.ExitCode, Is.Zero, () => $"{who}: exit status\n{result.Describe()}");
        StandardError.HasNoStackTrace(result.StandardError);
        Assert.That(result.StandardOutput, Does.EndWith("\n"), $"{who}: the output ends with a whole line");
        IReadOnlyList<Sample> samples;
        try
        {
            samples = Collapsed.Parse(result.StandardOutput, CollapsedFormat.Normal);
        }
        catch (CollapsedFormatException e)
        {
            Assert.Fail($"{who}: {e.Message}");
            return;
        }
        Assert.That(samples.Any(sample => SignalTarget.ParkedStack().Matches(sample.Frames)), Is.True,
            () => $"{who}: no sample of the command parked in wait()\n{ProcessRunner.Head(result.StandardOutput, 5)}");
    }

    private sealed record ClosedPipe(string FirstLine, int ExitCode, string StandardError, bool CommandLeftRunning);

    // `austin -i 1000 python signal_target.py | head -1`: read one line of samples, close the pipe, wait for the sampler.
    // The sampler starts with SIGPIPE's default action, as a shell's pipeline has it: the test host ignores SIGPIPE,
    // and an ignored signal stays ignored across fork and exec.
    private static ClosedPipe RunAndCloseTheOutputAfterOneLine(Side side, Interpreter python)
    {
        string oraclePath = Scratch.NewPath("pipe.json");
        IReadOnlyList<string> command =
            ["env", "--default-signal=PIPE", .. Sides.Command(side, ["-i", "1000", .. SignalTarget.Command(python, oraclePath, seconds: 10)])];
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in command.Skip(1))
            info.ArgumentList.Add(argument);
        foreach ((string name, string? value) in Sides.Quiet)
        {
            if (value is null)
                info.Environment.Remove(name);
            else
                info.Environment[name] = value;
        }

        int? commandPid = null;
        using Process sampler = Process.Start(info)!;
        try
        {
            sampler.StandardInput.Close();
            Task<string> stderr = sampler.StandardError.ReadToEndAsync();
            Task<string?> firstLine = sampler.StandardOutput.ReadLineAsync();
            if (!firstLine.Wait(RunTimeout))
                Assert.Fail($"{Sides.Name(side)} printed no line of samples within {RunTimeout.TotalSeconds:F0} s");
            // The command is the sampler's child (env exec'd the sampler): take its PID before closing the pipe,
            // since ours ends the command at once, maybe before the command has written its oracle.
            commandPid = ChildOf(sampler.Id);
            sampler.StandardOutput.Close();
            WaitUntilExited(Sides.Name(side), () => sampler.HasExited);
            bool leftRunning = !ProcessProbe.WaitUntilGone(commandPid.Value, TimeSpan.FromSeconds(1));
            EndCommand(commandPid.Value); // it holds the sampler's stderr open
            stderr.Wait(RunTimeout);
            return new ClosedPipe(firstLine.Result ?? "", sampler.ExitCode, stderr.Result, leftRunning);
        }
        finally
        {
            if (!sampler.HasExited)
                sampler.Kill(entireProcessTree: true);
            if (commandPid is int pid)
                EndCommand(pid);
        }
    }

    /// <summary>The first child of <paramref name="pid"/>'s main thread, from /proc; fails the test when it has none.</summary>
    private static int ChildOf(int pid)
    {
        string children = File.ReadAllText($"/proc/{pid}/task/{pid}/children").Trim();
        if (children.Length == 0) Assert.Fail($"process {pid} has no child: the sampler did not launch its command");
        return int.Parse(children.Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static void WaitUntilExited(string who, Func<bool> hasExited)
    {
        var clock = Stopwatch.StartNew();
        while (!hasExited())
        {
            if (clock.Elapsed > RunTimeout)
                Assert.Fail($"{who} did not exit within {RunTimeout.TotalSeconds:F0} s");
            Thread.Sleep(20);
        }
    }

    // Kills a command a sampler left behind, if it is still there.
    private static void EndCommand(int pid)
    {
        if (!ProcessProbe.IsAlive(pid))
            return;
        try
        {
            using Process command = Process.GetProcessById(pid);
            command.Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // It went away by itself meanwhile.
        }
    }

    private static string Text(int number) => number.ToString(CultureInfo.InvariantCulture);
}
