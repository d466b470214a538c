// SPDX-License-Identifier: GPL-3.0-or-later
using System;

namespace Austin.Samples;

/// <summary>
/// One thread of one process at one sample: what every output format is made from. A ref struct over the sampler's
/// own buffers: nothing is allocated per sample, and a writer copies what it keeps.
/// </summary>
internal readonly ref struct ThreadSample
{
    public ThreadSample(int pid, long interpreterId, ulong threadId, ulong nativeThreadId, bool holdsGil, bool idle,
        bool bad, ReadOnlySpan<Frame> frames, SampleMetrics metrics)
    {
        Pid = pid;
        InterpreterId = interpreterId;
        ThreadId = threadId;
        NativeThreadId = nativeThreadId;
        HoldsGil = holdsGil;
        Idle = idle;
        IsBad = bad;
        Frames = frames;
        Metrics = metrics;
    }

    /// <summary>The process the thread belongs to.</summary>
    public int Pid { get; }

    /// <summary>The interpreter's id within the process: PyInterpreterState.id (0: the main interpreter), or before 3.7 its place in the list.</summary>
    public long InterpreterId { get; }

    /// <summary>The thread identifier CPython stores (threading.get_ident()).</summary>
    public ulong ThreadId { get; }

    /// <summary>The OS thread id, 0 when unknown.</summary>
    public ulong NativeThreadId { get; }

    /// <summary>Whether the thread held the GIL (or held it last) at this sample.</summary>
    public bool HoldsGil { get; }

    /// <summary>
    /// Nobody held the GIL at this sample, so <see cref="HoldsGil"/> marks the thread that held it last; false when
    /// it was held or cannot be told (known only when a mode asked for the GIL holder).
    /// </summary>
    public bool GilReleased { get; init; }

    /// <summary>
    /// The garbage collector of the thread's interpreter (of the whole process up to Python 3.8) was collecting at
    /// this sample (known only with -g). The C austin 3.x marks such a sample with a last frame <c>:GC:</c>.
    /// </summary>
    public bool GcCollecting { get; init; }

    /// <summary>Whether the OS had the thread off the CPU (known only when a mode asked for it).</summary>
    public bool Idle { get; }

    /// <summary>The stack could not be read consistently: <see cref="Frames"/> is empty.</summary>
    public bool IsBad { get; }

    /// <summary>Outermost frame first.</summary>
    public ReadOnlySpan<Frame> Frames { get; }

    /// <summary>
    /// Set when this is not a thread but an asyncio task suspended on the loop that thread <see cref="ThreadId"/> runs
    /// (--asyncio): <see cref="Frames"/> are its await chain, and the task knows its name and the task that awaits it.
    /// </summary>
    public AsyncTask? Task { get; init; }

    public SampleMetrics Metrics { get; }
}

/// <summary>The measures of one sample line: microseconds since the previous sample, and the change of the process's resident memory in KB.</summary>
internal readonly record struct SampleMetrics(long Time, long MemoryDelta)
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(SampleMetrics);
}

/// <summary>What a profile measures.</summary>
internal enum MetricMode
{
    /// <summary>Wall time: microseconds since the previous sample.</summary>
    Time,
    /// <summary>KB of resident memory gained since the previous sample (only positive deltas are kept).</summary>
    Memory,
    /// <summary>Time, memory gained (or 0), memory released (negative, or 0).</summary>
    Full,
}

internal static class MetricModes
{
    /// <summary>The enum member's own name, as the log shows it (the binary has no reflection data for Enum.ToString).</summary>
    public static string Identifier(MetricMode mode) => mode switch
    {
        MetricMode.Time => nameof(MetricMode.Time),
        MetricMode.Memory => nameof(MetricMode.Memory),
        MetricMode.Full => nameof(MetricMode.Full),
        _ => ((int)mode).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
