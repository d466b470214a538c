// SPDX-License-Identifier: GPL-3.0-or-later
using System.IO;
using Austin.Samples;

namespace Austin.Output;

/// <summary>
/// A format drawn from all the samples at once (a picture, a profile for a viewer): samples go into a
/// <see cref="StackTree"/> while sampling, which allocates nothing per sample once a stack has been seen, and the
/// file is written at <see cref="End"/>. Nothing reaches the stream before then, so a periodic flush has nothing to do.
/// </summary>
internal abstract class AggregatingWriter : ISampleWriter
{
    private readonly Stream _stream;
    private bool _ended;

    protected AggregatingWriter(Stream stream, MetricMode mode)
    {
        _stream = stream;
        Mode = mode;
    }

    /// <summary>The samples so far, by stack.</summary>
    public StackTree Tree { get; } = new();

    protected MetricMode Mode { get; }

    protected ProfileMetadata? Metadata { get; private set; }

    /// <summary>The Python version, when the sampler told it.</summary>
    protected string? PythonVersion { get; private set; }

    public void Begin(ProfileMetadata metadata)
    {
        Metadata = metadata;
        PythonVersion ??= metadata.PythonVersion;
    }

    /// <summary>
    /// Whether the picture has a level per process: with -C (as the collapsed format's <c>Process pid;</c> frames, even
    /// when a single process was sampled), or when the samples are of several processes.
    /// </summary>
    protected bool ShowsProcesses => Metadata is { Children: true } || Tree.FirstChild(0) != 0 && Tree.NextSibling(Tree.FirstChild(0)) != 0;

    /// <summary>What the time measure is called: cpu time with -s (idle threads left out; the C austin 3.x's cpu mode), else wall time.</summary>
    protected string TimeName => Metadata is { Sleepless: true } ? "cpu" : "wall";

    public void WriteMetadata(string key, string value)
    {
        if (key == "python") PythonVersion = value;
    }

    public void Write(in ThreadSample sample) => Tree.Add(sample);

    public void Flush()
    {
        if (_ended) _stream.Flush();
    }

    public void End(ProfileStatistics statistics)
    {
        // A buffer in front of the stream: the formats write in small pieces, and the stream may be a bare descriptor.
        using (var buffered = new BufferedStream(new KeepOpenStream(_stream), 64 * 1024))
            Render(buffered, statistics);
        _ended = true;
    }

    /// <summary>Writes the whole file.</summary>
    protected abstract void Render(Stream output, ProfileStatistics statistics);

    /// <summary>The measures of a mode, the main one first: time; memory gained; or time, memory gained and released.</summary>
    public static Measure[] Measures(MetricMode mode) => mode switch
    {
        MetricMode.Memory => [Measure.MemoryGained],
        MetricMode.Full => [Measure.Time, Measure.MemoryGained, Measure.MemoryReleased],
        _ => [Measure.Time],
    };

    public void Dispose() => _stream.Dispose();

    /// <summary>Lets a BufferedStream be disposed without closing the output (the writer's owner closes it).</summary>
    private sealed class KeepOpenStream(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new System.NotSupportedException();
        public override long Position { get => throw new System.NotSupportedException(); set => throw new System.NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new System.NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new System.NotSupportedException();
        public override void SetLength(long value) => throw new System.NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        public override void Write(System.ReadOnlySpan<byte> buffer) => inner.Write(buffer);
    }
}
