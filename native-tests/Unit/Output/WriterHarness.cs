// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.IO;
using Austin.Output;
using Austin.Samples;

namespace Austin.Tests.Unit.Output;

/// <summary>Drives a writer of the sample model by hand: metadata, samples, statistics, and what it wrote.</summary>
internal sealed class WriterHarness : IDisposable
{
    private readonly MemoryStream _stream = new();

    public WriterHarness(OutputFormat format, MetricMode mode, bool pipe = false, bool sleepless = false, string? python = null,
        long intervalUs = 100, bool children = false)
    {
        Writer = SampleWriterFactory.Create(format, mode, _stream);
        Writer.Begin(new ProfileMetadata
        {
            AustinVersion = "0.7.0", Mode = mode, IntervalUs = intervalUs, Pipe = pipe, Sleepless = sleepless,
            PythonVersion = python, TotalMemoryKb = 16_000_000, Children = children,
        });
    }

    public ISampleWriter Writer { get; }

    public WriterHarness Sample(int pid, ulong nativeTid, Frame[] frames, long time = 0, long memoryKb = 0, bool idle = false,
        bool bad = false, bool gc = false, long iid = 0, ulong threadId = 0x7f00_0000_1000)
    {
        Writer.Write(new ThreadSample(pid, iid, threadId, nativeTid, holdsGil: memoryKb != 0, idle, bad, frames,
            new SampleMetrics(time, memoryKb)) { GcCollecting = gc });
        return this;
    }

    public WriterHarness End(long durationUs = 5000, long samples = 0, long threadSamples = 0, long bad = 0, long overruns = 0,
        long minNs = 0, long meanNs = 0, long maxNs = 0, long? gcUs = null)
    {
        Writer.End(new ProfileStatistics
        {
            DurationUs = durationUs, Samples = samples, ThreadSamples = threadSamples, BadSamples = bad, Overruns = overruns,
            MinSamplingNs = minNs, MeanSamplingNs = meanNs, MaxSamplingNs = maxNs, GcUs = gcUs,
        });
        return this;
    }

    public byte[] Bytes()
    {
        Writer.Flush();
        return _stream.ToArray();
    }

    public string Text() => System.Text.Encoding.UTF8.GetString(Bytes());

    public void Dispose() => Writer.Dispose();
}
