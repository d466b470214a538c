// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Python.Abi;

// Frames. Up to 3.10 the chain is PyFrameObject (Include/frameobject.h, Include/cpython/frameobject.h from 3.9);
// from 3.11 it is _PyInterpreterFrame (Include/internal/pycore_frame.h; pycore_interpframe_structs.h in 3.14),
// reached through _PyCFrame in 3.11-3.12. Up to the last member austin reads; nothing before it differs between
// 64-bit platforms.

/// <summary>2.7 and 3.3 frame object: f_exc_* and f_tstate before f_lasti.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyFrameObject27
{
    public long ob_refcnt;
    public ulong ob_type;
    public long ob_size;
    public ulong f_back;
    public ulong f_code;
    public ulong f_builtins;
    public ulong f_globals;
    public ulong f_locals;
    public ulong f_valuestack;
    public ulong f_stacktop;
    public ulong f_trace;
    public ulong f_exc_type;
    public ulong f_exc_value;
    public ulong f_exc_traceback;
    public ulong f_tstate;
    /// <summary>Byte offset of the last instruction started; -1 before the first.</summary>
    public int f_lasti;
}

/// <summary>3.4-3.6 frame object (measured by the ABI probe on 3.4.10, 3.5.10 and 3.6 builds): f_gen replaces f_tstate.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyFrameObject34
{
    public PyVarObject ob_base;
    public ulong f_back;
    public ulong f_code;
    public ulong f_builtins;
    public ulong f_globals;
    public ulong f_locals;
    public ulong f_valuestack;
    public ulong f_stacktop;
    public ulong f_trace;
    public ulong f_exc_type;
    public ulong f_exc_value;
    public ulong f_exc_traceback;
    public ulong f_gen;
    public int f_lasti;
}

/// <summary>3.7-3.9 frame object: f_exc_* moved to the generator, f_trace_lines and f_trace_opcodes came.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyFrameObject37
{
    public PyVarObject ob_base;
    public ulong f_back;
    public ulong f_code;
    public ulong f_builtins;
    public ulong f_globals;
    public ulong f_locals;
    public ulong f_valuestack;
    public ulong f_stacktop;
    public ulong f_trace;
    public byte f_trace_lines;
    public byte f_trace_opcodes;
    public ulong f_gen;
    public int f_lasti;
}

/// <summary>3.10 frame object: f_stackdepth replaces f_stacktop; f_lasti counts 2-byte code units, not bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyFrameObject310
{
    public PyVarObject ob_base;
    public ulong f_back;
    public ulong f_code;
    public ulong f_builtins;
    public ulong f_globals;
    public ulong f_locals;
    public ulong f_valuestack;
    public ulong f_trace;
    public int f_stackdepth;
    public byte f_trace_lines;
    public byte f_trace_opcodes;
    public ulong f_gen;
    public int f_lasti;
}

/// <summary>3.11 interpreter frame: is_entry marks the first frame of each C-level call of the eval loop (a real frame).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _PyInterpreterFrame311
{
    public ulong f_func;
    public ulong f_globals;
    public ulong f_builtins;
    public ulong f_locals;
    public ulong f_code;
    public ulong frame_obj;
    public ulong previous;
    public ulong prev_instr;
    public int stacktop;
    public byte is_entry;
    public byte owner;
    /// <summary>The first of the frame's variable-sized tail: sizeof includes one, as C's localsplus[1] does.</summary>
    public ulong localsplus;
}

/// <summary>3.12 interpreter frame: f_code first, previous second; owner 3 marks the C-stack shim frames.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _PyInterpreterFrame312
{
    public ulong f_code;
    public ulong previous;
    public ulong f_funcobj;
    public ulong f_globals;
    public ulong f_builtins;
    public ulong f_locals;
    public ulong frame_obj;
    public ulong prev_instr;
    public int stacktop;
    public ushort return_offset;
    public byte owner;
    public ulong localsplus;
}

/// <summary>3.13 interpreter frame: f_executable may be None (the entry frame); instr_ptr is the current instruction.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _PyInterpreterFrame313
{
    public ulong f_executable;
    public ulong previous;
    public ulong f_funcobj;
    public ulong f_globals;
    public ulong f_builtins;
    public ulong f_locals;
    public ulong frame_obj;
    public ulong instr_ptr;
    public int stacktop;
    public ushort return_offset;
    public byte owner;
    public ulong localsplus;
}

/// <summary>_PyStackRef (3.14, Include/internal/pycore_stackref.h): a tagged object pointer; the low bits are tags.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _PyStackRef
{
    public ulong bits;
}

/// <summary>
/// 3.14 interpreter frame (unmeasured: from py-spy's bindings of the 3.14.0 headers; the target's _Py_DebugOffsets
/// publishes its offsets): f_executable is a tagged _PyStackRef, stackpointer replaces stacktop.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _PyInterpreterFrame314
{
    public _PyStackRef f_executable;
    public ulong previous;
    public _PyStackRef f_funcobj;
    public ulong f_globals;
    public ulong f_builtins;
    public ulong f_locals;
    public ulong frame_obj;
    public ulong instr_ptr;
    public ulong stackpointer;
    public ushort return_offset;
    public byte owner;
    public byte visited;
    public _PyStackRef localsplus;
}

/// <summary>3.11 _PyCFrame (Include/cpython/pystate.h): the innermost frame of the running eval loop.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _PyCFrame311
{
    public byte use_tracing;
    public ulong current_frame;
    public ulong previous;
}

/// <summary>3.12 _PyCFrame: use_tracing removed.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _PyCFrame312
{
    public ulong current_frame;
    public ulong previous;
}

/// <summary>_PyStackChunk (3.11+, Include/internal/pycore_frame.h): a thread's data stack, where its frames live.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _PyStackChunk
{
    public ulong previous;
    public ulong size;
    public ulong top;
}
