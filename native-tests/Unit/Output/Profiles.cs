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
    public static byte[] Write(OutputFormat format, IEnumerable<string> collapsed, MetricMode mode = MetricMode.Time) =>
        Write(format, Metadata(mode), collapsed);

    /// <summary>
    /// The bytes the writer of <paramref name="format"/> makes of these collapsed lines, told <paramref name="metadata"/>;
    /// each process's lines are read by a reader of their own, so that its functions are objects of their own, as
    /// the sampler makes them per process (-C).
    /// </summary>
    public static byte[] Write(OutputFormat format, ProfileMetadata metadata, IEnumerable<string> collapsed)
    {
        var output = new MemoryStream();
        using ISampleWriter writer = SampleWriterFactory.Create(format, metadata.Mode, output);
        writer.Begin(metadata);
        var readers = new Dictionary<string, CollapsedReader>();
        var sink = new WriterSink(writer);
        foreach (string line in collapsed)
        {
            string process = line.StartsWith("Process ") ? line[..line.IndexOf(';')] : "";
            if (!readers.TryGetValue(process, out CollapsedReader? reader))
                readers[process] = reader = new CollapsedReader(metadata.Mode == MetricMode.Memory ? MetricMode.Memory : MetricMode.Time);
            reader.TryParse(line, sink);
        }
        writer.End(Statistics);
        writer.Flush();
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
