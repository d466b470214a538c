// SPDX-License-Identifier: GPL-3.0-or-later
using System.Collections.Generic;
using System.IO;
using System.Text;
using Austin.Input;
using Austin.Output;
using Austin.Samples;

namespace Austin.Tests.Unit.Output;

/// <summary>Runs collapsed-format lines through a writer of the factory, as the sampler would, and returns the file.</summary>
internal static class Profiles
{
    public static readonly ProfileStatistics Statistics = new()
    {
        DurationUs = 2_000_000, Samples = 1000, ThreadSamples = 2000, BadSamples = 1, Overruns = 3,
    };

    public static ProfileMetadata Metadata(MetricMode mode) => new()
    {
        AustinVersion = "0.7.0", Mode = mode, IntervalUs = 100, Command = ["python3", "app.py"],
    };

    /// <summary>The bytes the writer of <paramref name="format"/> makes of these collapsed lines.</summary>
    public static byte[] Write(OutputFormat format, IEnumerable<string> collapsed, MetricMode mode = MetricMode.Time)
    {
        var output = new MemoryStream();
        using ISampleWriter writer = SampleWriterFactory.Create(format, mode, output);
        Feed(writer, collapsed, mode);
        return output.ToArray();
    }

    public static void Feed(ISampleWriter writer, IEnumerable<string> collapsed, MetricMode mode = MetricMode.Time)
    {
        writer.Begin(Metadata(mode));
        var reader = new CollapsedReader(mode == MetricMode.Memory ? MetricMode.Memory : MetricMode.Time);
        var sink = new WriterSink(writer);
        foreach (string line in collapsed) reader.TryParse(line, sink);
        writer.End(Statistics);
        writer.Flush();
    }

    public static string Text(OutputFormat format, IEnumerable<string> collapsed, MetricMode mode = MetricMode.Time) =>
        Encoding.UTF8.GetString(Write(format, collapsed, mode));

    private sealed class WriterSink(ISampleWriter writer) : ISampleSink
    {
        public void Add(in ThreadSample sample) => writer.Write(sample);
    }
}
