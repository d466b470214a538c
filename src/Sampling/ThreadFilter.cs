// SPDX-License-Identifier: GPL-3.0-or-later
using Austin.Platform;
using Austin.Python;
using Austin.Samples;

namespace Austin.Sampling;

/// <summary>
/// Which threads of a sample are emitted, and with what metrics (spec §3): -e drops threads without frames, -s
/// drops threads the OS has off the CPU, -m keeps only the GIL holder's positive memory deltas; memory goes to the
/// thread that holds the GIL (or held it last), the others get 0. --gil keeps only the thread that holds the GIL at
/// the sample (none when it is free), as py-spy's --gil does.
/// </summary>
internal sealed class ThreadFilter(MetricMode mode, bool excludeEmpty, bool sleepless, bool gilOnly = false)
{
    public MetricMode Mode { get; } = mode;

    /// <summary>Whether the loop needs memory deltas.</summary>
    public bool NeedsMemory => Mode != MetricMode.Time;

    /// <summary>Whether the CPython model must find the GIL holder.</summary>
    public bool NeedsGilHolder => Mode != MetricMode.Time || gilOnly;

    /// <summary>Whether the CPython model must find OS thread ids.</summary>
    public bool NeedsNativeIds => sleepless;

    /// <summary>The metrics of <paramref name="thread"/>, or false when it is not emitted.</summary>
    public bool TryEmit(in PythonThread thread, ITargetProcess process, long time, long memoryDelta, out SampleMetrics metrics, out bool idle)
    {
        metrics = default;
        idle = false;
        if (!thread.IsBad && thread.Frames.IsEmpty && excludeEmpty) return false;
        if (gilOnly && !thread.HoldsGilNow) return false;
        // A task shown as a thread of its own is suspended: never on a CPU, never holding the GIL.
        if (sleepless && thread.Task is not null)
        {
            idle = true;
            return false;
        }
        // -s: a thread the OS does not have on a CPU is idle (when its TID is unknown it is kept).
        if (sleepless && thread.NativeThreadId != 0 && !process.IsThreadRunning(thread.NativeThreadId))
        {
            idle = true;
            return false;
        }
        long memory = thread.HoldsGil ? memoryDelta : 0;
        if (Mode == MetricMode.Memory && memory <= 0) return false;
        metrics = new SampleMetrics(time, memory);
        return true;
    }
}
