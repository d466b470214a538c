// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Python.Abi;

// _PyRuntimeState (the _PyRuntime global, 3.7+: Include/internal/pystate.h in 3.7, pycore_pystate.h in 3.8,
// pycore_runtime.h from 3.9), up to the last member austin reads, and what is nested in it before that member. Up to
// 3.11 the GIL is in the runtime, so the condition variables and mutexes of the target's C library (PyCOND_T,
// PyMUTEX_T: Include/internal/pycore_condvar.h) decide where gilstate.tstate_current lies; in 3.7 so does long
// double (PyGC_Head is a union with one).

/// <summary>
/// struct _gil_runtime_state (Include/internal/gil.h in 3.7, pycore_gil.h from 3.8), release builds: in the
/// runtime up to 3.11, in each interpreter from 3.12. FORCE_SWITCHING is always defined (Python/ceval_gil.h).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _gil_runtime_state<TLong, TMutex, TCond>
    where TLong : unmanaged where TMutex : unmanaged where TCond : unmanaged
{
    public TLong interval;
    /// <summary>The thread state that holds the GIL, or held it last.</summary>
    public ulong last_holder;
    /// <summary>1 while held, 0 when released, -1 before initialisation.</summary>
    public int locked;
    public TLong switch_number;
    public TCond cond;
    public TMutex mutex;
    public TCond switch_cond;
    public TMutex switch_mutex;
}

/// <summary>struct pyinterpreters, 3.7-3.12: the interpreter list.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct pyinterpreters37
{
    public ulong mutex;
    public ulong head;
    public ulong main;
    public long next_id;
}

/// <summary>struct pyinterpreters, 3.13+: mutex is a PyMutex.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct pyinterpreters313
{
    public PyMutex mutex;
    public ulong head;
    public ulong main;
    public long next_id;
}

/// <summary>
/// union _gc_head, 3.7 (Include/objimpl.h): { struct { gc_next, gc_prev, gc_refs } gc; long double dummy; },
/// forced to long double's alignment (bpo-27987). C# cannot overlap a generic member, and austin reads none of
/// it: this has the union's size and alignment whenever long double is 8 bytes (aligned 8) or 16 (aligned 16),
/// which covers every target austin knows.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyGC_Head37<TLongDouble> where TLongDouble : unmanaged
{
    public TLongDouble dummy;
    public ulong gc_prev;
    public long gc_refs;
}

/// <summary>struct gc_generation, 3.7 (Include/internal/mem.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct gc_generation37<TLongDouble> where TLongDouble : unmanaged
{
    public PyGC_Head37<TLongDouble> head;
    public int threshold;
    public int count;
}

/// <summary>struct _gc_runtime_state, 3.7 (Include/internal/mem.h): in the runtime.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _gc_runtime_state37<TLongDouble> where TLongDouble : unmanaged
{
    public ulong trash_delete_later;
    public int trash_delete_nesting;
    public int enabled;
    public int debug;
    public CArray3<gc_generation37<TLongDouble>> generations;
    public ulong generation0;
    public gc_generation37<TLongDouble> permanent_generation;
    public CArray3<gc_generation_stats> generation_stats;
    public int collecting;
    public ulong garbage;
    public ulong callbacks;
    public long long_lived_total;
    public long long_lived_pending;
}

/// <summary>struct _warnings_runtime_state, 3.7 (Include/internal/warnings.h): filters_version is a long.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _warnings_runtime_state37<TLong> where TLong : unmanaged
{
    public ulong filters;
    public ulong once_registry;
    public ulong default_action;
    public TLong filters_version;
}

/// <summary>struct _pending_calls of the runtime, 3.7 (Include/internal/ceval.h): main_thread is a long.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _pending_calls37<TLong> where TLong : unmanaged
{
    public TLong main_thread;
    public ulong @lock;
    public int calls_to_do;
    public int async_exc;
    public CArray32<_pending_call37> calls;
    public int first;
    public int last;
}

/// <summary>struct _ceval_runtime_state, 3.7 (Include/internal/ceval.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _ceval_runtime_state37<TLong, TMutex, TCond>
    where TLong : unmanaged where TMutex : unmanaged where TCond : unmanaged
{
    public int recursion_limit;
    public int tracing_possible;
    public int eval_breaker;
    public int gil_drop_request;
    public _pending_calls37<TLong> pending;
    public _gil_runtime_state<TLong, TMutex, TCond> gil;
}

/// <summary>struct _gilstate_runtime_state, 3.7-3.11, up to tstate_current (the thread state holding the GIL).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _gilstate_runtime_state37
{
    public int check_enabled;
    public ulong tstate_current;
}

/// <summary>3.7 runtime state.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _PyRuntimeState37<TLong, TLongDouble, TMutex, TCond>
    where TLong : unmanaged where TLongDouble : unmanaged where TMutex : unmanaged where TCond : unmanaged
{
    public int initialized;
    public int core_initialized;
    public ulong finalizing;
    public pyinterpreters37 interpreters;
    public CArray32<ulong> exitfuncs;
    public int nexitfuncs;
    public _gc_runtime_state37<TLongDouble> gc;
    public _warnings_runtime_state37<TLong> warnings;
    public _ceval_runtime_state37<TLong, TMutex, TCond> ceval;
    public _gilstate_runtime_state37 gilstate;
}

/// <summary>struct _xidregistry, 3.8-3.11.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _xidregistry38
{
    public ulong mutex;
    public ulong head;
}

/// <summary>struct _pending_calls of the runtime, 3.8 (Include/internal/pycore_pystate.h): finishing.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _pending_calls38
{
    public int finishing;
    public ulong @lock;
    public int calls_to_do;
    public int async_exc;
    public CArray32<_pending_call37> calls;
    public int first;
    public int last;
}

/// <summary>struct _ceval_runtime_state, 3.8: signals_pending.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _ceval_runtime_state38<TLong, TMutex, TCond>
    where TLong : unmanaged where TMutex : unmanaged where TCond : unmanaged
{
    public int recursion_limit;
    public int tracing_possible;
    public int eval_breaker;
    public int gil_drop_request;
    public _pending_calls38 pending;
    public int signals_pending;
    public _gil_runtime_state<TLong, TMutex, TCond> gil;
}

/// <summary>3.8 runtime state: main_thread (a long), the GC still here.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _PyRuntimeState38<TLong, TMutex, TCond>
    where TLong : unmanaged where TMutex : unmanaged where TCond : unmanaged
{
    public int preinitializing;
    public int preinitialized;
    public int core_initialized;
    public int initialized;
    public ulong finalizing;
    public pyinterpreters37 interpreters;
    public _xidregistry38 xidregistry;
    public TLong main_thread;
    public CArray32<ulong> exitfuncs;
    public int nexitfuncs;
    public _gc_runtime_state38 gc;
    public _ceval_runtime_state38<TLong, TMutex, TCond> ceval;
    public _gilstate_runtime_state37 gilstate;
}

/// <summary>struct _ceval_runtime_state, 3.9-3.11 (pycore_runtime.h): the rest moved to the interpreters.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _ceval_runtime_state39<TLong, TMutex, TCond>
    where TLong : unmanaged where TMutex : unmanaged where TCond : unmanaged
{
    public int signals_pending;
    public _gil_runtime_state<TLong, TMutex, TCond> gil;
}

/// <summary>3.9-3.10 runtime state: _finalizing, the GC moved to the interpreters.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _PyRuntimeState39<TLong, TMutex, TCond>
    where TLong : unmanaged where TMutex : unmanaged where TCond : unmanaged
{
    public int preinitializing;
    public int preinitialized;
    public int core_initialized;
    public int initialized;
    public ulong _finalizing;
    public pyinterpreters37 interpreters;
    public _xidregistry38 xidregistry;
    public TLong main_thread;
    public CArray32<ulong> exitfuncs;
    public int nexitfuncs;
    public _ceval_runtime_state39<TLong, TMutex, TCond> ceval;
    public _gilstate_runtime_state37 gilstate;
}

/// <summary>3.11 runtime state: _initialized in front (the main interpreter is embedded further down).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _PyRuntimeState311<TLong, TMutex, TCond>
    where TLong : unmanaged where TMutex : unmanaged where TCond : unmanaged
{
    public int _initialized;
    public int preinitializing;
    public int preinitialized;
    public int core_initialized;
    public int initialized;
    public ulong _finalizing;
    public pyinterpreters37 interpreters;
    public _xidregistry38 xidregistry;
    public TLong main_thread;
    public CArray32<ulong> exitfuncs;
    public int nexitfuncs;
    public _ceval_runtime_state39<TLong, TMutex, TCond> ceval;
    public _gilstate_runtime_state37 gilstate;
}

/// <summary>3.12 runtime state: the GIL and the current thread state left it; the interpreter list is all austin reads.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _PyRuntimeState312
{
    public int _initialized;
    public int preinitializing;
    public int preinitialized;
    public int core_initialized;
    public int initialized;
    public ulong _finalizing;
    public pyinterpreters37 interpreters;
}

/// <summary>3.13 runtime state: starts with _Py_DebugOffsets; _finalizing_id is a long.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _PyRuntimeState313<TLong> where TLong : unmanaged
{
    public _Py_DebugOffsets313 debug_offsets;
    public int _initialized;
    public int preinitializing;
    public int preinitialized;
    public int core_initialized;
    public int initialized;
    public ulong _finalizing;
    public TLong _finalizing_id;
    public pyinterpreters313 interpreters;
}
