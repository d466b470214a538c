// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Austin.Samples;

namespace Austin.Input;

/// <summary>Where a reader puts the samples it reads.</summary>
internal interface ISampleSink
{
    void Add(in ThreadSample sample);
}

/// <summary>A file of recorded samples, in one of the formats austin and the C austin write.</summary>
internal interface ISampleReader
{
    /// <summary>Reads what comes before the samples; then <see cref="Mode"/> is known.</summary>
    void ReadHeader();

    /// <summary>What the samples measure.</summary>
    MetricMode Mode { get; }

    /// <summary>The file's metadata (the 3.x formats' <c>key: value</c> entries), complete once read.</summary>
    Dictionary<string, string> Metadata { get; }

    /// <summary>Lines that were not samples, when the format has lines.</summary>
    long SkippedLines { get; }

    /// <summary>
    /// Whether the file was recorded with -C (known after <see cref="ReadHeader"/>): the 3.x formats' metadata says
    /// <c>multiprocess: on</c>, a collapsed file's lines start with <c>Process pid;</c>. The pictures then show the
    /// process level even when only one process was sampled, as the recording did.
    /// </summary>
    bool MultiProcess { get; }

    /// <summary>Gives every sample to <paramref name="sink"/>.</summary>
    void Read(ISampleSink sink);
}

/// <summary>Tells the formats apart from their first bytes: MOJO's magic; the 3.x text format's metadata or P-lines; else collapsed.</summary>
internal static class SampleFiles
{
    /// <param name="input">A seekable stream at its start.</param>
    /// <param name="singleMetric">What a collapsed line's one metric is: time, or memory (-m); the file cannot tell.</param>
    public static ISampleReader Open(Stream input, MetricMode singleMetric)
    {
        Span<byte> head = stackalloc byte[3];
        int n = input.ReadAtLeast(head, 3, throwOnEndOfStream: false);
        input.Position = 0;
        if (n == 3 && MojoReader.LooksLikeMojo(head)) return new MojoReader(new BufferedStream(input, 64 * 1024));

        var text = new StreamReader(input, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false, 64 * 1024);
        string? first;
        while ((first = text.ReadLine()) is not null && first.Length == 0) { }
        bool austin3 = first is not null && (first.StartsWith("# ", StringComparison.Ordinal)
            || (first.Length > 1 && first[0] == 'P' && char.IsAsciiDigit(first[1])));
        input.Position = 0;
        text.DiscardBufferedData();
        return austin3 ? new Austin3TextReader(text) : new CollapsedFileReader(text, singleMetric);
    }
}

/// <summary>The collapsed formats as a <see cref="ISampleReader"/>: its header is the first sample line, which tells how many metrics a line has.</summary>
internal sealed class CollapsedFileReader(TextReader text, MetricMode singleMetric) : ISampleReader
{
    private readonly CollapsedReader _reader = new(singleMetric);
    private string? _first;

    public MetricMode Mode => _reader.Mode;

    public Dictionary<string, string> Metadata { get; } = new();

    public long SkippedLines => _skippedBefore + _reader.SkippedLines;

    public bool MultiProcess => _first is not null && _first.StartsWith("Process ", StringComparison.Ordinal);

    private long _skippedBefore;

    public void ReadHeader()
    {
        var scout = new CollapsedReader();
        var nothing = new NullSink();
        while ((_first = text.ReadLine()) is not null)
        {
            if (scout.TryParse(_first, nothing))
            {
                _reader.TryParse(_first, nothing);   // decides the number of metrics, gives nothing away
                return;
            }
            _skippedBefore++;
        }
    }

    public void Read(ISampleSink sink)
    {
        if (_first is null) return;
        _reader.TryParse(_first, sink);
        _reader.Read(text, sink);
    }

    private sealed class NullSink : ISampleSink
    {
        public void Add(in ThreadSample sample) { }
    }
}
