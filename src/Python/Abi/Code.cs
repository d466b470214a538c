// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Python.Abi;

// PyCodeObject (Include/code.h up to 3.8, Include/cpython/code.h from 3.9). Only the fields the sampler reads.

/// <summary>2.7 code object.</summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal struct PyCodeObject27
{
    [FieldOffset(8)] public ulong ob_type;
    [FieldOffset(80)] public ulong co_filename;
    [FieldOffset(88)] public ulong co_name;
    [FieldOffset(96)] public int co_firstlineno;
    [FieldOffset(104)] public ulong co_lnotab;
}

/// <summary>3.3-3.7 code object (co_firstlineno moved up after the int fields).</summary>
[StructLayout(LayoutKind.Explicit, Size = 144)]
internal struct PyCodeObject36
{
    [FieldOffset(8)] public ulong ob_type;
    [FieldOffset(36)] public int co_firstlineno;
    [FieldOffset(96)] public ulong co_filename;
    [FieldOffset(104)] public ulong co_name;
    [FieldOffset(112)] public ulong co_lnotab;
}

/// <summary>3.8-3.9 code object (co_posonlyargcount shifts everything by 4/8).</summary>
[StructLayout(LayoutKind.Explicit, Size = 176)]
internal struct PyCodeObject38
{
    [FieldOffset(8)] public ulong ob_type;
    [FieldOffset(40)] public int co_firstlineno;
    [FieldOffset(104)] public ulong co_filename;
    [FieldOffset(112)] public ulong co_name;
    [FieldOffset(120)] public ulong co_lnotab;
}

/// <summary>3.10 code object: same places, but co_lnotab became co_linetable (Objects/lnotab_notes.txt).</summary>
[StructLayout(LayoutKind.Explicit, Size = 176)]
internal struct PyCodeObject310
{
    [FieldOffset(8)] public ulong ob_type;
    [FieldOffset(40)] public int co_firstlineno;
    [FieldOffset(104)] public ulong co_filename;
    [FieldOffset(112)] public ulong co_name;
    [FieldOffset(120)] public ulong co_linetable;
}

/// <summary>3.11 code object: variable-sized, bytecode inline at co_code_adaptive; co_qualname appears.</summary>
[StructLayout(LayoutKind.Explicit, Size = 192)]
internal struct PyCodeObject311
{
    [FieldOffset(8)] public ulong ob_type;
    [FieldOffset(16)] public long ob_size;
    [FieldOffset(72)] public int co_firstlineno;
    [FieldOffset(112)] public ulong co_filename;
    [FieldOffset(120)] public ulong co_name;
    [FieldOffset(128)] public ulong co_qualname;
    [FieldOffset(136)] public ulong co_linetable;
    [FieldOffset(168)] public int _co_firsttraceable;
    [FieldOffset(184)] public byte co_code_adaptive;
}

/// <summary>3.12 code object (co_firstlineno at 68; two more fields before the bytecode).</summary>
[StructLayout(LayoutKind.Explicit, Size = 200)]
internal struct PyCodeObject312
{
    [FieldOffset(8)] public ulong ob_type;
    [FieldOffset(16)] public long ob_size;
    [FieldOffset(68)] public int co_firstlineno;
    [FieldOffset(112)] public ulong co_filename;
    [FieldOffset(120)] public ulong co_name;
    [FieldOffset(128)] public ulong co_qualname;
    [FieldOffset(136)] public ulong co_linetable;
    [FieldOffset(176)] public int _co_firsttraceable;
    [FieldOffset(192)] public byte co_code_adaptive;
}

/// <summary>3.13 code object (one more pointer before the bytecode).</summary>
[StructLayout(LayoutKind.Explicit, Size = 208)]
internal struct PyCodeObject313
{
    [FieldOffset(8)] public ulong ob_type;
    [FieldOffset(16)] public long ob_size;
    [FieldOffset(68)] public int co_firstlineno;
    [FieldOffset(112)] public ulong co_filename;
    [FieldOffset(120)] public ulong co_name;
    [FieldOffset(128)] public ulong co_qualname;
    [FieldOffset(136)] public ulong co_linetable;
    [FieldOffset(184)] public int _co_firsttraceable;
    [FieldOffset(200)] public byte co_code_adaptive;
}
