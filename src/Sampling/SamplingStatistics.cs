// SPDX-License-Identifier: GPL-3.0-or-later
namespace Austin.Sampling;

/// <summary>What the log reports at the end of a run (spec §4).</summary>
internal sealed class SamplingStatistics
{
    /// <summary>Samples taken (one per tick, covering every thread).</summary>
    public long Samples { get; set; }
    /// <summary>Thread stacks emitted or skipped, bad ones included.</summary>
    public long ThreadSamples { get; set; }
    /// <summary>Thread stacks that could not be read consistently.</summary>
    public long BadSamples { get; set; }
    /// <summary>Ticks where sampling took longer than the interval.</summary>
    public long Overruns { get; set; }
    public long TotalSamplingNs { get; set; }
    public long MaxSamplingNs { get; set; }
    /// <summary>
    /// -g: the time metrics of the lines emitted while the garbage collector was collecting, in microseconds (each
    /// thread's line counts, as the C austin 3.x adds them up); null without -g.
    /// </summary>
    public long? GcTimeUs { get; set; }
    public long MinSamplingNs { get; set; } = long.MaxValue;
    /// <summary>The clock when the loop started and when the last sample ended.</summary>
    public long StartNs { get; set; }
    public long EndNs { get; set; }

    public double ErrorRate => ThreadSamples == 0 ? 0 : (double)BadSamples / ThreadSamples;
    public double MeanSamplingUs => Samples == 0 ? 0 : TotalSamplingNs / 1000.0 / Samples;

    /// <summary>The statistics as a writer's footer gets them.</summary>
    public Austin.Samples.ProfileStatistics ToProfileStatistics() => new()
    {
        DurationUs = (EndNs - StartNs) / 1000,
        Samples = Samples,
        ThreadSamples = ThreadSamples,
        BadSamples = BadSamples,
        Overruns = Overruns,
        MeanSamplingNs = Samples == 0 ? 0 : TotalSamplingNs / Samples,
        MaxSamplingNs = MaxSamplingNs,
        GcUs = GcTimeUs,
        MinSamplingNs = Samples == 0 ? 0 : MinSamplingNs,
    };
}
