// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;

namespace Austin.Tests.Support;

/// <summary>How a process ended, with everything it wrote.</summary>
/// <param name="Command">The argument vector, program first.</param>
/// <param name="ExitCode">The exit status (128 + N when a signal N killed it, as .NET reports it on Unix).</param>
/// <param name="StandardOutput">All of standard output, decoded as UTF-8.</param>
/// <param name="StandardError">All of standard error, decoded as UTF-8.</param>
/// <param name="Elapsed">From start to exit.</param>
public sealed record ProcessResult(IReadOnlyList<string> Command, int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
{
    /// <summary>The command, its exit status, and the ends of its outputs: the text a failure message needs.</summary>
    public string Describe() =>
        $"{ProcessRunner.Quote(Command)} exited with {ExitCode} after {Elapsed.TotalSeconds:F1}s\n" +
        $"--- stderr (end) ---\n{ProcessRunner.Tail(StandardError)}\n" +
        $"--- stdout (start) ---\n{ProcessRunner.Head(StandardOutput)}";
}

/// <summary>Runs processes with a deadline and captures their output completely.</summary>
public static class ProcessRunner
{
    /// <summary>How long a killed process tree gets to go away, and its pipes to close, before we give up on it.</summary>
    internal static readonly TimeSpan ReapTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Runs <paramref name="command"/> to completion. On timeout, kills the whole process tree and throws a
    /// <see cref="TimeoutException"/> that shows what the process had written so far.
    /// </summary>
    /// <param name="command">Program, then arguments; the program is searched on PATH like a shell would.</param>
    /// <param name="timeout">How long it may run.</param>
    /// <param name="environment">Variables to set; a null value removes the variable. Everything else is inherited.</param>
    /// <param name="workingDirectory">Null to inherit ours.</param>
    /// <param name="closeStdin">Give the process an already closed standard input (it reads end-of-file at once)
    /// instead of the test host's.</param>
    public static ProcessResult Run(
        IReadOnlyList<string> command,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null,
        bool closeStdin = true)
    {
        using RunningProcess process = RunningProcess.Start(command, environment, workingDirectory, closeStdin);
        return process.WaitForExit(timeout);
    }

    /// <summary>Renders an argument vector the way a shell user would type it, for messages.</summary>
    public static string Quote(IEnumerable<string> command) =>
        string.Join(' ', command.Select(argument =>
            argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c))
                ? argument
                : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));

    /// <summary>The first lines of a long text, for messages.</summary>
    public static string Head(string text, int lines = 20, int characters = 4000)
    {
        string head = string.Join('\n', text.Split('\n').Take(lines));
        if (head.Length > characters)
            head = head[..characters];
        return head.Length < text.Length ? head + "\n[... " + (text.Length - head.Length) + " more characters]" : head;
    }

    /// <summary>The last lines of a long text, for messages.</summary>
    public static string Tail(string text, int lines = 30, int characters = 4000)
    {
        string[] all = text.Split('\n');
        string tail = string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
        if (tail.Length > characters)
            tail = tail[^characters..];
        return tail.Length < text.Length ? "[" + (text.Length - tail.Length) + " characters before ...]\n" + tail : tail;
    }

    internal static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        catch (Win32Exception)
        {
            // A child we may not signal; the rest of the tree is gone, and the reap below is bounded.
        }
        process.WaitForExit((int)ReapTimeout.TotalMilliseconds);
    }
}

/// <summary>
/// A process started by a test: output captured from the first byte, a way to wait for a line such as
/// <c>ready</c>, and a teardown that kills and reaps the whole tree if it is still running.
/// </summary>
public sealed class RunningProcess : IDisposable
{
    private static readonly TimeSpan ReapTimeout = ProcessRunner.ReapTimeout;

    private readonly Process _process;
    private readonly IReadOnlyList<string> _command;
    private readonly Stopwatch _clock;
    private readonly Capture _stdout;
    private readonly Capture _stderr;
    private TimeSpan? _elapsed;

    private RunningProcess(Process process, IReadOnlyList<string> command, Stopwatch clock)
    {
        _process = process;
        _command = command;
        _clock = clock;
        _stdout = new Capture(process.StandardOutput);
        _stderr = new Capture(process.StandardError);
    }

    /// <summary>The process id, e.g. for <c>austin -p</c>.</summary>
    public int Id => _process.Id;

    /// <summary>True once the process has exited (and been reaped).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The argument vector it was started with.</summary>
    public IReadOnlyList<string> Command => _command;

    /// <summary>What it has written on standard error so far.</summary>
    public string StandardErrorText => _stderr.Text;

    /// <summary>Starts <paramref name="command"/>; see <see cref="ProcessRunner.Run"/> for the parameters.</summary>
    public static RunningProcess Start(
        IReadOnlyList<string> command,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null,
        bool closeStdin = true)
    {
        ArgumentOutOfRangeException.ThrowIfZero(command.Count);
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = closeStdin,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
            UseShellExecute = false,
        };
        foreach (string argument in command.Skip(1))
            info.ArgumentList.Add(argument);
        if (workingDirectory is not null)
            info.WorkingDirectory = workingDirectory;
        if (environment is not null)
        {
            foreach ((string name, string? value) in environment)
            {
                if (value is null)
                    info.Environment.Remove(name);
                else
                    info.Environment[name] = value;
            }
        }

        var clock = Stopwatch.StartNew();
        Process process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {ProcessRunner.Quote(command)}");
        if (closeStdin)
            process.StandardInput.Close();
        return new RunningProcess(process, command, clock);
    }

    /// <summary>
    /// Waits until standard output has a complete line equal to <paramref name="line"/> (e.g. <c>ready</c>) and
    /// returns. Throws, showing the output so far, if the process exits first or the time runs out.
    /// </summary>
    public void WaitForLine(string line, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            TimeSpan left = timeout - deadline.Elapsed;
            switch (_stdout.WaitForLine(line, left > TimeSpan.Zero ? left : TimeSpan.Zero))
            {
                case Capture.LineWait.Found:
                    return;
                case Capture.LineWait.Closed:
                    _process.WaitForExit((int)ReapTimeout.TotalMilliseconds);
                    throw new InvalidOperationException(
                        $"{ProcessRunner.Quote(_command)} closed its output without printing '{line}'" +
                        (_process.HasExited ? $" (exit status {_process.ExitCode})" : "") +
                        $"\n--- stderr ---\n{ProcessRunner.Tail(_stderr.Text)}\n--- stdout ---\n{ProcessRunner.Head(_stdout.Text)}");
                case Capture.LineWait.TimedOut:
                    throw new TimeoutException(
                        $"{ProcessRunner.Quote(_command)} did not print '{line}' within {timeout.TotalSeconds:F0}s" +
                        $"\n--- stderr ---\n{ProcessRunner.Tail(_stderr.Text)}\n--- stdout ---\n{ProcessRunner.Head(_stdout.Text)}");
            }
        }
    }

    /// <summary>
    /// Waits for the process to exit and for its output to end. On timeout kills the whole tree and throws a
    /// <see cref="TimeoutException"/> with the output so far.
    /// </summary>
    public ProcessResult WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit((int)Math.Min(int.MaxValue, timeout.TotalMilliseconds)))
        {
            ProcessRunner.KillTree(_process);
            _stdout.Finish(ReapTimeout);
            _stderr.Finish(ReapTimeout);
            throw new TimeoutException(
                $"{ProcessRunner.Quote(_command)} did not finish within {timeout.TotalSeconds:F0}s; killed it and its children" +
                $"\n--- stderr (end) ---\n{ProcessRunner.Tail(_stderr.Text)}\n--- stdout (end) ---\n{ProcessRunner.Tail(_stdout.Text)}");
        }
        _elapsed ??= _clock.Elapsed;
        // The pipes close when the last holder exits; a grandchild that outlives the process could hold
        // them open, so the wait is bounded.
        bool complete = _stdout.Finish(ReapTimeout) & _stderr.Finish(ReapTimeout);
        if (!complete)
        {
            throw new TimeoutException(
                $"{ProcessRunner.Quote(_command)} exited with {_process.ExitCode}, but something it started still " +
                $"holds its output open after {ReapTimeout.TotalSeconds:F0}s\n--- stderr (end) ---\n{ProcessRunner.Tail(_stderr.Text)}");
        }
        return new ProcessResult(_command, _process.ExitCode, _stdout.Text, _stderr.Text, _elapsed.Value);
    }

    /// <summary>Kills the tree if it still runs, and reaps it; teardown never throws.</summary>
    public void Dispose()
    {
        ProcessRunner.KillTree(_process);
        _stdout.Finish(ReapTimeout);
        _stderr.Finish(ReapTimeout);
        _process.Dispose();
    }

    // Reads one stream to its end in the background, keeping every character, so that neither pipe can fill
    // up and block the child (the classic deadlock of reading one stream to the end before the other). Each
    // reader has a thread of its own: it blocks in read() for the whole life of the process, and two dozen
    // processes at once (the differential tests attach twenty samplers) would starve the thread pool of two
    // cores, delaying every other task, such as the next process's capture, by seconds.
    private sealed class Capture
    {
        public enum LineWait { Found, Closed, TimedOut }

        private readonly StringBuilder _text = new();
        private readonly Task _reader;
        private bool _closed;
        private int _scanned; // start of the first line not yet compared by WaitForLine

        public Capture(StreamReader stream) =>
            _reader = Task.Factory.StartNew(() => Pump(stream), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        public string Text
        {
            get
            {
                lock (_text)
                    return _text.ToString();
            }
        }

        public LineWait WaitForLine(string line, TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            lock (_text)
            {
                while (true)
                {
                    for (int end = IndexOfNewline(_scanned); end >= 0; end = IndexOfNewline(_scanned))
                    {
                        string candidate = _text.ToString(_scanned, end - _scanned);
                        _scanned = end + 1;
                        if (candidate == line)
                            return LineWait.Found;
                    }
                    if (_closed)
                        return LineWait.Closed;
                    TimeSpan left = timeout - clock.Elapsed;
                    if (left <= TimeSpan.Zero)
                        return LineWait.TimedOut;
                    Monitor.Wait(_text, left);
                }
            }
        }

        public bool Finish(TimeSpan timeout)
        {
            try
            {
                return _reader.Wait(timeout);
            }
            catch (AggregateException)
            {
                return true; // the pipe broke: what was read is all there is
            }
        }

        private int IndexOfNewline(int from)
        {
            for (int i = from; i < _text.Length; i++)
            {
                if (_text[i] == '\n')
                    return i;
            }
            return -1;
        }

        private void Pump(StreamReader stream)
        {
            char[] buffer = new char[64 * 1024];
            try
            {
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    lock (_text)
                    {
                        _text.Append(buffer, 0, read);
                        Monitor.PulseAll(_text);
                    }
                }
            }
            finally
            {
                lock (_text)
                {
                    _closed = true;
                    Monitor.PulseAll(_text);
                }
            }
        }
    }
}

/// <summary>The austin binary under test.</summary>
public static class AustinBinary
{
    /// <summary>The variable that names the binary; <c>./build.sh test</c> sets it.</summary>
    public const string Variable = "AUSTIN_BIN";

    /// <summary>
    /// <c>$AUSTIN_BIN</c>, else <c>&lt;repository&gt;/dist/&lt;rid&gt;/austin</c>. Fails the test, saying how to get
    /// one, when the file is missing.
    /// </summary>
    public static string Path
    {
        get
        {
            string? configured = Environment.GetEnvironmentVariable(Variable);
            string path = !string.IsNullOrEmpty(configured) ? configured : DefaultPath();
            if (!File.Exists(path))
            {
                Assert.Fail(!string.IsNullOrEmpty(configured)
                    ? $"{Variable} names {path}, which does not exist"
                    : $"the austin binary is missing: {path} (run ./build.sh, or set {Variable} to the binary to test)");
            }
            return path;
        }
    }

    /// <summary>Runs austin with <paramref name="arguments"/>; see <see cref="ProcessRunner.Run"/>.</summary>
    public static ProcessResult Run(IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null) =>
        ProcessRunner.Run([Path, .. arguments], timeout, environment);

    private static string DefaultPath()
    {
        // The repository is the first ancestor of the test assembly that holds austin.csproj.
        string? directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory, "austin.csproj")))
            directory = System.IO.Path.GetDirectoryName(directory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
        if (directory is null)
            Assert.Fail($"cannot find the repository (no austin.csproj above {AppContext.BaseDirectory}); set {Variable}");
        string binary = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "austin.exe" : "austin";
        return System.IO.Path.Combine(directory!, "dist", RuntimeIdentifier(), binary);
    }

    // The same names as build.sh's host_rid.
    private static string RuntimeIdentifier()
    {
        string os = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "win"
            : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "osx"
            : "linux";
        string arch = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "x64";
        return $"{os}-{arch}";
    }
}
