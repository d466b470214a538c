// SPDX-License-Identifier: GPL-3.0-or-later
using System;
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
            : platform.Launch(options.Command, discardStandardOutput: options.OutputFile is null && options.Live == LiveView.None,
                detachFromTerminal: options.Live == LiveView.Tui);
        return new TargetLifecycle(platform, options, process);
    }

    /// <summary>Waits for the Python runtime to become readable (see <see cref="StartupWait"/> for how long).</summary>
    /// <exception cref="AustinException">Not Python, not ready in time, gone, or interrupted.</exception>
    public PythonProcess WaitForPython(StopFlag stop)
    {
        var wait = new StartupWait(Process, _clock, _options.TimeoutMs);
        while (true)
        {
            StartupOutcome outcome = wait.Look(out PythonProcess? python);
            if (outcome == StartupOutcome.Ready) return python!;
            if (outcome == StartupOutcome.Exited) throw Exited();
            if (stop.Requested) throw Interrupted();
            if (outcome != StartupOutcome.Waiting) throw NotPython(wait, children: false);
            Thread.Sleep(1);
        }
    }

    /// <summary>
    /// -C: waits until the target or one of its descendants has a readable Python runtime (each in its own start-up
    /// wait, see <see cref="Descendants"/>): a shell that runs Python programs is not Python itself, its children are.
    /// Fails when the target's own wait has ended (it exited, or is not Python) and no descendant is starting.
    /// </summary>
    /// <exception cref="AustinException">No Python in sight, or interrupted.</exception>
    public void WaitForPython(Descendants descendants, TargetSet targets, StopFlag stop)
    {
        while (true)
        {
            descendants.Scan(_clock.NowNs(), targets);
            if (targets.Count > 0) return;
            if (stop.Requested) throw Interrupted();
            if (!descendants.AnyStarting)
            {
                AustinException e = descendants.RootOutcome is StartupOutcome.NotPython or StartupOutcome.NotReady
                    ? NotPython(descendants.RootWait, children: true)
                    : Exited();
                throw descendants.LastRefusal is { } refusal ? new AustinException(e.ExitCode, $"{e.Message}; {refusal}") : e;
            }
            Thread.Sleep(1);
        }
    }

    /// <summary>The error when the target exited before a Python runtime could be found in it (or, with -C, in its descendants).</summary>
    public AustinException Exited() => new(ExitCodes.NoProcess, Launched
        ? "the command exited before its Python runtime could be found"
        : $"process {Process.Pid} exited");

    /// <summary>The error when a stop signal came before sampling started.</summary>
    public static AustinException Interrupted() => new(ExitCodes.Failure, "interrupted before sampling started");

    /// <summary>The error when the target's wait ended without a Python runtime (with -C: in it or any descendant).</summary>
    public AustinException NotPython(StartupWait wait, bool children)
    {
        string what = _options.Pid is int pid ? $"process {pid}" : $"'{string.Join(' ', _options.Command)}'";
        return wait.Status == PythonStartup.NoPython
            ? new AustinException(ExitCodes.DataError, children
                ? $"{what} is not a Python process and started none (no Python runtime found within {_options.TimeoutMs} ms)"
                : $"{what} is not a Python process (no Python runtime found within {_options.TimeoutMs} ms)")
            : new AustinException(ExitCodes.DataError, $"the Python interpreter of {what} was not ready within {wait.BudgetMs} ms (try a longer -t)");
    }

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
