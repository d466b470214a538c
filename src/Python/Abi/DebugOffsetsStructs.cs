// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Python.Abi;

// _Py_DebugOffsets: from 3.13 the runtime state starts with a table of the offsets an out-of-process tool needs
// (Include/internal/pycore_runtime.h in 3.13, Include/internal/pycore_debug_offsets.h in 3.14), filled at build
// time by _Py_DebugOffsets_INIT, so valid from process start. Every entry is a uint64_t on every platform; the
// table's own layout is stable only within one minor version. The groups keep CPython's struct tags, each named
// after the first version with that layout. DebugOffsets.cs reads them.

/// <summary>struct _runtime_state of _Py_DebugOffsets, 3.13+: offsets in _PyRuntimeState.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _runtime_state313
{
    public ulong size;
    public ulong finalizing;
    public ulong interpreters_head;
}

/// <summary>struct _interpreter_state of _Py_DebugOffsets, 3.13: offsets in PyInterpreterState (gil_runtime_state_locked and _holder: of _gil.locked and _gil.last_holder).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _interpreter_state313
{
    public ulong size;
    public ulong id;
    public ulong next;
    public ulong threads_head;
    public ulong gc;
    public ulong imports_modules;
    public ulong sysdict;
    public ulong builtins;
    public ulong ceval_gil;
    public ulong gil_runtime_state;
    public ulong gil_runtime_state_enabled;
    public ulong gil_runtime_state_locked;
    public ulong gil_runtime_state_holder;
}

/// <summary>struct _thread_state of _Py_DebugOffsets, 3.13+: offsets in PyThreadState (status: of _status).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _thread_state313
{
    public ulong size;
    public ulong prev;
    public ulong next;
    public ulong interp;
    public ulong current_frame;
    public ulong thread_id;
    public ulong native_thread_id;
    public ulong datastack_chunk;
    public ulong status;
}

/// <summary>struct _interpreter_frame of _Py_DebugOffsets, 3.13: offsets in _PyInterpreterFrame (executable: of f_executable).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _interpreter_frame313
{
    public ulong size;
    public ulong previous;
    public ulong executable;
    public ulong instr_ptr;
    public ulong localsplus;
    public ulong owner;
}

/// <summary>struct _code_object of _Py_DebugOffsets, 3.13: offsets in PyCodeObject (filename: of co_filename, and so on).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _code_object313
{
    public ulong size;
    public ulong filename;
    public ulong name;
    public ulong qualname;
    public ulong linetable;
    public ulong firstlineno;
    public ulong argcount;
    public ulong localsplusnames;
    public ulong localspluskinds;
    public ulong co_code_adaptive;
}

/// <summary>struct _pyobject of _Py_DebugOffsets, 3.13+: offsets in PyObject.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _pyobject313
{
    public ulong size;
    public ulong ob_type;
}

/// <summary>struct _type_object of _Py_DebugOffsets, 3.13+: offsets in PyTypeObject.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _type_object313
{
    public ulong size;
    public ulong tp_name;
    public ulong tp_repr;
    public ulong tp_flags;
}

/// <summary>struct _tuple_object of _Py_DebugOffsets, 3.13+: offsets in PyTupleObject.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _tuple_object313
{
    public ulong size;
    public ulong ob_item;
    public ulong ob_size;
}

/// <summary>struct _list_object of _Py_DebugOffsets, 3.13+: offsets in PyListObject.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _list_object313
{
    public ulong size;
    public ulong ob_item;
    public ulong ob_size;
}

/// <summary>struct _dict_object of _Py_DebugOffsets, 3.13+: offsets in PyDictObject.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _dict_object313
{
    public ulong size;
    public ulong ma_keys;
    public ulong ma_values;
}

/// <summary>struct _float_object of _Py_DebugOffsets, 3.13+: offsets in PyFloatObject.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _float_object313
{
    public ulong size;
    public ulong ob_fval;
}

/// <summary>struct _long_object of _Py_DebugOffsets, 3.13+: offsets in PyLongObject.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _long_object313
{
    public ulong size;
    public ulong lv_tag;
    public ulong ob_digit;
}

/// <summary>struct _bytes_object of _Py_DebugOffsets, 3.13+: offsets in PyBytesObject.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _bytes_object313
{
    public ulong size;
    public ulong ob_size;
    public ulong ob_sval;
}

/// <summary>struct _unicode_object of _Py_DebugOffsets, 3.13+: offsets in PyUnicodeObject; asciiobject_size is sizeof(PyASCIIObject), where compact ASCII characters start.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _unicode_object313
{
    public ulong size;
    public ulong state;
    public ulong length;
    public ulong asciiobject_size;
}

/// <summary>struct _gc of _Py_DebugOffsets, 3.13+: offsets in struct _gc_runtime_state (PyInterpreterState.gc).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _gc313
{
    public ulong size;
    public ulong collecting;
}

/// <summary>struct _interpreter_state of _Py_DebugOffsets, 3.14: offsets in PyInterpreterState (gil_runtime_state_locked and _holder: of _gil.locked and _gil.last_holder).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _interpreter_state314
{
    public ulong size;
    public ulong id;
    public ulong next;
    public ulong threads_head;
    public ulong threads_main;
    public ulong gc;
    public ulong imports_modules;
    public ulong sysdict;
    public ulong builtins;
    public ulong ceval_gil;
    public ulong gil_runtime_state;
    public ulong gil_runtime_state_enabled;
    public ulong gil_runtime_state_locked;
    public ulong gil_runtime_state_holder;
    public ulong code_object_generation;
    public ulong tlbc_generation;
}

/// <summary>struct _interpreter_frame of _Py_DebugOffsets, 3.14: offsets in _PyInterpreterFrame (executable: of f_executable).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _interpreter_frame314
{
    public ulong size;
    public ulong previous;
    public ulong executable;
    public ulong instr_ptr;
    public ulong localsplus;
    public ulong owner;
    public ulong stackpointer;
    public ulong tlbc_index;
}

/// <summary>struct _code_object of _Py_DebugOffsets, 3.14: offsets in PyCodeObject (filename: of co_filename, and so on).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _code_object314
{
    public ulong size;
    public ulong filename;
    public ulong name;
    public ulong qualname;
    public ulong linetable;
    public ulong firstlineno;
    public ulong argcount;
    public ulong localsplusnames;
    public ulong localspluskinds;
    public ulong co_code_adaptive;
    public ulong co_tlbc;
}

/// <summary>struct _set_object of _Py_DebugOffsets, 3.14: offsets in PySetObject.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _set_object314
{
    public ulong size;
    public ulong used;
    public ulong table;
    public ulong mask;
}

/// <summary>struct _gen_object of _Py_DebugOffsets, 3.14: offsets in PyGenObject.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _gen_object314
{
    public ulong size;
    public ulong gi_name;
    public ulong gi_iframe;
    public ulong gi_frame_state;
}

/// <summary>struct _llist_node of _Py_DebugOffsets, 3.14: offsets in struct llist_node.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _llist_node314
{
    public ulong next;
    public ulong prev;
}

/// <summary>struct _debugger_support of _Py_DebugOffsets, 3.14: where a debugger asks the interpreter to run a script (PEP 768).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _debugger_support314
{
    public ulong eval_breaker;
    public ulong remote_debugger_support;
    public ulong remote_debugging_enabled;
    public ulong debugger_pending_call;
    public ulong debugger_script_path;
    public ulong debugger_script_path_size;
}

/// <summary>_Py_DebugOffsets of 3.13 (Include/internal/pycore_runtime.h): 584 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct _Py_DebugOffsets313
{
    /// <summary>"xdebugpy" (_Py_Debug_Cookie).</summary>
    public fixed byte cookie[8];
    /// <summary>PY_VERSION_HEX of the interpreter.</summary>
    public ulong version;
    /// <summary>1 in a Py_GIL_DISABLED build.</summary>
    public ulong free_threaded;
    public _runtime_state313 runtime_state;
    public _interpreter_state313 interpreter_state;
    public _thread_state313 thread_state;
    public _interpreter_frame313 interpreter_frame;
    public _code_object313 code_object;
    public _pyobject313 pyobject;
    public _type_object313 type_object;
    public _tuple_object313 tuple_object;
    public _list_object313 list_object;
    public _dict_object313 dict_object;
    public _float_object313 float_object;
    public _long_object313 long_object;
    public _bytes_object313 bytes_object;
    public _unicode_object313 unicode_object;
    public _gc313 gc;
}

/// <summary>_Py_DebugOffsets of 3.14 (Include/internal/pycore_debug_offsets.h of v3.14.0; unmeasured: no 3.14 interpreter here): 760 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct _Py_DebugOffsets314
{
    /// <summary>"xdebugpy" (_Py_Debug_Cookie).</summary>
    public fixed byte cookie[8];
    /// <summary>PY_VERSION_HEX of the interpreter.</summary>
    public ulong version;
    /// <summary>1 in a Py_GIL_DISABLED build.</summary>
    public ulong free_threaded;
    public _runtime_state313 runtime_state;
    public _interpreter_state314 interpreter_state;
    public _thread_state313 thread_state;
    public _interpreter_frame314 interpreter_frame;
    public _code_object314 code_object;
    public _pyobject313 pyobject;
    public _type_object313 type_object;
    public _tuple_object313 tuple_object;
    public _list_object313 list_object;
    public _set_object314 set_object;
    public _dict_object313 dict_object;
    public _float_object313 float_object;
    public _long_object313 long_object;
    public _bytes_object313 bytes_object;
    public _unicode_object313 unicode_object;
    public _gc313 gc;
    public _gen_object314 gen_object;
    public _llist_node314 llist_node;
    public _debugger_support314 debugger_support;
}

/// <summary>struct _thread_state of _Py_DebugOffsets, 3.15: 3.13's with the profiler's frames, the GIL flags and the exceptions.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _thread_state315
{
    public ulong size;
    public ulong prev;
    public ulong next;
    public ulong interp;
    public ulong current_frame;
    public ulong base_frame;
    public ulong last_profiled_frame;
    public ulong last_profiled_frame_seq;
    public ulong thread_id;
    public ulong native_thread_id;
    public ulong datastack_chunk;
    public ulong status;
    public ulong holds_gil;
    public ulong gil_requested;
    public ulong current_exception;
    public ulong exc_state;
}

/// <summary>struct _type_object of _Py_DebugOffsets, 3.15: 3.13's with tp_basicsize and tp_dictoffset.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _type_object315
{
    public ulong size;
    public ulong tp_name;
    public ulong tp_repr;
    public ulong tp_flags;
    public ulong tp_basicsize;
    public ulong tp_dictoffset;
}

/// <summary>struct _heap_type_object of _Py_DebugOffsets, 3.15: offsets in PyHeapTypeObject.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _heap_type_object315
{
    public ulong size;
    public ulong ht_cached_keys;
}

/// <summary>struct _unicode_object of _Py_DebugOffsets, 3.15: 3.13's with sizeof(PyCompactUnicodeObject).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _unicode_object315
{
    public ulong size;
    public ulong state;
    public ulong length;
    public ulong asciiobject_size;
    public ulong compactunicodeobject_size;
}

/// <summary>struct _gc of _Py_DebugOffsets, 3.15: 3.13's with the collector's frame and statistics.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _gc315
{
    public ulong size;
    public ulong collecting;
    public ulong frame;
    public ulong generation_stats_size;
    public ulong generation_stats;
}

/// <summary>_Py_DebugOffsets of 3.15 (Include/internal/pycore_debug_offsets.h of v3.15.0rc1): 888 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct _Py_DebugOffsets315
{
    /// <summary>"xdebugpy" (_Py_Debug_Cookie).</summary>
    public fixed byte cookie[8];
    /// <summary>PY_VERSION_HEX of the interpreter.</summary>
    public ulong version;
    /// <summary>1 in a Py_GIL_DISABLED build.</summary>
    public ulong free_threaded;
    public _runtime_state313 runtime_state;
    public _interpreter_state314 interpreter_state;
    public _thread_state315 thread_state;
    /// <summary>err_stackitem.exc_value (an anonymous struct in the header).</summary>
    public ulong err_stackitem_exc_value;
    public _interpreter_frame314 interpreter_frame;
    public _code_object314 code_object;
    public _pyobject313 pyobject;
    public _type_object315 type_object;
    public _heap_type_object315 heap_type_object;
    public _tuple_object313 tuple_object;
    public _list_object313 list_object;
    public _set_object314 set_object;
    public _dict_object313 dict_object;
    public _float_object313 float_object;
    public _long_object313 long_object;
    public _bytes_object313 bytes_object;
    public _unicode_object315 unicode_object;
    public _gc315 gc;
    public _gen_object314 gen_object;
    public _llist_node314 llist_node;
    public _debugger_support314 debugger_support;
}
