// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Buffers;
using System.Text;

namespace Austin.Output;

/// <summary>
/// The few protocol-buffers encodings profile.proto needs (https://protobuf.dev/programming-guides/encoding/):
/// varints, and length-delimited fields (strings, packed repeated varints, nested messages). A nested message is
/// written into a writer of its own, then copied in behind its length.
/// </summary>
internal sealed class ProtoWriter
{
    private readonly ArrayBufferWriter<byte> _bytes = new();

    public ReadOnlySpan<byte> WrittenSpan => _bytes.WrittenSpan;

    public void Clear() => _bytes.ResetWrittenCount();

    /// <summary>A varint field (int64, uint64, bool); zero is the default and is left out, as proto3 does.</summary>
    public void Varint(int field, long value)
    {
        if (value == 0) return;
        Tag(field, 0);
        WriteVarint((ulong)value);
    }

    public void String(int field, string value)
    {
        Tag(field, 2);
        int length = Encoding.UTF8.GetByteCount(value);
        WriteVarint((ulong)length);
        Span<byte> span = _bytes.GetSpan(length);
        Encoding.UTF8.GetBytes(value, span);
        _bytes.Advance(length);
    }

    /// <summary>A packed repeated varint field; nothing when empty.</summary>
    public void Packed(int field, ReadOnlySpan<long> values)
    {
        if (values.IsEmpty) return;
        int length = 0;
        foreach (long v in values) length += VarintLength((ulong)v);
        Tag(field, 2);
        WriteVarint((ulong)length);
        foreach (long v in values) WriteVarint((ulong)v);
    }

    /// <summary>A nested message, already encoded.</summary>
    public void Message(int field, ProtoWriter message)
    {
        Tag(field, 2);
        WriteVarint((ulong)message.WrittenSpan.Length);
        _bytes.Write(message.WrittenSpan);
    }

    private void Tag(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

    private void WriteVarint(ulong value)
    {
        Span<byte> span = _bytes.GetSpan(10);
        int i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[i++] = (byte)value;
        _bytes.Advance(i);
    }

    private static int VarintLength(ulong value)
    {
        int n = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            n++;
        }
        return n;
    }
}
