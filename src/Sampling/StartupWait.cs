// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.IO;
using Austin.Platform;
using Austin.Python;

namespace Austin.Sampling;

/// <summary>Where the wait for a process's Python runtime stands after a look.</summary>
internal enum StartupOutcome
{
    /// <summary>Not yet: look again later.</summary>
    Waiting,
    /// <summary>The runtime is readable: sampling can start.</summary>
    Ready,
    /// <summary>The process has exited.</summary>
    Exited,
    /// <summary>No Python runtime appeared within the budget.</summary>
    NotPython,
    /// <summary>The program is Python, but its runtime was not ready within the budget.</summary>
    NotReady,
}

/// <summary>
/// The wait for one process's Python runtime, one look at a time, so that the main target can be waited for in a
/// loop and a child process (-C) at each scan of the sampling loop, without stalling the sampling of the others.
/// -t bounds the search for a Python runtime, counted from the last exec (wrappers such as pyenv shims and
/// /usr/bin/env exec the interpreter later, and get longer). Once the program is known to be Python (its executable
/// calls the Python API, or a runtime is mapped) it is given the time it needs to initialise, however short -t is:
/// `-t 1` must not fail on a Python that is starting.
/// </summary>
internal sealed class StartupWait
{
    /// <summary>
    /// Shells and env run before the interpreter when the command is a script, a pyenv shim or
    /// `/usr/bin/env python3`; they may take longer than -t (pyenv runs several bash scripts first).
    /// </summary>
    private const long WrapperBudgetNs = 5_000_000_000;

    /// <summary>A Python that is loading or initialising gets this long, whatever -t says (a loaded machine is slow).</summary>
    private const long InitialisationBudgetNs = 5_000_000_000;

    private readonly ITargetProcess _process;
    private readonly IClock _clock;
    private readonly long _timeoutMs;
    private readonly PythonProcess? _like;
    private bool _started;
    private string? _image;
    private long _since;
    private PythonStartup _seen = PythonStartup.NoPython;

    /// <param name="like">A runtime of another process that may be this one's too (see <see cref="PythonProcess.TryLocate"/>).</param>
    public StartupWait(ITargetProcess process, IClock clock, long timeoutMs, PythonProcess? like = null)
    {
        _process = process;
        _clock = clock;
        _timeoutMs = timeoutMs;
        _like = like;
    }


    /// <summary>What the last look found.</summary>
    public PythonStartup Status { get; private set; } = PythonStartup.NoPython;

    /// <summary>The executable the process ran at the last look.</summary>
    public string? Image => _image;

    /// <summary>How long the wait may stay where it is now, in milliseconds.</summary>
    public long BudgetMs => BudgetNs(Status, _image) / 1_000_000;

    /// <summary>Looks once; <paramref name="python"/> is the runtime when the outcome is <see cref="StartupOutcome.Ready"/>.</summary>
    /// <exception cref="AustinException">The process cannot be read, or runs a Python austin does not support.</exception>
    public StartupOutcome Look(out PythonProcess? python)
    {
        python = null;
        if (!_started)
        {
            (_started, _image, _since) = (true, _process.ExecutablePath, _clock.NowNs());
            // Whether austin may read the process depends on the image it runs: checked again after each exec only.
            _process.CheckReadable();
        }
        if (_process.HasExited) return StartupOutcome.Exited;
        Status = PythonProcess.TryLocate(_process, out python, _like);
        if (Status == PythonStartup.Ready && python is not null) return StartupOutcome.Ready;

        string? now = _process.ExecutablePath;
        if (now != _image)
        {
            (_image, _since, _seen) = (now, _clock.NowNs(), PythonStartup.NoPython);
            _process.CheckReadable();
        }
        else if (Status != _seen)
        {
            (_since, _seen) = (_clock.NowNs(), Status);   // a step forward: the wait for the next one starts now
        }
        if (_clock.NowNs() - _since <= BudgetNs(Status, _image)) return StartupOutcome.Waiting;
        return Status == PythonStartup.NoPython ? StartupOutcome.NotPython : StartupOutcome.NotReady;
    }

    /// <summary>
    /// How long the start-up may stay at <paramref name="status"/>: -t while no Python is seen (at least
    /// <see cref="WrapperBudgetNs"/> while a shell or env runs first), at least <see cref="InitialisationBudgetNs"/>
    /// once the program is known to be Python.
    /// </summary>
    private long BudgetNs(PythonStartup status, string? image)
    {
        long timeoutNs = _timeoutMs > long.MaxValue / 2_000_000 ? long.MaxValue / 2 : _timeoutMs * 1_000_000;
        if (status is PythonStartup.Loading or PythonStartup.Initialising) return Math.Max(timeoutNs, InitialisationBudgetNs);
        return Math.Max(timeoutNs, IsWrapper(image) ? WrapperBudgetNs : 0);
    }

    private static bool IsWrapper(string? image) => Path.GetFileName(image) is "sh" or "bash" or "dash" or "zsh" or "ksh" or "env" or "fish";
}
