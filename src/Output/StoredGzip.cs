// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Buffers.Binary;
using System.IO;

namespace Austin.Output;

/// <summary>
/// A gzip member (RFC 1952) whose deflate data are stored blocks (RFC 1951 §3.2.4): valid gzip that every reader
/// takes, without a compressor. System.IO.Compression would link zlib into the binary for the one pprof file a run
/// writes.
/// </summary>
internal static class StoredGzip
{
    private const int MaxBlock = 65_535;
    private static uint[]? s_crcTable;

    public static void Write(Stream output, ReadOnlySpan<byte> data)
    {
        // ID1 ID2, CM = deflate, no flags, no time, no extra flags, OS unknown.
        output.Write([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
        Span<byte> header = stackalloc byte[5];
        int offset = 0;
        do
        {
            int length = Math.Min(MaxBlock, data.Length - offset);
            bool last = offset + length == data.Length;
            header[0] = last ? (byte)1 : (byte)0;   // BFINAL, BTYPE 00: stored
            BinaryPrimitives.WriteUInt16LittleEndian(header[1..], (ushort)length);
            BinaryPrimitives.WriteUInt16LittleEndian(header[3..], (ushort)~length);
            output.Write(header);
            output.Write(data.Slice(offset, length));
            offset += length;
        }
        while (offset < data.Length);
        Span<byte> trailer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, Crc32(data));
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], (uint)data.Length);
        output.Write(trailer);
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
