// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Buffers.Binary;
using System.Text;
using Austin.Platform;
using Austin.Python.Abi;

namespace Austin.Python.Model;

/// <summary>
/// Reads CPython string and bytes objects out of the target: 2.7 str (PyStringObject) and every PEP 393 kind
/// (Latin-1, UCS-2, UCS-4; compact or not), and bytes. Capped: garbage never makes a huge read.
/// </summary>
internal sealed class RemoteStrings(IProcessMemory memory, Layout layout)
{
    /// <summary>Longest name or file name accepted, in characters.</summary>
    public const int MaxStringLength = Limits.StringLength;
    /// <summary>Longest line table accepted, in bytes.</summary>
    public const int MaxBytesLength = Limits.BytesLength;

    /// <summary>
    /// Reads a str object (a name or a file name) as UTF-8; null when it cannot be read or does not look like a
    /// whole string: CPython ends every string's characters with a NUL, and names and file names hold none, so a
    /// string freed and partly overwritten while it was read ("re.py\0fig.py", seen during a 2.7 start-up) is refused.
    /// </summary>
    public byte[]? ReadUtf8(ulong address)
    {
        if (address == 0) return null;
        return layout.String.Py2Strings ? ReadBytes(address, MaxStringLength, text: true) : ReadUnicode(address);
    }

    /// <summary>Reads a bytes object (2.7: str) whole; null when unreadable or longer than <paramref name="maxLength"/>.</summary>
    public byte[]? ReadBytes(ulong address, int maxLength = MaxBytesLength) => ReadBytes(address, maxLength, text: false);

    private byte[]? ReadBytes(ulong address, int maxLength, bool text)
    {
        if (address == 0 || !memory.TryRead(address + (ulong)layout.String.BytesSize, out long obSize)) return null;
        if (obSize < 0 || obSize > maxLength) return null;
        // ob_sval holds ob_size + 1 bytes, the last a NUL (Include/bytesobject.h, 2.7 stringobject.h): read it too.
        // Through a fixed buffer first: only bytes that could be read are given an array of their own.
        int size = (int)obSize;
        if (size < 4096)
        {
            Span<byte> small = stackalloc byte[size + 1];
            return memory.TryRead(address + (ulong)layout.String.BytesData, small) && Whole(small, 1, text) ? small[..size].ToArray() : null;
        }
        byte[] data = new byte[size + 1];
        return memory.TryRead(address + (ulong)layout.String.BytesData, data) && Whole(data, 1, text) ? data.AsSpan(0, size).ToArray() : null;
    }

    /// <summary>Ends with a NUL character of <paramref name="kind"/> bytes, and (text) holds no other.</summary>
    private static bool Whole(ReadOnlySpan<byte> characters, int kind, bool text)
    {
        if (characters[^kind..].ContainsAnyExcept((byte)0)) return false;
        if (!text) return true;
        for (int i = 0; i + kind < characters.Length; i += kind)
            if (!characters.Slice(i, kind).ContainsAnyExcept((byte)0)) return false;
        return true;
    }

    private byte[]? ReadUnicode(ulong address)
    {
        // The header of a free-threaded build's string is 16 bytes longer (its PyObject's): 96 holds either.
        Span<byte> head = stackalloc byte[96];
        head = head[..Math.Max(layout.String.CompactSize, layout.String.DataPointer + 8)];
        if (!memory.TryRead(address, head)) return null;
        long length = BinaryPrimitives.ReadInt64LittleEndian(head[layout.String.Length..]);
        uint state = BinaryPrimitives.ReadUInt32LittleEndian(head[layout.String.State..]) >> layout.String.StateShift;
        int kind = UnicodeState.Kind(state);
        if (length < 0 || length > MaxStringLength || kind is not (1 or 2 or 4)) return null;
        bool ascii = UnicodeState.Ascii(state);
        if (ascii && kind != 1) return null;

        ulong data;
        if (UnicodeState.Compact(state))
            data = address + (ulong)(ascii ? layout.String.AsciiSize : layout.String.CompactSize);
        else
            data = BinaryPrimitives.ReadUInt64LittleEndian(head[layout.String.DataPointer..]);

        // length + 1 characters: PEP 393 strings end with a NUL character too.
        byte[] raw = new byte[(length + 1) * kind];
        if (!memory.TryRead(data, raw) || !Whole(raw, kind, text: true)) return null;
        return ToUtf8(raw.AsSpan(0, (int)length * kind), kind);
    }

    /// <summary>Re-encodes the characters of a PEP 393 string of the given kind as UTF-8.</summary>
    public static byte[]? ToUtf8(ReadOnlySpan<byte> raw, int kind)
    {
        try
        {
            string s = kind switch
            {
                1 => Encoding.Latin1.GetString(raw),
                2 => Encoding.Unicode.GetString(raw),
                _ => Encoding.UTF32.GetString(raw),
            };
            return Encoding.UTF8.GetBytes(s);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
