// SPDX-License-Identifier: GPL-3.0-or-later
using Austin.Platform;
using Austin.Python;
using Austin.Samples;

namespace Austin.Sampling;

/// <summary>Whose rules decide which threads of a sample are emitted, and with what metrics.</summary>
internal enum MetricConventions
{
    /// <summary>The C austin 0.7.0's (spec §3): the collapsed format.</summary>
    Austin07,
    /// <summary>The C austin 3.x's: its text and MOJO formats.</summary>
    Austin3,
}

/// <summary>
/// Which threads of a sample are emitted, and with what metrics. Both conventions: -e drops threads without frames,
/// memory goes to the thread that holds the GIL (or held it last) and the others get 0.
/// 0.7.0 (spec §3): -s drops threads the OS has off the CPU; -m keeps only the GIL holder's positive deltas.
/// 3.x (py_thread.c, austin.c of 3.7): -m keeps the GIL holder's non-zero deltas, gains and releases, and ignores -s;
/// -f emits every thread with its idle state (and ignores -s); -s alone drops idle threads (the cpu mode); a line
/// that would measure nothing (no time, no memory) is not emitted.
/// Beyond both: --gil keeps only the thread that holds the GIL at the sample (none while it is free), as py-spy's
/// --gil does; an asyncio task (--asyncio) is suspended, so idle, never on a CPU nor holding the GIL.
/// </summary>
internal sealed class ThreadFilter(MetricMode mode, bool excludeEmpty, bool sleepless,
    MetricConventions conventions = MetricConventions.Austin07, bool gilOnly = false)
{
    public MetricMode Mode { get; } = mode;

    public MetricConventions Conventions { get; } = conventions;

    /// <summary>Whether the loop needs memory deltas.</summary>
    public bool NeedsMemory => Mode != MetricMode.Time;

    /// <summary>Whether the CPython model must find the GIL holder.</summary>
    public bool NeedsGilHolder => Mode != MetricMode.Time || gilOnly;

    /// <summary>Whether the CPython model must find OS thread ids: for -s, and for the 3.x formats, which print them.</summary>
    public bool NeedsNativeIds => sleepless || Conventions == MetricConventions.Austin3;

    /// <summary>Whether a thread's idle state is needed: to drop idle threads, or to report it (3.x full metrics).</summary>
    private bool NeedsIdle => Conventions == MetricConventions.Austin07
        ? sleepless
        : Mode == MetricMode.Full || (sleepless && Mode == MetricMode.Time);

    /// <summary>Whether idle threads are left out.</summary>
    private bool DropsIdle => sleepless && (Conventions == MetricConventions.Austin07 || Mode == MetricMode.Time);

    /// <summary>The metrics of <paramref name="thread"/>, or false when it is not emitted.</summary>
    public bool TryEmit(in PythonThread thread, ITargetProcess process, long time, long memoryDelta, out SampleMetrics metrics, out bool idle)
    {
        metrics = default;
        idle = false;
        if (!thread.IsBad && thread.Frames.IsEmpty && excludeEmpty) return false;
        if (gilOnly && (!thread.HoldsGil || thread.GilReleased)) return false;
        // A thread the OS does not have on a CPU is idle (when its TID is unknown it counts as running); a task always.
        if (NeedsIdle && (thread.Task is not null || (thread.NativeThreadId != 0 && !process.IsThreadRunning(thread.NativeThreadId))))
        {
            idle = true;
            if (DropsIdle) return false;
        }
        long memory = thread.HoldsGil ? memoryDelta : 0;
        if (Conventions == MetricConventions.Austin07)
        {
            if (Mode == MetricMode.Memory && memory <= 0) return false;
        }
        else
        {
            if (Mode == MetricMode.Memory && memory == 0) return false;
            if (time == 0 && memory == 0) return false;
        }
        metrics = new SampleMetrics(time, memory);
        return true;
    }
}
