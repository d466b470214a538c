// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Python.Abi;

// PyInterpreterState (struct _is: Include/pystate.h, Include/internal/pycore_pystate.h in 3.8,
// Include/internal/pycore_interp.h from 3.9), up to the last member austin reads, and the structs nested in it
// before that member (the eval loop's and the garbage collector's state). modules is only read to validate a
// candidate interpreter.

/// <summary>2.7 and 3.3-3.6 interpreter state.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyInterpreterState27
{
    public ulong next;
    public ulong tstate_head;
    public ulong modules;
}

/// <summary>3.7 interpreter state: ids.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyInterpreterState37
{
    public ulong next;
    public ulong tstate_head;
    public long id;
    public long id_refcount;
    public ulong id_mutex;
    public ulong modules;
}

/// <summary>3.8 interpreter state: requires_idref, finalizing.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyInterpreterState38
{
    public ulong next;
    public ulong tstate_head;
    public long id;
    public long id_refcount;
    public int requires_idref;
    public ulong id_mutex;
    public int finalizing;
    public ulong modules;
}

/// <summary>A pending call of the eval loop (an anonymous struct up to 3.11, struct _pending_call in 3.12).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _pending_call37
{
    public ulong func;
    public ulong arg;
}

/// <summary>struct _pending_calls of an interpreter, 3.9-3.11 (Include/internal/pycore_interp.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _pending_calls39
{
    public ulong @lock;
    public int calls_to_do;
    public int async_exc;
    public CArray32<_pending_call37> calls;
    public int first;
    public int last;
}

/// <summary>struct _ceval_state, 3.9 (Include/internal/pycore_interp.h): moved in from the runtime.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _ceval_state39
{
    public int recursion_limit;
    public int tracing_possible;
    public int eval_breaker;
    public int gil_drop_request;
    public _pending_calls39 pending;
}

/// <summary>struct _ceval_state, 3.10-3.11: tracing_possible is gone (its padding keeps every offset).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _ceval_state310
{
    public int recursion_limit;
    public int eval_breaker;
    public int gil_drop_request;
    public _pending_calls39 pending;
}

/// <summary>PyGC_Head from 3.8 (Include/cpython/objimpl.h, Include/internal/pycore_gc.h from 3.9).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyGC_Head38
{
    public ulong _gc_next;
    public ulong _gc_prev;
}

/// <summary>struct gc_generation, 3.8+ (Include/internal/pycore_pymem.h; pycore_gc.h from 3.9).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct gc_generation38
{
    public PyGC_Head38 head;
    public int threshold;
    public int count;
}

/// <summary>struct gc_generation_stats, 3.7+.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct gc_generation_stats
{
    public long collections;
    public long collected;
    public long uncollectable;
}

/// <summary>
/// struct _gc_runtime_state, 3.8-3.13 release builds (in the runtime in 3.8, in each interpreter from 3.9):
/// collecting is 1 while a collection runs.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _gc_runtime_state38
{
    public ulong trash_delete_later;
    public int trash_delete_nesting;
    public int enabled;
    public int debug;
    public CArray3<gc_generation38> generations;
    public ulong generation0;
    public gc_generation38 permanent_generation;
    public CArray3<gc_generation_stats> generation_stats;
    public int collecting;
    public ulong garbage;
    public ulong callbacks;
    public long long_lived_total;
    public long long_lived_pending;
}

/// <summary>3.9 interpreter state: ceval and gc moved in from the runtime.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyInterpreterState39
{
    public ulong next;
    public ulong tstate_head;
    public ulong runtime;
    public long id;
    public long id_refcount;
    public int requires_idref;
    public ulong id_mutex;
    public int finalizing;
    public _ceval_state39 ceval;
    public _gc_runtime_state38 gc;
    public ulong modules;
}

/// <summary>3.10 interpreter state: 3.9's, with 3.10's _ceval_state.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyInterpreterState310
{
    public ulong next;
    public ulong tstate_head;
    public ulong runtime;
    public long id;
    public long id_refcount;
    public int requires_idref;
    public ulong id_mutex;
    public int finalizing;
    public _ceval_state310 ceval;
    public _gc_runtime_state38 gc;
    public ulong modules;
}

/// <summary>struct pythreads, 3.11-3.12 (Include/internal/pycore_interp.h): count is a long.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct pythreads311<TLong> where TLong : unmanaged
{
    public ulong next_unique_id;
    public ulong head;
    public TLong count;
    public ulong stacksize;
}

/// <summary>3.11 interpreter state: threads.head.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyInterpreterState311<TLong> where TLong : unmanaged
{
    public ulong next;
    public pythreads311<TLong> threads;
    public ulong runtime;
    public long id;
    public long id_refcount;
    public int requires_idref;
    public ulong id_mutex;
    public int _initialized;
    public int finalizing;
    public byte _static;
    public _ceval_state310 ceval;
    public _gc_runtime_state38 gc;
    public ulong modules;
}

/// <summary>struct _pending_calls of an interpreter, 3.12 (Include/internal/pycore_ceval_state.h): busy.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _pending_calls312
{
    public int busy;
    public ulong @lock;
    public int calls_to_do;
    public int async_exc;
    public CArray32<_pending_call37> calls;
    public int first;
    public int last;
}

/// <summary>struct _ceval_state, 3.12 (pycore_ceval_state.h): gil points to the GIL this interpreter uses.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _ceval_state312
{
    public int eval_breaker;
    public int gil_drop_request;
    public int recursion_limit;
    public ulong gil;
    public int own_gil;
    public int gc_scheduled;
    public _pending_calls312 pending;
}

/// <summary>struct _import_state (Include/internal/pycore_import.h), 3.12+: the cached sys.modules first.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _import_state312
{
    public ulong modules;
}

/// <summary>3.12 interpreter state: per-interpreter GIL; the fields austin reads were moved to the front.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyInterpreterState312<TLong> where TLong : unmanaged
{
    public ulong next;
    public long id;
    public long id_refcount;
    public int requires_idref;
    public ulong id_mutex;
    public int _initialized;
    public int finalizing;
    public ulong monitoring_version;
    public ulong last_restart_version;
    public pythreads311<TLong> threads;
    public ulong runtime;
    public ulong _finalizing;
    public _gc_runtime_state38 gc;
    public ulong sysdict;
    public ulong builtins;
    public _ceval_state312 ceval;
    public _import_state312 imports;
}

/// <summary>PyMutex (Include/cpython/lock.h, 3.13+): CPython's own one-byte lock, the same everywhere.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyMutex
{
    public byte _bits;
}

/// <summary>struct _pending_call, 3.13 (pycore_ceval_state.h): flags.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _pending_call313
{
    public ulong func;
    public ulong arg;
    public int flags;
}

/// <summary>struct _pending_calls of an interpreter, 3.13: 300 of them (PENDINGCALLSARRAYSIZE).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _pending_calls313
{
    public ulong handling_thread;
    public PyMutex mutex;
    public int npending;
    public int max;
    public int maxloop;
    public CArray300<_pending_call313> calls;
    public int first;
    public int next;
}

/// <summary>struct _ceval_state, 3.13: first in the interpreter state.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _ceval_state313
{
    public ulong instrumentation_version;
    public int recursion_limit;
    public ulong gil;
    public int own_gil;
    public _pending_calls313 pending;
}

/// <summary>struct pythreads, 3.13: main; count is a Py_ssize_t now.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct pythreads313
{
    public ulong next_unique_id;
    public ulong head;
    public ulong main;
    public long count;
    public ulong stacksize;
}

/// <summary>3.13 interpreter state: struct _ceval_state comes first, so next is no longer at 0; _whence is a long.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyInterpreterState313<TLong> where TLong : unmanaged
{
    public _ceval_state313 ceval;
    public ulong next;
    public long id;
    public long id_refcount;
    public int requires_idref;
    public ulong id_mutex;
    public TLong _whence;
    public int _initialized;
    public int _ready;
    public int finalizing;
    public ulong last_restart_version;
    public pythreads313 threads;
    public ulong runtime;
    public ulong _finalizing;
    public TLong _finalizing_id;
    public _gc_runtime_state38 gc;
    public ulong sysdict;
    public ulong builtins;
    public _import_state312 imports;
}
