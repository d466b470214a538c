// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Python.Abi;

// PyThreadState (struct _ts: Include/pystate.h, Include/cpython/pystate.h from 3.8),
// PyInterpreterState (struct _is: Include/pystate.h, Include/internal/pycore_interp.h from 3.9) and
// _PyRuntimeState (Include/internal/pycore_runtime.h, 3.7+). Only the fields the sampler reads.

/// <summary>2.7 thread state (no prev pointer).</summary>
[StructLayout(LayoutKind.Explicit, Size = 168)]
internal struct PyThreadState27
{
    [FieldOffset(0)] public ulong next;
    [FieldOffset(8)] public ulong interp;
    [FieldOffset(16)] public ulong frame;
    [FieldOffset(144)] public ulong thread_id;
}

/// <summary>3.4-3.6 thread state (prev added in front).</summary>
[StructLayout(LayoutKind.Explicit, Size = 160)]
internal struct PyThreadState36
{
    [FieldOffset(0)] public ulong prev;
    [FieldOffset(8)] public ulong next;
    [FieldOffset(16)] public ulong interp;
    [FieldOffset(24)] public ulong frame;
    [FieldOffset(152)] public ulong thread_id;
}

/// <summary>3.7-3.9 thread state.</summary>
[StructLayout(LayoutKind.Explicit, Size = 184)]
internal struct PyThreadState37
{
    [FieldOffset(0)] public ulong prev;
    [FieldOffset(8)] public ulong next;
    [FieldOffset(16)] public ulong interp;
    [FieldOffset(24)] public ulong frame;
    [FieldOffset(176)] public ulong thread_id;
}

/// <summary>3.10 thread state: frames still hang off tstate->frame (cframe only carries use_tracing).</summary>
[StructLayout(LayoutKind.Explicit, Size = 184)]
internal struct PyThreadState310
{
    [FieldOffset(0)] public ulong prev;
    [FieldOffset(8)] public ulong next;
    [FieldOffset(16)] public ulong interp;
    [FieldOffset(24)] public ulong frame;
    [FieldOffset(48)] public ulong cframe;
    [FieldOffset(176)] public ulong thread_id;
}

/// <summary>3.11 thread state: frames are reached through cframe->current_frame; the kernel TID is stored.</summary>
[StructLayout(LayoutKind.Explicit, Size = 312)]
internal struct PyThreadState311
{
    [FieldOffset(0)] public ulong prev;
    [FieldOffset(8)] public ulong next;
    [FieldOffset(16)] public ulong interp;
    [FieldOffset(56)] public ulong cframe;
    [FieldOffset(152)] public ulong thread_id;
    [FieldOffset(160)] public ulong native_thread_id;
    [FieldOffset(296)] public ulong datastack_chunk;
    [FieldOffset(304)] public ulong datastack_top;
}

/// <summary>3.12 thread state: the _status bit-field appears, thread ids move up.</summary>
[StructLayout(LayoutKind.Explicit, Size = 248)]
internal struct PyThreadState312
{
    [FieldOffset(0)] public ulong prev;
    [FieldOffset(8)] public ulong next;
    [FieldOffset(16)] public ulong interp;
    [FieldOffset(24)] public uint _status;
    [FieldOffset(56)] public ulong cframe;
    [FieldOffset(136)] public ulong thread_id;
    [FieldOffset(144)] public ulong native_thread_id;
    [FieldOffset(232)] public ulong datastack_chunk;
    [FieldOffset(240)] public ulong datastack_top;
}

/// <summary>3.13 thread state: _PyCFrame is gone, current_frame is here; state says attached/detached.</summary>
[StructLayout(LayoutKind.Explicit, Size = 248)]
internal struct PyThreadState313
{
    [FieldOffset(0)] public ulong prev;
    [FieldOffset(8)] public ulong next;
    [FieldOffset(16)] public ulong interp;
    [FieldOffset(32)] public uint _status;
    [FieldOffset(40)] public int state;
    [FieldOffset(72)] public ulong current_frame;
    [FieldOffset(152)] public ulong thread_id;
    [FieldOffset(160)] public ulong native_thread_id;
    [FieldOffset(232)] public ulong datastack_chunk;
    [FieldOffset(240)] public ulong datastack_top;
}

/// <summary>2.7 and 3.3-3.6 interpreter state (modules is only read to validate a candidate).</summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
internal struct PyInterpreterState27
{
    [FieldOffset(0)] public ulong next;
    [FieldOffset(8)] public ulong tstate_head;
    [FieldOffset(16)] public ulong modules;
}

/// <summary>3.7 interpreter state.</summary>
[StructLayout(LayoutKind.Explicit, Size = 48)]
internal struct PyInterpreterState37
{
    [FieldOffset(0)] public ulong next;
    [FieldOffset(8)] public ulong tstate_head;
    [FieldOffset(40)] public ulong modules;
}

/// <summary>3.8 interpreter state.</summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
internal struct PyInterpreterState38
{
    [FieldOffset(0)] public ulong next;
    [FieldOffset(8)] public ulong tstate_head;
    [FieldOffset(56)] public ulong modules;
}

/// <summary>3.9-3.10 interpreter state (ceval and gc moved in from the runtime).</summary>
[StructLayout(LayoutKind.Explicit, Size = 864)]
internal struct PyInterpreterState39
{
    [FieldOffset(0)] public ulong next;
    [FieldOffset(8)] public ulong tstate_head;
    [FieldOffset(816)] public int gc_collecting;   // gc.collecting
    [FieldOffset(856)] public ulong modules;
}

/// <summary>3.11 interpreter state: threads.head.</summary>
[StructLayout(LayoutKind.Explicit, Size = 896)]
internal struct PyInterpreterState311
{
    [FieldOffset(0)] public ulong next;
    [FieldOffset(16)] public ulong threads_head;   // threads.head
    [FieldOffset(848)] public int gc_collecting;
    [FieldOffset(888)] public ulong modules;
}

/// <summary>3.12 interpreter state: per-interpreter GIL (ceval.gil points to _gil or to the main one).</summary>
[StructLayout(LayoutKind.Explicit, Size = 1064)]
internal struct PyInterpreterState312
{
    [FieldOffset(0)] public ulong next;
    [FieldOffset(72)] public ulong threads_head;
    [FieldOffset(312)] public int gc_collecting;
    [FieldOffset(384)] public ulong ceval_gil;     // ceval.gil
    [FieldOffset(944)] public ulong imports_modules;
}

/// <summary>3.13 interpreter state: struct _ceval_state comes first, so next is no longer at 0.</summary>
[StructLayout(LayoutKind.Explicit, Size = 7776)]
internal struct PyInterpreterState313
{
    [FieldOffset(16)] public ulong ceval_gil;      // ceval.gil
    [FieldOffset(7264)] public ulong next;
    [FieldOffset(7344)] public ulong threads_head;
    [FieldOffset(7600)] public int gc_collecting;
    [FieldOffset(7656)] public ulong imports_modules;
}

/// <summary>_gil_runtime_state (Include/internal/pycore_gil.h), 3.7+.</summary>
[StructLayout(LayoutKind.Explicit, Size = 32)]
internal struct _gil_runtime_state
{
    [FieldOffset(8)] public ulong last_holder;
    [FieldOffset(16)] public int locked;
}

/// <summary>3.7 runtime state.</summary>
[StructLayout(LayoutKind.Explicit, Size = 1504)]
internal struct _PyRuntimeState37
{
    [FieldOffset(24)] public ulong interpreters_head;
    [FieldOffset(1272)] public ulong ceval_gil_last_holder;
    [FieldOffset(1280)] public int ceval_gil_locked;
    [FieldOffset(1480)] public ulong gilstate_tstate_current;
}

/// <summary>3.8 runtime state.</summary>
[StructLayout(LayoutKind.Explicit, Size = 1376)]
internal struct _PyRuntimeState38
{
    [FieldOffset(32)] public ulong interpreters_head;
    [FieldOffset(1160)] public ulong ceval_gil_last_holder;
    [FieldOffset(1168)] public int ceval_gil_locked;
    [FieldOffset(1368)] public ulong gilstate_tstate_current;
}

/// <summary>3.9-3.10 runtime state.</summary>
[StructLayout(LayoutKind.Explicit, Size = 576)]
internal struct _PyRuntimeState39
{
    [FieldOffset(32)] public ulong interpreters_head;
    [FieldOffset(360)] public ulong ceval_gil_last_holder;
    [FieldOffset(368)] public int ceval_gil_locked;
    [FieldOffset(568)] public ulong gilstate_tstate_current;
}

/// <summary>3.11 runtime state (main interpreter embedded further down).</summary>
[StructLayout(LayoutKind.Explicit, Size = 584)]
internal struct _PyRuntimeState311
{
    [FieldOffset(40)] public ulong interpreters_head;
    [FieldOffset(368)] public ulong ceval_gil_last_holder;
    [FieldOffset(376)] public int ceval_gil_locked;
    [FieldOffset(576)] public ulong gilstate_tstate_current;
}

/// <summary>3.12 runtime state: the GIL and the current thread state left it.</summary>
[StructLayout(LayoutKind.Explicit, Size = 48)]
internal struct _PyRuntimeState312
{
    [FieldOffset(40)] public ulong interpreters_head;
}

/// <summary>3.13 runtime state: starts with _Py_DebugOffsets (584 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 640)]
internal struct _PyRuntimeState313
{
    [FieldOffset(0)] public ulong debug_offsets_cookie;
    [FieldOffset(8)] public ulong debug_offsets_version;
    [FieldOffset(632)] public ulong interpreters_head;
}
