// SPDX-License-Identifier: GPL-3.0-or-later
using System.Collections.Generic;

namespace Austin.Samples;

/// <summary>What a writer is told before the first sample: enough for a format's header.</summary>
internal sealed record ProfileMetadata
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(ProfileMetadata);

    /// <summary>The version austin reports (0.7.0 for the C austin it replaces).</summary>
    public required string AustinVersion { get; init; }

    public required MetricMode Mode { get; init; }

    /// <summary>The requested mean interval in microseconds (0: as fast as possible).</summary>
    public required long IntervalUs { get; init; }

    /// <summary>The command launched, or empty when attached to <see cref="Pid"/>.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>The process attached to, when not launched.</summary>
    public int? Pid { get; init; }

    /// <summary>Where the samples come from when they were not taken now (--convert: the file they were read from).</summary>
    public string? Source { get; init; }

    /// <summary>-s: idle threads are left out (the C austin 3.x calls this the cpu mode).</summary>
    public bool Sleepless { get; init; }

    /// <summary>
    /// -P: the output goes to a program rather than a person. The C austin 3.x then writes the Python version into the
    /// header and its sampling statistics into the footer (else it prints them on the terminal); so do its formats here.
    /// </summary>
    public bool Pipe { get; init; }

    /// <summary>-C: the samples come from the target and its descendants, and say which process each is of.</summary>
    public bool Children { get; init; }

    /// <summary>The machine's physical memory in KB (0 when unknown), for the memory modes' header.</summary>
    public long TotalMemoryKb { get; init; }

    /// <summary>The Python version of the (first) process when already known (X.Y.Z), else null: it comes later through <c>WriteMetadata("python", ...)</c>.</summary>
    public string? PythonVersion { get; init; }
}

/// <summary>What a writer is told after the last sample: enough for a format's footer.</summary>
internal sealed record ProfileStatistics
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(ProfileStatistics);

    /// <summary>Wall time from the first sample to the last, in microseconds.</summary>
    public long DurationUs { get; init; }

    /// <summary>Samples taken (each covers every thread of every process).</summary>
    public long Samples { get; init; }

    /// <summary>Thread stacks seen, and those that could not be read consistently.</summary>
    public long ThreadSamples { get; init; }
    public long BadSamples { get; init; }

    /// <summary>Samples that took longer than the interval.</summary>
    public long Overruns { get; init; }

    public long MeanSamplingNs { get; init; }
    public long MaxSamplingNs { get; init; }

    /// <summary>
    /// With -g: the sum of the time metrics of the lines that carried the garbage collector's mark, in microseconds
    /// (the C austin 3.x's <c>gc</c> metadata); null when the garbage collector was not sampled.
    /// </summary>
    public long? GcUs { get; init; }

    /// <summary>The shortest sample.</summary>
    public long MinSamplingNs { get; init; }
}
