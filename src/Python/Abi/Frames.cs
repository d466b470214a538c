// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Python.Abi;

// Frames. Up to 3.10 the chain is PyFrameObject (Include/frameobject.h, Include/cpython/frameobject.h);
// from 3.11 it is _PyInterpreterFrame (Include/internal/pycore_frame.h), reached through _PyCFrame in 3.11-3.12.

/// <summary>2.7 and 3.3-3.6 frame object.</summary>
[StructLayout(LayoutKind.Explicit, Size = 384)]
internal struct PyFrameObject27
{
    [FieldOffset(8)] public ulong ob_type;
    [FieldOffset(24)] public ulong f_back;
    [FieldOffset(32)] public ulong f_code;
    [FieldOffset(120)] public int f_lasti;   // byte offset of the last instruction started; -1 before the first
}

/// <summary>3.7-3.9 frame object (f_exc_* moved to the generator: f_lasti at 104).</summary>
[StructLayout(LayoutKind.Explicit, Size = 368)]
internal struct PyFrameObject37
{
    [FieldOffset(8)] public ulong ob_type;
    [FieldOffset(24)] public ulong f_back;
    [FieldOffset(32)] public ulong f_code;
    [FieldOffset(104)] public int f_lasti;
}

/// <summary>3.10 frame object: f_lasti counts 2-byte code units, not bytes.</summary>
[StructLayout(LayoutKind.Explicit, Size = 360)]
internal struct PyFrameObject310
{
    [FieldOffset(8)] public ulong ob_type;
    [FieldOffset(24)] public ulong f_back;
    [FieldOffset(32)] public ulong f_code;
    [FieldOffset(96)] public int f_lasti;
}

/// <summary>3.11 interpreter frame: f_code at 32, previous at 48, prev_instr at 56, owner at 69.</summary>
[StructLayout(LayoutKind.Explicit, Size = 80)]
internal struct _PyInterpreterFrame311
{
    [FieldOffset(32)] public ulong f_code;
    [FieldOffset(48)] public ulong previous;
    [FieldOffset(56)] public ulong prev_instr;
    [FieldOffset(68)] public byte is_entry;
    [FieldOffset(69)] public byte owner;
}

/// <summary>3.12 interpreter frame: f_code first, previous second; owner 3 marks the C-stack shim frames.</summary>
[StructLayout(LayoutKind.Explicit, Size = 80)]
internal struct _PyInterpreterFrame312
{
    [FieldOffset(0)] public ulong f_code;
    [FieldOffset(8)] public ulong previous;
    [FieldOffset(56)] public ulong prev_instr;
    [FieldOffset(70)] public byte owner;
}

/// <summary>3.13 interpreter frame: f_executable may be None (the entry frame); instr_ptr is the current instruction.</summary>
[StructLayout(LayoutKind.Explicit, Size = 80)]
internal struct _PyInterpreterFrame313
{
    [FieldOffset(0)] public ulong f_executable;
    [FieldOffset(8)] public ulong previous;
    [FieldOffset(56)] public ulong instr_ptr;
    [FieldOffset(70)] public byte owner;
}

/// <summary>3.11 _PyCFrame (Include/cpython/pystate.h): the innermost frame of the running eval loop.</summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
internal struct _PyCFrame311
{
    [FieldOffset(0)] public byte use_tracing;
    [FieldOffset(8)] public ulong current_frame;
    [FieldOffset(16)] public ulong previous;
}

/// <summary>3.12 _PyCFrame: use_tracing removed.</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct _PyCFrame312
{
    [FieldOffset(0)] public ulong current_frame;
    [FieldOffset(8)] public ulong previous;
}

/// <summary>_PyStackChunk (3.11+, Include/internal/pycore_frame.h): a thread's data stack, where its frames live.</summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
internal struct _PyStackChunk
{
    [FieldOffset(0)] public ulong previous;
    [FieldOffset(8)] public ulong size;
    [FieldOffset(16)] public ulong top;
}
