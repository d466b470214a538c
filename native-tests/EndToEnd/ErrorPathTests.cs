// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using System.Threading.Tasks;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd;

/// <summary>
/// Every failure a user can cause (spec §5): one line <c>austin: &lt;what&gt;</c> on stderr, a distinct exit status,
/// nothing on stdout, no .NET stack trace, and no child left behind. Austin's own code decides these, not the
/// interpreter's, so one interpreter (the newest) is enough where Python is needed at all.
/// </summary>
[TestFixture]
[SupportedOSPlatform("linux")] // /proc, signals, file modes, /dev/full
public sealed class ErrorPathTests : EndToEndFixture
{

    // What austin prints when it gives up on a command that never becomes Python (-t defaults to 100 ms).
    private const string NotPythonWithin = "is not a Python process (no Python runtime found within 100 ms)";

    private static IReadOnlyDictionary<string, string?> Quiet { get; } = PythonEnvironment.With((AustinLog.SwitchVariable, "off"));

    [Test]
    public void ACommandThatIsNotFoundExitsWith127()
    {
        ProcessResult result = AustinBinary.Run(["no-such-command-austin-e2e"], RunTimeout, Quiet);

        AssertFailure(result, 127, "austin: command not found: no-such-command-austin-e2e\n");
    }

    [Test]
    public void AnEmptyCommandNameIsNotFoundRatherThanAnInternalError()
    {
        ProcessResult result = AustinBinary.Run([""], RunTimeout, Quiet);

        // What a shell says for '': command not found, 127.
        AssertFailure(result, 127, "austin: command not found: ''\n");
    }

    [Test]
    public void AFileWithoutTheExecuteBitCannotBeExecutedAndExitsWith126()
    {
        string script = Path.Combine(Scratch, "not-executable.py");
        File.WriteAllText(script, "print('never runs')\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        ProcessResult result = AustinBinary.Run([script], RunTimeout, Quiet);

        AssertFailure(result, 126, $"austin: cannot execute {script}: permission denied\n");
    }

    [Test]
    public void ACommandThatIsNotPythonIsRejectedWith65AndTerminated()
    {
        const string Seconds = "7.3141"; // an argument no other process has, to find the child by
        ProcessResult result = AustinBinary.Run(["sleep", Seconds], RunTimeout, Quiet);

        AssertFailure(result, 65, $"austin: 'sleep {Seconds}' {NotPythonWithin}\n");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)), "austin must give up after its start-up timeout, not wait for the command");
            Assert.That(ProcessProbe.WithArgument(Seconds), Is.Empty, "processes still running 'sleep 7.3141': austin must terminate the command it launched");
        }
    }

    [Test]
    public void AShellCommandThatIsNotPythonIsRejectedWith65AndTerminated()
    {
        const string Seconds = "7.3142";
        ProcessResult result = AustinBinary.Run(["bash", "-c", "sleep " + Seconds], RunTimeout, Quiet);

        AssertFailure(result, 65, $"austin: 'bash -c sleep {Seconds}' {NotPythonWithin}\n");
        using (Assert.EnterMultipleScope())
        {
            // A shell or env image may be waited for up to 5 s, since it may still exec Python.
            Assert.That(result.Elapsed, Is.LessThan(TimeSpan.FromSeconds(6.5)), "austin waited for the command instead of giving up");
            Assert.That(ProcessProbe.WithArgument(Seconds), Is.Empty, "processes still running 'sleep 7.3142': austin must terminate the command it launched");
        }
    }

    [TestCaseSource(typeof(InterpreterChoice), nameof(InterpreterChoice.Newest))]
    public void AShellThatExecsPythonAfterHalfASecondIsWaitedFor(Interpreter python)
    {
        string oraclePath = Path.Combine(Scratch, Guid.NewGuid().ToString("N") + ".json");
        string command = "sleep 0.5; exec " + ProcessRunner.Quote([python.Path, .. TinyTarget.Arguments(oraclePath, 0.5, "stderr")]);
        AustinRun run = AustinRun.Start(["-i", "1000", "bash", "-c", command], CollapsedFormat.Normal, RunTimeout, Quiet, oraclePath);

        IReadOnlyList<Sample> samples = run.RequireSamples();
        Oracle oracle = run.RequireOracle();
        SampleAssertions.StackSeen(samples, "main", oracle.ThreadOf("main"), TinyTarget.ParkedStack());
    }

    [Test]
    public void APidWithNoProcessExitsWith69()
    {
        int pid = ProcessProbe.UnusedPid();

        ProcessResult result = AustinBinary.Run(["-p", Text(pid)], RunTimeout, Quiet);

        AssertFailure(result, 69, $"austin: no process with PID {pid}\n");
    }

    [Test]
    public void APidThatIsNotPythonExitsWith65AndTheProcessRunsOn()
    {
        using RunningProcess sleeper = RunningProcess.Start(["sleep", "30"]);

        ProcessResult result = AustinBinary.Run(["-p", Text(sleeper.Id)], RunTimeout, Quiet);

        AssertFailure(result, 65, $"austin: process {sleeper.Id} {NotPythonWithin}\n");
        Assert.That(ProcessProbe.IsAlive(sleeper.Id), Is.True, () => "austin -p must never stop or kill its target: " + ProcessProbe.Describe(sleeper.Id));
    }

    [TestCaseSource(typeof(InterpreterChoice), nameof(InterpreterChoice.Newest))]
    public void AttachingWithoutPermissionSaysWhatIsNeededAndExitsWith77(Interpreter python)
    {
        if (Environment.UserName != "root")
            Assert.Ignore("needs root: the test runs austin as nobody against a process of root");
        string oraclePath = Path.Combine(Scratch, Guid.NewGuid().ToString("N") + ".json");
        using RunningProcess target = RunningProcess.Start([python.Path, .. TinyTarget.Arguments(oraclePath, 30, "stdout")], PythonEnvironment.Clean);
        target.WaitForLine("ready", ReadyTimeout);

        ProcessResult result;
        try
        {
            result = ProcessRunner.Run(
                ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", AustinBinary.Path, "-p", Text(target.Id)], RunTimeout, Quiet);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Ignore($"setpriv cannot be run here: {e.Message}");
            return;
        }
        if (result.StandardError.StartsWith("setpriv:", StringComparison.Ordinal))
            Assert.Ignore($"setpriv cannot run austin as nobody here: {result.StandardError.Trim()}");

        AssertFailure(result, 77,
            $"austin: permission denied reading process {target.Id}: run austin as root (or with CAP_SYS_PTRACE), " +
            "or as the process's user with kernel.yama.ptrace_scope set to 0\n");
        Assert.That(ProcessProbe.IsAlive(target.Id), Is.True, () => "the target must be untouched: " + ProcessProbe.Describe(target.Id));
    }

    [TestCaseSource(typeof(InterpreterChoice), nameof(InterpreterChoice.Newest))]
    public void AnOutputFileInAMissingDirectoryExitsWith73BeforeTheCommandRuns(Interpreter python)
    {
        string output = Path.Combine(Scratch, "missing", "samples.txt");
        string marker = Path.Combine(Scratch, "the-command-ran");

        ProcessResult result = AustinBinary.Run(
            ["-o", output, python.Path, "-c", $"open({PythonString(marker)}, 'w').close()"], RunTimeout, Quiet);

        AssertFailure(result, 73, $"austin: cannot write the output file {output}: no such directory\n");
        Assert.That(File.Exists(marker), Is.False, "austin started the command although it had nowhere to write its samples");
    }

    [TestCaseSource(typeof(InterpreterChoice), nameof(InterpreterChoice.Newest))]
    public void AFullOutputDeviceExitsWith74AndTerminatesTheCommand(Interpreter python)
    {
        string oraclePath = Path.Combine(Scratch, Guid.NewGuid().ToString("N") + ".json");

        ProcessResult result = AustinBinary.Run(
            ["-i", "200", "-o", "/dev/full", .. SignalTarget.Command(python, oraclePath, seconds: 30)],
            RunTimeout, Quiet);

        AssertFailure(result, 74, "austin: cannot write samples to /dev/full: No space left on device\n");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)), "austin must stop at the first failed write, not sample the command to its end");
            Assert.That(ProcessProbe.WithArgument(oraclePath), Is.Empty, "the command austin launched is still running");
        }
    }

    [TestCaseSource(typeof(InterpreterChoice), nameof(InterpreterChoice.Newest))]
    public void AnOutputPipeClosedEarlyEndsAustinQuietlyWithStatusZero(Interpreter python)
    {
        string oraclePath = Path.Combine(Scratch, Guid.NewGuid().ToString("N") + ".json");

        ClosedPipeRun run = RunAndCloseTheOutputAfterOneLine(
            ["-i", "1000", .. SignalTarget.Command(python, oraclePath, seconds: 1.5)]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.FirstLine, Does.StartWith("Thread "), "the line read before closing the pipe");
            Assert.That(run.ExitCode, Is.Zero, "`austin ... | head -1` must exit quietly, with status 0");
            Assert.That(run.StandardError, Is.Empty, "`austin ... | head -1` must print nothing on stderr");
        }
    }

    [TestCaseSource(typeof(InterpreterChoice), nameof(InterpreterChoice.Newest))]
    public void AnOutputPipeClosedEarlyTerminatesTheLaunchedCommandPromptly(Interpreter python)
    {
        string oraclePath = Path.Combine(Scratch, Guid.NewGuid().ToString("N") + ".json");

        ClosedPipeRun run = RunAndCloseTheOutputAfterOneLine(
            ["-i", "1000", .. SignalTarget.Command(python, oraclePath, seconds: 10)]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.Zero);
            Assert.That(run.AfterClose, Is.LessThan(TimeSpan.FromSeconds(5)), "austin kept running after its reader had gone");
            Assert.That(ProcessProbe.WithArgument(oraclePath), Is.Empty, "the command austin launched is still running");
        }
    }

    private sealed record ClosedPipeRun(string FirstLine, int ExitCode, string StandardError, TimeSpan AfterClose);

    // `austin ... | head -1`: read one line of samples, close the read end of the pipe, wait for austin.
    private static ClosedPipeRun RunAndCloseTheOutputAfterOneLine(IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(AustinBinary.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
            info.ArgumentList.Add(argument);
        foreach ((string name, string? value) in Quiet)
        {
            if (value is null)
                info.Environment.Remove(name);
            else
                info.Environment[name] = value;
        }

        using Process austin = Process.Start(info)!;
        try
        {
            austin.StandardInput.Close();
            Task<string> stderr = austin.StandardError.ReadToEndAsync();
            Task<string?> firstLine = austin.StandardOutput.ReadLineAsync();
            if (!firstLine.Wait(RunTimeout))
                Assert.Fail("austin printed no line of samples within 20 s");
            austin.StandardOutput.Close();
            var afterClose = Stopwatch.StartNew();
            if (!austin.WaitForExit((int)RunTimeout.TotalMilliseconds))
                Assert.Fail($"austin did not exit within {RunTimeout.TotalSeconds:F0}s of its output pipe being closed");
            TimeSpan elapsed = afterClose.Elapsed;
            stderr.Wait(RunTimeout);
            return new ClosedPipeRun(firstLine.Result ?? "", austin.ExitCode, stderr.Result, elapsed);
        }
        finally
        {
            if (!austin.HasExited)
                austin.Kill(entireProcessTree: true);
        }
    }

    // The one line, the exit status, nothing on stdout, no stack trace.
    private static void AssertFailure(ProcessResult result, int exitCode, string stderr)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(exitCode), result.Describe);
            Assert.That(result.StandardError, Is.EqualTo(stderr), "austin's stderr");
            Assert.That(result.StandardOutput, Is.Empty, "austin's stdout: no samples were taken");
            StandardError.HasNoStackTrace(result.StandardError);
        }
    }

    private static string Text(int number) => number.ToString(CultureInfo.InvariantCulture);

    private static string PythonString(string text) => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
}

/// <summary>signal_target.py: parks its main thread in wait(), optionally deaf to SIGINT and SIGTERM.</summary>
public static class SignalTarget
{
    public const string Script = "signal_target.py";

    /// <summary>The interpreter and arguments that run the target for <paramref name="seconds"/>.</summary>
    public static IReadOnlyList<string> Command(Interpreter python, string oraclePath, double seconds, bool ignoreSignals = false) =>
    [
        python.Path, Targets.PathOf(Script),
        "--oracle", oraclePath,
        "--seconds", seconds.ToString(CultureInfo.InvariantCulture),
        .. ignoreSignals ? new[] { "--ignore" } : [],
    ];

    /// <summary>The main thread's stack while it waits.</summary>
    public static StackPattern ParkedStack()
    {
        string path = Targets.PathOf(Script);
        return StackPattern.Empty.Then(
            new Frame("<module>", path, Targets.Line(Script, "signal-module")),
            new Frame("wait", path, Targets.Line(Script, "signal-wait")));
    }
}
