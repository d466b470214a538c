// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Buffers.Binary;
using System.IO;

namespace Austin.Output;

/// <summary>
/// A gzip member (RFC 1952) compressed with deflate's fixed Huffman codes and a simple LZ77 match finder (RFC 1951):
/// about as small as zlib makes a pprof profile, whose strings and varints repeat, without linking zlib into the
/// binary (System.IO.Compression brings 120 KB of it) for the one file a run writes.
/// </summary>
internal static class Gzip
{
    private const int Window = 32 * 1024;
    private const int MinMatch = 3;
    private const int MaxMatch = 258;
    private const int HashBits = 15;
    private const int MaxChain = 16;

    private static readonly ushort[] LengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
    private static readonly byte[] LengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
    private static readonly ushort[] DistanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
    private static readonly byte[] DistanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
    private static uint[]? s_crcTable;

    public static void Write(Stream output, ReadOnlySpan<byte> data)
    {
        // ID1 ID2, CM = deflate, no flags, no time, no extra flags, OS unknown.
        output.Write([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
        var bits = new BitWriter(output);
        bits.Write(1 | 1 << 1, 3);   // BFINAL, BTYPE 01: one block of fixed Huffman codes
        Compress(data, ref bits);
        WriteLiteralOrLength(ref bits, 256);   // end of block
        bits.Flush();
        Span<byte> trailer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, Crc32(data));
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], (uint)data.Length);
        output.Write(trailer);
    }

    /// <summary>Greedy LZ77: the longest of the last <see cref="MaxChain"/> earlier places with the same 3 bytes.</summary>
    private static void Compress(ReadOnlySpan<byte> data, ref BitWriter bits)
    {
        var head = new int[1 << HashBits];
        var previous = new int[Window];
        head.AsSpan().Fill(-1);
        int i = 0;
        while (i < data.Length)
        {
            int bestLength = 0, bestDistance = 0;
            if (i + MinMatch <= data.Length)
            {
                int limit = Math.Min(MaxMatch, data.Length - i);
                int candidate = head[Hash(data, i)];
                for (int chain = 0; candidate >= 0 && i - candidate <= Window && chain < MaxChain; chain++)
                {
                    int length = 0;
                    while (length < limit && data[candidate + length] == data[i + length]) length++;
                    if (length > bestLength)
                    {
                        (bestLength, bestDistance) = (length, i - candidate);
                        if (length == limit) break;
                    }
                    int next = previous[candidate % Window];
                    if (next >= candidate) break;   // the slot was reused by a later position: the chain ends
                    candidate = next;
                }
            }
            int advance = bestLength >= MinMatch ? bestLength : 1;
            if (advance == 1) WriteLiteralOrLength(ref bits, data[i]);
            else WriteMatch(ref bits, bestLength, bestDistance);
            for (int end = i + advance; i < end; i++)
            {
                if (i + MinMatch > data.Length) continue;
                int h = Hash(data, i);
                previous[i % Window] = head[h];
                head[h] = i;
            }
        }
    }

    private static int Hash(ReadOnlySpan<byte> data, int i) =>
        (int)(((uint)data[i] << 16 | (uint)data[i + 1] << 8 | data[i + 2]) * 2654435761u >> (32 - HashBits));

    private static void WriteMatch(ref BitWriter bits, int length, int distance)
    {
        int l = LengthBase.Length - 1;
        while (LengthBase[l] > length) l--;
        WriteLiteralOrLength(ref bits, 257 + l);
        bits.Write((uint)(length - LengthBase[l]), LengthExtra[l]);
        int d = DistanceBase.Length - 1;
        while (DistanceBase[d] > distance) d--;
        bits.WriteCode((uint)d, 5);
        bits.Write((uint)(distance - DistanceBase[d]), DistanceExtra[d]);
    }

    /// <summary>A symbol of the fixed literal/length code (RFC 1951 §3.2.6).</summary>
    private static void WriteLiteralOrLength(ref BitWriter bits, int symbol)
    {
        if (symbol < 144) bits.WriteCode((uint)(0x30 + symbol), 8);
        else if (symbol < 256) bits.WriteCode((uint)(0x190 + symbol - 144), 9);
        else if (symbol < 280) bits.WriteCode((uint)(symbol - 256), 7);
        else bits.WriteCode((uint)(0xC0 + symbol - 280), 8);
    }

    /// <summary>Deflate's bit order: values from their least significant bit, Huffman codes from their most.</summary>
    private struct BitWriter(Stream output)
    {
        private ulong _buffer;
        private int _count;

        public void Write(uint value, int count)
        {
            _buffer |= (ulong)value << _count;
            _count += count;
            while (_count >= 8)
            {
                output.WriteByte((byte)_buffer);
                _buffer >>= 8;
                _count -= 8;
            }
        }

        public void WriteCode(uint code, int length)
        {
            uint reversed = 0;
            for (int b = 0; b < length; b++) reversed |= (code >> b & 1) << (length - 1 - b);
            Write(reversed, length);
        }

        public void Flush()
        {
            if (_count > 0) output.WriteByte((byte)_buffer);
            (_buffer, _count) = (0, 0);
        }
    }

    /// <summary>CRC-32 of ISO 3309 (polynomial 0xEDB88320, reflected), as gzip's trailer holds it.</summary>
    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint[] table = s_crcTable ??= Table();
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data) crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    private static uint[] Table()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
