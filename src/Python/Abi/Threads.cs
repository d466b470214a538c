// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Python.Abi;

// PyThreadState (struct _ts: Include/pystate.h, Include/cpython/pystate.h from 3.8), up to the last member austin
// reads. thread_id and native_thread_id are C longs (unsigned from 3.7): 8 bytes on Linux and macOS, 4 on Windows,
// where every member after them moves.

/// <summary>2.7 thread state (no prev pointer; tick_counter).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyThreadState27<TLong> where TLong : unmanaged
{
    public ulong next;
    public ulong interp;
    public ulong frame;
    public int recursion_depth;
    public int tracing;
    public int use_tracing;
    public ulong c_profilefunc;
    public ulong c_tracefunc;
    public ulong c_profileobj;
    public ulong c_traceobj;
    public ulong curexc_type;
    public ulong curexc_value;
    public ulong curexc_traceback;
    public ulong exc_type;
    public ulong exc_value;
    public ulong exc_traceback;
    public ulong dict;
    public int tick_counter;
    public int gilstate_counter;
    public ulong async_exc;
    public TLong thread_id;
}

/// <summary>3.3 thread state (measured by the ABI probe on a 3.3.7 build): 2.7's, with overflowed and recursion_critical.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyThreadState33<TLong> where TLong : unmanaged
{
    public ulong next;
    public ulong interp;
    public ulong frame;
    public int recursion_depth;
    public byte overflowed;
    public byte recursion_critical;
    public int tracing;
    public int use_tracing;
    public ulong c_profilefunc;
    public ulong c_tracefunc;
    public ulong c_profileobj;
    public ulong c_traceobj;
    public ulong curexc_type;
    public ulong curexc_value;
    public ulong curexc_traceback;
    public ulong exc_type;
    public ulong exc_value;
    public ulong exc_traceback;
    public ulong dict;
    public int tick_counter;
    public int gilstate_counter;
    public ulong async_exc;
    public TLong thread_id;
}

/// <summary>3.4-3.6 thread state (measured by the ABI probe on 3.4.10, 3.5.10 and 3.6 builds): prev added in front, tick_counter gone.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyThreadState34<TLong> where TLong : unmanaged
{
    public ulong prev;
    public ulong next;
    public ulong interp;
    public ulong frame;
    public int recursion_depth;
    public byte overflowed;
    public byte recursion_critical;
    public int tracing;
    public int use_tracing;
    public ulong c_profilefunc;
    public ulong c_tracefunc;
    public ulong c_profileobj;
    public ulong c_traceobj;
    public ulong curexc_type;
    public ulong curexc_value;
    public ulong curexc_traceback;
    public ulong exc_type;
    public ulong exc_value;
    public ulong exc_traceback;
    public ulong dict;
    public int gilstate_counter;
    public ulong async_exc;
    public TLong thread_id;
}

/// <summary>_PyErr_StackItem (struct _err_stackitem, Include/pystate.h), 3.7-3.10: an exception being handled.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _PyErr_StackItem37
{
    public ulong exc_type;
    public ulong exc_value;
    public ulong exc_traceback;
    public ulong previous_item;
}

/// <summary>3.7-3.9 thread state: stackcheck_counter, the exception state stack.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyThreadState37<TLong> where TLong : unmanaged
{
    public ulong prev;
    public ulong next;
    public ulong interp;
    public ulong frame;
    public int recursion_depth;
    public byte overflowed;
    public byte recursion_critical;
    public int stackcheck_counter;
    public int tracing;
    public int use_tracing;
    public ulong c_profilefunc;
    public ulong c_tracefunc;
    public ulong c_profileobj;
    public ulong c_traceobj;
    public ulong curexc_type;
    public ulong curexc_value;
    public ulong curexc_traceback;
    public _PyErr_StackItem37 exc_state;
    public ulong exc_info;
    public ulong dict;
    public int gilstate_counter;
    public ulong async_exc;
    public TLong thread_id;
}

/// <summary>3.10 thread state: frames still hang off frame (cframe only carries use_tracing).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyThreadState310<TLong> where TLong : unmanaged
{
    public ulong prev;
    public ulong next;
    public ulong interp;
    public ulong frame;
    public int recursion_depth;
    public int recursion_headroom;
    public int stackcheck_counter;
    public int tracing;
    public ulong cframe;
    public ulong c_profilefunc;
    public ulong c_tracefunc;
    public ulong c_profileobj;
    public ulong c_traceobj;
    public ulong curexc_type;
    public ulong curexc_value;
    public ulong curexc_traceback;
    public _PyErr_StackItem37 exc_state;
    public ulong exc_info;
    public ulong dict;
    public int gilstate_counter;
    public ulong async_exc;
    public TLong thread_id;
}

/// <summary>struct _opaque (Include/cpython/code.h, 3.11): the private part of PyCodeAddressRange.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _opaque311
{
    public int computed_line;
    public ulong lo_next;
    public ulong limit;
}

/// <summary>PyCodeAddressRange (struct _line_offsets, Include/cpython/code.h, 3.11).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyCodeAddressRange311
{
    public int ar_start;
    public int ar_end;
    public int ar_line;
    public _opaque311 opaque;
}

/// <summary>PyTraceInfo (Include/cpython/pystate.h, 3.11).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyTraceInfo311
{
    public ulong code;
    public PyCodeAddressRange311 bounds;
}

/// <summary>3.11 thread state: frames are reached through cframe->current_frame; the kernel TID is stored.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyThreadState311<TLong> where TLong : unmanaged
{
    public ulong prev;
    public ulong next;
    public ulong interp;
    public int _initialized;
    public int _static;
    public int recursion_remaining;
    public int recursion_limit;
    public int recursion_headroom;
    public int tracing;
    public int tracing_what;
    public ulong cframe;
    public ulong c_profilefunc;
    public ulong c_tracefunc;
    public ulong c_profileobj;
    public ulong c_traceobj;
    public ulong curexc_type;
    public ulong curexc_value;
    public ulong curexc_traceback;
    public ulong exc_info;
    public ulong dict;
    public int gilstate_counter;
    public ulong async_exc;
    public TLong thread_id;
    public TLong native_thread_id;
    public int trash_delete_nesting;
    public ulong trash_delete_later;
    public ulong on_delete;
    public ulong on_delete_data;
    public int coroutine_origin_tracking_depth;
    public ulong async_gen_firstiter;
    public ulong async_gen_finalizer;
    public ulong context;
    public ulong context_ver;
    public ulong id;
    public PyTraceInfo311 trace_info;
    public ulong datastack_chunk;
    public ulong datastack_top;
}

/// <summary>struct _py_trashcan (Include/cpython/pystate.h, 3.12).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _py_trashcan312
{
    public int delete_nesting;
    public ulong delete_later;
}

/// <summary>3.12 thread state: the _status bit-field (one unsigned int) appears, thread ids move up.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyThreadState312<TLong> where TLong : unmanaged
{
    public ulong prev;
    public ulong next;
    public ulong interp;
    public uint _status;
    public int py_recursion_remaining;
    public int py_recursion_limit;
    public int c_recursion_remaining;
    public int recursion_headroom;
    public int tracing;
    public int what_event;
    public ulong cframe;
    public ulong c_profilefunc;
    public ulong c_tracefunc;
    public ulong c_profileobj;
    public ulong c_traceobj;
    public ulong current_exception;
    public ulong exc_info;
    public ulong dict;
    public int gilstate_counter;
    public ulong async_exc;
    public TLong thread_id;
    public TLong native_thread_id;
    public _py_trashcan312 trash;
    public ulong on_delete;
    public ulong on_delete_data;
    public int coroutine_origin_tracking_depth;
    public ulong async_gen_firstiter;
    public ulong async_gen_finalizer;
    public ulong context;
    public ulong context_ver;
    public ulong id;
    public ulong datastack_chunk;
    public ulong datastack_top;
}

/// <summary>
/// 3.13 thread state, whole (a _PyThreadStateImpl follows it): _PyCFrame is gone, current_frame is here; state says
/// attached or detached.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyThreadState313<TLong> where TLong : unmanaged
{
    public ulong prev;
    public ulong next;
    public ulong interp;
    public ulong eval_breaker;
    public uint _status;
    public int _whence;
    public int state;
    public int py_recursion_remaining;
    public int py_recursion_limit;
    public int c_recursion_remaining;
    public int recursion_headroom;
    public int tracing;
    public int what_event;
    public ulong current_frame;
    public ulong c_profilefunc;
    public ulong c_tracefunc;
    public ulong c_profileobj;
    public ulong c_traceobj;
    public ulong current_exception;
    public ulong exc_info;
    public ulong dict;
    public int gilstate_counter;
    public ulong async_exc;
    public TLong thread_id;
    public TLong native_thread_id;
    public ulong delete_later;
    public ulong critical_section;
    public int coroutine_origin_tracking_depth;
    public ulong async_gen_firstiter;
    public ulong async_gen_finalizer;
    public ulong context;
    public ulong context_ver;
    public ulong id;
    public ulong datastack_chunk;
    public ulong datastack_top;
    public ulong datastack_limit;
    public _PyErr_StackItem311 exc_state;
    public ulong previous_executor;
    public ulong dict_global_version;
    public ulong threading_local_key;
    public ulong threading_local_sentinel;
}
