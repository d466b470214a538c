// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Buffers.Text;
using System.IO;

namespace Austin.Output;

/// <summary>
/// FlameGraph's collapsed-stack format, as austin 0.7.0 writes it (spec §3):
/// <c>Thread tid;func (file);Lline;... metric</c>, or with -a <c>Thread tid;func (file:line);... metric</c>.
/// Lines are assembled in one buffer and written in large blocks: no allocation per sample.
/// </summary>
internal sealed class CollapsedWriter : ISampleWriter
{
    private const int BufferSize = 64 * 1024;
    private readonly Stream _stream;
    private readonly bool _alternative;
    private readonly MetricMode _mode;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _used;

    public CollapsedWriter(Stream stream, bool alternative, MetricMode mode)
    {
        _stream = stream;
        _alternative = alternative;
        _mode = mode;
    }

    public void WriteStack(ulong threadId, ReadOnlySpan<Frame> frames, SampleMetrics metrics)
    {
        WriteThread(threadId);
        foreach (Frame frame in frames)
        {
            if (_alternative)
            {
                Append(frame.Symbol.Alternative);
                AppendNumber(frame.Line);
                Append(")"u8);
            }
            else
            {
                Append(frame.Symbol.Normal);
                AppendNumber(frame.Line);
            }
        }
        WriteMetrics(metrics);
    }

    public void WriteBadSample(ulong threadId, SampleMetrics metrics)
    {
        WriteThread(threadId);
        Append(";Bad sample"u8);
        WriteMetrics(metrics);
    }

    private void WriteThread(ulong threadId)
    {
        Append("Thread "u8);
        Reserve(16);
        Utf8Formatter.TryFormat(threadId, _buffer.AsSpan(_used), out int written, new System.Buffers.StandardFormat('x'));
        _used += written;
    }

    private void WriteMetrics(SampleMetrics m)
    {
        Append(" "u8);
        switch (_mode)
        {
            case MetricMode.Time:
                AppendNumber(m.Time);
                break;
            case MetricMode.Memory:
                AppendNumber(m.MemoryDelta);
                break;
            case MetricMode.Full:
                AppendNumber(m.Time);
                Append(" "u8);
                AppendNumber(m.MemoryDelta > 0 ? m.MemoryDelta : 0);
                Append(" "u8);
                AppendNumber(m.MemoryDelta < 0 ? m.MemoryDelta : 0);
                break;
        }
        Append("\n"u8);
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > BufferSize - _used)
        {
            FlushBuffer();
            if (bytes.Length > BufferSize)
            {
                _stream.Write(bytes);
                return;
            }
        }
        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    private void AppendNumber(long value)
    {
        Reserve(20);
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_used), out int written);
        _used += written;
    }

    private void Reserve(int bytes)
    {
        if (BufferSize - _used < bytes) FlushBuffer();
    }

    private void FlushBuffer()
    {
        if (_used == 0) return;
        _stream.Write(_buffer, 0, _used);
        _used = 0;
    }

    public void Flush()
    {
        FlushBuffer();
        _stream.Flush();
    }

    /// <summary>Closes the stream. Does not flush: the owner flushes on every exit path and handles write errors there.</summary>
    public void Dispose() => _stream.Dispose();
}
