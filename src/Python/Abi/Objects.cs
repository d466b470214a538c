// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Python.Abi;

// Object headers, strings and bytes of release builds (a Py_TRACE_REFS or free-threaded build has another object
// header). Sequential structs with CPython's members in CPython's order, up to the last one austin reads; members of
// a type that differs between platforms are type parameters (NativeTypes.cs). Each struct is named after the first
// version with that layout and reused until it changes; native-tests/Unit/Abi checks them against the headers of
// every installed interpreter (native-tests/Support/AbiProbe).

/// <summary>PyObject (Include/object.h), 3.x: what PyObject_HEAD declares.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyObject
{
    public long ob_refcnt;
    public ulong ob_type;
}

/// <summary>PyVarObject (Include/object.h), 3.x: what PyObject_VAR_HEAD declares.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyVarObject
{
    public PyObject ob_base;
    public long ob_size;
}

/// <summary>PyTypeObject up to its name (Include/object.h; Include/cpython/object.h from 3.8).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyTypeObject
{
    public PyVarObject ob_base;
    public ulong tp_name;
}

/// <summary>2.7 byte string, the type of co_name and co_filename there (Include/stringobject.h); ob_shash is a long.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PyStringObject27<TLong> where TLong : unmanaged
{
    public long ob_refcnt;
    public ulong ob_type;
    public long ob_size;
    public TLong ob_shash;
    public int ob_sstate;
    public fixed byte ob_sval[1];
}

/// <summary>3.x bytes (Include/bytesobject.h; Include/cpython/bytesobject.h from 3.9): line tables are bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PyBytesObject3
{
    public PyVarObject ob_base;
    public long ob_shash;
    public fixed byte ob_sval[1];
}

/// <summary>
/// PEP 393 str header, 3.3-3.11 (Include/unicodeobject.h; Include/cpython/unicodeobject.h from 3.8): the state
/// bit-field (<see cref="UnicodeState"/>) and a wstr pointer; compact ASCII characters follow it.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyASCIIObject33
{
    public PyObject ob_base;
    public long length;
    public long hash;
    public uint state;
    public ulong wstr;
}

/// <summary>3.3-3.11 compact non-ASCII str: its characters follow it.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyCompactUnicodeObject33
{
    public PyASCIIObject33 _base;
    public long utf8_length;
    public ulong utf8;
    public long wstr_length;
}

/// <summary>3.3-3.11 str that is not compact: data points to its characters (a union of pointers).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyUnicodeObject33
{
    public PyCompactUnicodeObject33 _base;
    public ulong data;
}

/// <summary>PEP 393 str header from 3.12 (Include/cpython/unicodeobject.h): wstr is gone.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyASCIIObject312
{
    public PyObject ob_base;
    public long length;
    public long hash;
    public uint state;
}

/// <summary>3.12+ compact non-ASCII str (wstr_length is gone too).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyCompactUnicodeObject312
{
    public PyASCIIObject312 _base;
    public long utf8_length;
    public ulong utf8;
}

/// <summary>3.12+ str that is not compact.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyUnicodeObject312
{
    public PyCompactUnicodeObject312 _base;
    public ulong data;
}

/// <summary>
/// Bits of PyASCIIObject.state, 3.3 onwards: interned 0-1, kind 2-4, compact 5, ascii 6. Bit 7 was "ready"
/// until 3.11 and is "statically_allocated" from 3.12, so it is never read. An unsigned int bit-field, which GCC,
/// Clang and MSVC all allocate from bit 0 upwards.
/// </summary>
internal static class UnicodeState
{
    public static int Kind(uint state) => (int)((state >> 2) & 7);
    public static bool Compact(uint state) => (state & (1u << 5)) != 0;
    public static bool Ascii(uint state) => (state & (1u << 6)) != 0;
}
