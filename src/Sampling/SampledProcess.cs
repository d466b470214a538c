// SPDX-License-Identifier: GPL-3.0-or-later
using System.Collections.Generic;
using Austin.Platform;
using Austin.Python;

namespace Austin.Sampling;

/// <summary>A process being sampled: the OS's handle on it, its CPython runtime, and what the loop keeps about it.</summary>
internal sealed class SampledProcess(ITargetProcess process, PythonProcess python)
{
    public ITargetProcess Process { get; } = process;

    public PythonProcess Python { get; } = python;

    /// <summary>The executable it ran when sampling started: an exec into another program ends its sampling.</summary>
    public string? Image { get; } = process.ExecutablePath;

    /// <summary>The process austin was pointed at (launched or attached to), not one of its descendants (-C).</summary>
    public bool Root { get; init; }

    /// <summary>When it was last sampled (its time metric counts from there); 0 until it joins the loop.</summary>
    public long PreviousNs { get; set; }

    /// <summary>Memory deltas of this process (-m, -f).</summary>
    public MemoryTracker Memory { get; } = new();

    /// <summary>Whether the full X.Y.Z has been logged (it may be known only some samples in).</summary>
    public bool VersionLogged { get; set; }

    /// <summary>When to give up waiting for the full version and log X.Y (0: not started).</summary>
    public long VersionDeadline { get; set; }

    /// <summary>
    /// The target has exited, or exec'd (into another program, or the same one anew): the runtime sampled is gone.
    /// Asked when a sample fails only: it reads the process's mappings.
    /// </summary>
    public bool Ended => Process.HasExited || Process.ExecutablePath is not { } now || now != Image || !Python.RuntimeStillMapped();
}

/// <summary>
/// The processes being sampled. One in launch and attach mode; child processes join and leave it while sampling
/// runs (between samples, never during one).
/// </summary>
internal sealed class TargetSet
{
    private readonly List<SampledProcess> _processes = [];

    public int Count => _processes.Count;

    public SampledProcess this[int index] => _processes[index];

    public void Add(SampledProcess process) => _processes.Add(process);

    public void RemoveAt(int index) => _processes.RemoveAt(index);

    public bool Contains(SampledProcess process)
    {
        foreach (SampledProcess p in _processes)
            if (ReferenceEquals(p, process)) return true;
        return false;
    }
}
