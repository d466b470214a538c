// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Python.Abi;

// Object headers, strings and bytes. Release builds, x86-64; offsets checked by native-tests/Unit/Abi
// against every installed interpreter's headers (native-tests/Support/AbiProbe).
// Each struct is named after the first version with that layout and reused until it changes.

/// <summary>PyObject / PyVarObject (Include/object.h), every release build.</summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
internal struct PyVarObject
{
    [FieldOffset(0)] public long ob_refcnt;
    [FieldOffset(8)] public ulong ob_type;
    [FieldOffset(16)] public long ob_size;
}

/// <summary>PyTypeObject, only the name (Include/cpython/object.h).</summary>
[StructLayout(LayoutKind.Explicit, Size = 32)]
internal struct PyTypeObject
{
    [FieldOffset(8)] public ulong ob_type;
    [FieldOffset(24)] public ulong tp_name;
}

/// <summary>2.7 byte string, the type of co_name and co_filename there (Include/stringobject.h).</summary>
[StructLayout(LayoutKind.Explicit, Size = 40)]
internal struct PyStringObject27
{
    [FieldOffset(8)] public ulong ob_type;
    [FieldOffset(16)] public long ob_size;
    [FieldOffset(24)] public long ob_shash;
    [FieldOffset(32)] public int ob_sstate;
    [FieldOffset(36)] public byte ob_sval;
}

/// <summary>3.x bytes (Include/cpython/bytesobject.h): line tables are bytes.</summary>
[StructLayout(LayoutKind.Explicit, Size = 40)]
internal struct PyBytesObject3
{
    [FieldOffset(8)] public ulong ob_type;
    [FieldOffset(16)] public long ob_size;
    [FieldOffset(24)] public long ob_shash;
    [FieldOffset(32)] public byte ob_sval;
}

/// <summary>
/// PEP 393 str, 3.3-3.11 (Include/cpython/unicodeobject.h): PyASCIIObject has a wstr pointer, so compact
/// ASCII data starts at 48 and compact non-ASCII data at 72; a non-compact string points to its data at 72.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 80)]
internal struct PyUnicodeObject33
{
    [FieldOffset(8)] public ulong ob_type;
    [FieldOffset(16)] public long length;
    [FieldOffset(24)] public long hash;
    [FieldOffset(32)] public uint state;
    [FieldOffset(40)] public ulong wstr;
    [FieldOffset(48)] public long utf8_length;  // PyCompactUnicodeObject
    [FieldOffset(56)] public ulong utf8;
    [FieldOffset(64)] public long wstr_length;
    [FieldOffset(72)] public ulong data;        // PyUnicodeObject, non-compact only

    public const int AsciiObjectSize = 48;
    public const int CompactUnicodeObjectSize = 72;
}

/// <summary>PEP 393 str, 3.12+: wstr is gone, so ASCII data at 40, non-ASCII at 56, data pointer at 56.</summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
internal struct PyUnicodeObject312
{
    [FieldOffset(8)] public ulong ob_type;
    [FieldOffset(16)] public long length;
    [FieldOffset(24)] public long hash;
    [FieldOffset(32)] public uint state;
    [FieldOffset(40)] public long utf8_length;
    [FieldOffset(48)] public ulong utf8;
    [FieldOffset(56)] public ulong data;

    public const int AsciiObjectSize = 40;
    public const int CompactUnicodeObjectSize = 56;
}

/// <summary>
/// Bits of PyASCIIObject.state, 3.3 onwards: interned 0-1, kind 2-4, compact 5, ascii 6. Bit 7 was "ready"
/// until 3.11 and is "statically_allocated" from 3.12, so it is never read.
/// </summary>
internal static class UnicodeState
{
    public static int Kind(uint state) => (int)((state >> 2) & 7);
    public static bool Compact(uint state) => (state & (1u << 5)) != 0;
    public static bool Ascii(uint state) => (state & (1u << 6)) != 0;
}
