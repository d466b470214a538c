// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Buffers;
using System.Buffers.Text;
using System.IO;

namespace Austin.Output;

/// <summary>
/// The bytes of a writer on their way to its stream: lines are assembled in one buffer and written in large blocks,
/// with no allocation per sample. Shared by the writers of every format.
/// </summary>
internal sealed class OutputBuffer(Stream stream)
{
    private const int BufferSize = 64 * 1024;
    private static readonly StandardFormat Hex = new('x');
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _used;

    public Stream Stream { get; } = stream;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > BufferSize - _used)
        {
            FlushBuffer();
            if (bytes.Length > BufferSize)
            {
                Stream.Write(bytes);
                return;
            }
        }
        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    public void Append(byte value)
    {
        Reserve(1);
        _buffer[_used++] = value;
    }

    /// <summary>A decimal number.</summary>
    public void AppendNumber(long value)
    {
        Reserve(20);
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_used), out int written);
        _used += written;
    }

    /// <summary>A decimal number, unsigned.</summary>
    public void AppendNumber(ulong value)
    {
        Reserve(20);
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_used), out int written);
        _used += written;
    }

    /// <summary>A lowercase hexadecimal number, without prefix.</summary>
    public void AppendHex(ulong value)
    {
        Reserve(16);
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_used), out int written, Hex);
        _used += written;
    }

    /// <summary>Room for <paramref name="bytes"/> more bytes (at most the buffer's size), flushing what is there if needed.</summary>
    public Span<byte> Reserve(int bytes)
    {
        if (BufferSize - _used < bytes) FlushBuffer();
        return _buffer.AsSpan(_used);
    }

    /// <summary>Takes <paramref name="bytes"/> of what <see cref="Reserve"/> handed out.</summary>
    public void Advance(int bytes) => _used += bytes;

    /// <summary>Hands what is buffered to the stream.</summary>
    public void FlushBuffer()
    {
        if (_used == 0) return;
        Stream.Write(_buffer, 0, _used);
        _used = 0;
    }

    /// <summary>Hands what is buffered to the stream, and the stream's buffer to the file.</summary>
    public void Flush()
    {
        FlushBuffer();
        Stream.Flush();
    }
}
