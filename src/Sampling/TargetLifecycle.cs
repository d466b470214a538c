// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.IO;
using System.Threading;
using Austin.Diagnostics;
using Austin.Platform;
using Austin.Python;

namespace Austin.Sampling;

/// <summary>
/// The life of the process austin was pointed at: launched or attached to, waited for until its Python runtime is
/// readable, told of stop signals (when launched), and at the end waited for, ended and reaped (when launched).
/// </summary>
internal sealed class TargetLifecycle : IDisposable
{
    /// <summary>
    /// Shells and env run before the interpreter when the command is a script, a pyenv shim or
    /// `/usr/bin/env python3`; they may take longer than -t (pyenv runs several bash scripts first).
    /// </summary>
    private const long WrapperBudgetNs = 5_000_000_000;

    /// <summary>A Python that is loading or initialising gets this long, whatever -t says (a loaded machine is slow).</summary>
    private const long InitialisationBudgetNs = 5_000_000_000;

    private readonly IClock _clock;
    private readonly AustinOptions _options;
    private bool _toldToStop;

    private TargetLifecycle(IClock clock, AustinOptions options, ITargetProcess process)
    {
        _clock = clock;
        _options = options;
        Process = process;
    }

    public ITargetProcess Process { get; }

    /// <summary>Whether austin started the process (and so answers for it).</summary>
    public bool Launched => _options.Pid is null;

    /// <summary>The lifecycle of a process already started or opened (tests give a fake one and a fake clock).</summary>
    internal static TargetLifecycle Of(IClock clock, AustinOptions options, ITargetProcess process) => new(clock, options, process);

    /// <summary>Launches the command, or attaches to the PID, of <paramref name="options"/>.</summary>
    /// <exception cref="AustinException">The command cannot be run, or the process cannot be read.</exception>
    public static TargetLifecycle Start(IPlatform platform, AustinOptions options)
    {
        ITargetProcess process = options.Pid is int pid
            ? platform.Attach(pid)
            : platform.Launch(options.Command, discardStandardOutput: options.OutputFile is null);
        return new TargetLifecycle(platform, options, process);
    }

    /// <summary>
    /// Waits for the Python runtime to become readable. -t bounds the search for a Python runtime, counted from
    /// the last exec (wrappers such as pyenv shims and /usr/bin/env exec the interpreter later, and get longer).
    /// Once the program is known to be Python (its executable calls the Python API, or a runtime is mapped) it is
    /// given the time it needs to initialise, however short -t is: `-t 1` must not fail on a Python that is starting.
    /// </summary>
    /// <exception cref="AustinException">Not Python, not ready in time, gone, or interrupted.</exception>
    public PythonProcess WaitForPython(StopFlag stop)
    {
        string? image = Process.ExecutablePath;
        long since = _clock.NowNs();
        // Whether austin may read the process depends on the image it runs: checked again after each exec only.
        Process.CheckReadable();
        PythonStartup status = PythonStartup.NoPython, seen = status;
        while (true)
        {
            if (Process.HasExited)
                throw new AustinException(ExitCodes.NoProcess, Launched
                    ? "the command exited before its Python runtime could be found"
                    : $"process {Process.Pid} exited");
            status = PythonProcess.TryLocate(Process, out PythonProcess? python);
            if (status == PythonStartup.Ready && python is not null) return python;
            if (stop.Requested) throw new AustinException(ExitCodes.Failure, "interrupted before sampling started");

            string? now = Process.ExecutablePath;
            if (now != image)
            {
                (image, since, seen) = (now, _clock.NowNs(), PythonStartup.NoPython);
                Process.CheckReadable();
            }
            else if (status != seen)
            {
                (since, seen) = (_clock.NowNs(), status);   // a step forward: the wait for the next one starts now
            }
            if (_clock.NowNs() - since > BudgetNs(status, image)) break;
            Thread.Sleep(1);
        }
        string what = _options.Pid is int pid ? $"process {pid}" : $"'{string.Join(' ', _options.Command)}'";
        throw status == PythonStartup.NoPython
            ? new AustinException(ExitCodes.DataError, $"{what} is not a Python process (no Python runtime found within {_options.TimeoutMs} ms)")
            : new AustinException(ExitCodes.DataError, $"the Python interpreter of {what} was not ready within {BudgetNs(status, image) / 1_000_000} ms (try a longer -t)");
    }

    /// <summary>
    /// How long the start-up may stay at <paramref name="status"/>: -t while no Python is seen (at least
    /// <see cref="WrapperBudgetNs"/> while a shell or env runs first), at least <see cref="InitialisationBudgetNs"/>
    /// once the program is known to be Python.
    /// </summary>
    private long BudgetNs(PythonStartup status, string? image)
    {
        long timeoutNs = _options.TimeoutMs > long.MaxValue / 2_000_000 ? long.MaxValue / 2 : _options.TimeoutMs * 1_000_000;
        if (status is PythonStartup.Loading or PythonStartup.Initialising) return Math.Max(timeoutNs, InitialisationBudgetNs);
        return Math.Max(timeoutNs, IsWrapper(image) ? WrapperBudgetNs : 0);
    }

    private static bool IsWrapper(string? image) => Path.GetFileName(image) is "sh" or "bash" or "dash" or "zsh" or "ksh" or "env" or "fish";

    /// <summary>A stop signal austin got goes to the program it launched too (`timeout -s INT 10 austin python3 app.py`).</summary>
    public void Forward(StopSignal signal)
    {
        if (Launched) Process.Forward(signal);
    }

    /// <summary>
    /// -x's time is up. An attached process is left alone (austin detaches). A launched program is sent SIGTERM, as
    /// the C austin 3.7 sends it, and <see cref="Finish"/> then waits for it like for a program told to stop by a
    /// signal (3.7 waits for as long as it takes; austin ends one still running after 5 s).
    /// </summary>
    public void EndExposure()
    {
        if (!Launched) return;
        Process.Forward(StopSignal.Terminate);
        _toldToStop = true;
    }

    /// <summary>
    /// After sampling: a launched program that was told to stop (a signal austin passed on, or -x's end) gets time
    /// to finish, then is ended; one that exited is reaped (the exit may take a moment to be seen); one that exec'd
    /// away from Python is left running.
    /// </summary>
    public void Finish(StopFlag stop)
    {
        if (!Launched) return;
        if ((stop.Requested || _toldToStop) && !Process.WaitForExit(5000)) Process.Terminate();
        if (Process.WaitForExit(200) || Process.ExecutablePath is null)
            Log.Info($"the command exited with status {Process.ExitCode?.ToString() ?? "unknown"}");
        else
            Log.Info($"the command exec'd into {Process.ExecutablePath}, which is left running");
    }

    /// <summary>Ends a launched program that austin cannot go on profiling: it does not outlive austin.</summary>
    public void Abandon()
    {
        if (Launched) Process.Terminate();
    }

    public void Dispose() => Process.Dispose();
}
