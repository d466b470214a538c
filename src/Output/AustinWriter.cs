// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Text;
using Austin.Samples;

namespace Austin.Output;

/// <summary>
/// The C austin 3.x's text format (3.7's README, events.h, argparse.c): a <c># key: value</c> header and footer
/// around one line per thread per sample,
/// <c>P&lt;pid&gt;;T&lt;iid&gt;:&lt;tid&gt;;&lt;file&gt;:&lt;function&gt;:&lt;line&gt;;... &lt;metrics&gt;</c>, outermost frame
/// first, pid, interpreter id and OS thread id in decimal. Metrics: µs in the wall and cpu modes, bytes (signed) in
/// the memory mode, <c>µs,idle,bytes</c> in the full mode. A stack that could not be read ends with
/// <c>;:INVALID:</c>, one sampled while the garbage collector ran (-g) with <c>;:GC:</c>.
/// Each function's <c>;file:function:</c> is encoded once and kept by <see cref="Function.Id"/>.
/// </summary>
internal sealed class AustinWriter : ISampleWriter
{
    private readonly OutputBuffer _out;
    private readonly MetricMode _mode;
    private ProfileMetadata? _metadata;
    private bool _pythonWritten;
    private byte[]?[] _prefixes = new byte[]?[1024];

    public AustinWriter(System.IO.Stream stream, MetricMode mode)
    {
        _out = new OutputBuffer(stream);
        _mode = mode;
    }

    public void Begin(ProfileMetadata metadata)
    {
        _metadata = metadata;
        foreach (KeyValuePair<string, string> entry in Austin3Metadata.Header(metadata))
            WriteEntry(entry.Key, entry.Value);
        _out.Append((byte)'\n');
    }

    /// <summary>
    /// The Python version goes once, and only with -P (where the C austin 3.x writes it): in the header when it was
    /// known then, else where it becomes known. Other entries go where they come.
    /// </summary>
    public void WriteMetadata(string key, string value)
    {
        if (key == Austin3Metadata.PythonKey)
        {
            if (_metadata is not { Pipe: true } || _pythonWritten) return;
        }
        WriteEntry(key, value);
    }

    public void End(ProfileStatistics statistics)
    {
        _out.Append((byte)'\n');
        foreach (KeyValuePair<string, string> entry in Austin3Metadata.Footer(_metadata ?? throw new InvalidOperationException("End before Begin"), statistics))
            WriteEntry(entry.Key, entry.Value);
        _out.Append((byte)'\n');
    }

    private void WriteEntry(string key, string value)
    {
        if (key == Austin3Metadata.PythonKey) _pythonWritten = true;
        _out.Append("# "u8);
        _out.Append(Encoding.UTF8.GetBytes(key));
        _out.Append(": "u8);
        _out.Append(Encoding.UTF8.GetBytes(value));
        _out.Append((byte)'\n');
    }

    public void Write(in ThreadSample sample)
    {
        _out.Append((byte)'P');
        _out.AppendNumber(sample.Pid);
        _out.Append(";T"u8);
        _out.AppendNumber(sample.InterpreterId);
        _out.Append((byte)':');
        _out.AppendNumber(Austin3Metadata.ThreadId(sample));
        foreach (Frame frame in sample.Frames)
        {
            _out.Append(Prefix(frame.Function));
            _out.AppendNumber(frame.Line);
        }
        if (sample.IsBad) _out.Append(";:INVALID:"u8);
        if (sample.GcCollecting) _out.Append(";:GC:"u8);
        _out.Append((byte)' ');
        SampleMetrics m = sample.Metrics;
        switch (_mode)
        {
            case MetricMode.Time:
                _out.AppendNumber(m.Time);
                break;
            case MetricMode.Memory:
                _out.AppendNumber(Austin3Metadata.Bytes(m.MemoryDelta));
                break;
            case MetricMode.Full:
                _out.AppendNumber(m.Time);
                _out.Append(sample.Idle ? ",1,"u8 : ",0,"u8);
                _out.AppendNumber(Austin3Metadata.Bytes(m.MemoryDelta));
                break;
        }
        _out.Append((byte)'\n');
    }

    /// <summary>";file:function:": everything of a frame before its line.</summary>
    private byte[] Prefix(Function function)
    {
        int id = function.Id;
        if (id >= _prefixes.Length) Array.Resize(ref _prefixes, Math.Max(id + 1, _prefixes.Length * 2));
        byte[]? prefix = _prefixes[id];
        if (prefix is not null) return prefix;
        prefix = new byte[function.FileUtf8.Length + function.NameUtf8.Length + 3];
        Span<byte> s = prefix;
        s[0] = (byte)';';
        function.FileUtf8.CopyTo(s[1..]);
        s[1 + function.FileUtf8.Length] = (byte)':';
        function.NameUtf8.CopyTo(s[(2 + function.FileUtf8.Length)..]);
        s[^1] = (byte)':';
        return _prefixes[id] = prefix;
    }

    public void Flush() => _out.Flush();

    /// <summary>Closes the stream. Does not flush: the owner flushes on every exit path and handles write errors there.</summary>
    public void Dispose() => _out.Stream.Dispose();
}
