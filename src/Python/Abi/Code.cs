// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Python.Abi;

// PyCodeObject (Include/code.h up to 3.8, Include/cpython/code.h from 3.9; from 3.11 through the _PyCode_DEF
// macro), up to the last member austin reads. No member before it differs between 64-bit platforms.

/// <summary>2.7 code object (Include/code.h): co_firstlineno after the names.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyCodeObject27
{
    public long ob_refcnt;
    public ulong ob_type;
    public int co_argcount;
    public int co_nlocals;
    public int co_stacksize;
    public int co_flags;
    public ulong co_code;
    public ulong co_consts;
    public ulong co_names;
    public ulong co_varnames;
    public ulong co_freevars;
    public ulong co_cellvars;
    public ulong co_filename;
    public ulong co_name;
    public int co_firstlineno;
    public ulong co_lnotab;
}

/// <summary>3.3-3.5 code object (measured by the ABI probe on 3.3.7, 3.4.10 and 3.5.10 builds): co_kwonlyargcount, co_cell2arg.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyCodeObject33
{
    public PyObject ob_base;
    public int co_argcount;
    public int co_kwonlyargcount;
    public int co_nlocals;
    public int co_stacksize;
    public int co_flags;
    public ulong co_code;
    public ulong co_consts;
    public ulong co_names;
    public ulong co_varnames;
    public ulong co_freevars;
    public ulong co_cellvars;
    public ulong co_cell2arg;
    public ulong co_filename;
    public ulong co_name;
    public int co_firstlineno;
    public ulong co_lnotab;
}

/// <summary>3.6-3.7 code object: co_firstlineno moved up among the ints.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyCodeObject36
{
    public PyObject ob_base;
    public int co_argcount;
    public int co_kwonlyargcount;
    public int co_nlocals;
    public int co_stacksize;
    public int co_flags;
    public int co_firstlineno;
    public ulong co_code;
    public ulong co_consts;
    public ulong co_names;
    public ulong co_varnames;
    public ulong co_freevars;
    public ulong co_cellvars;
    public ulong co_cell2arg;
    public ulong co_filename;
    public ulong co_name;
    public ulong co_lnotab;
}

/// <summary>3.8-3.9 code object: co_posonlyargcount.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyCodeObject38
{
    public PyObject ob_base;
    public int co_argcount;
    public int co_posonlyargcount;
    public int co_kwonlyargcount;
    public int co_nlocals;
    public int co_stacksize;
    public int co_flags;
    public int co_firstlineno;
    public ulong co_code;
    public ulong co_consts;
    public ulong co_names;
    public ulong co_varnames;
    public ulong co_freevars;
    public ulong co_cellvars;
    public ulong co_cell2arg;
    public ulong co_filename;
    public ulong co_name;
    public ulong co_lnotab;
}

/// <summary>3.10 code object: same places, but co_lnotab became co_linetable (Objects/lnotab_notes.txt).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyCodeObject310
{
    public PyObject ob_base;
    public int co_argcount;
    public int co_posonlyargcount;
    public int co_kwonlyargcount;
    public int co_nlocals;
    public int co_stacksize;
    public int co_flags;
    public int co_firstlineno;
    public ulong co_code;
    public ulong co_consts;
    public ulong co_names;
    public ulong co_varnames;
    public ulong co_freevars;
    public ulong co_cellvars;
    public ulong co_cell2arg;
    public ulong co_filename;
    public ulong co_name;
    public ulong co_linetable;
}

/// <summary>3.11 code object: variable-sized, the bytecode inline at co_code_adaptive; co_qualname appears.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyCodeObject311
{
    public PyVarObject ob_base;
    public ulong co_consts;
    public ulong co_names;
    public ulong co_exceptiontable;
    public int co_flags;
    public short co_warmup;
    public short _co_linearray_entry_size;
    public int co_argcount;
    public int co_posonlyargcount;
    public int co_kwonlyargcount;
    public int co_stacksize;
    public int co_firstlineno;
    public int co_nlocalsplus;
    public int co_nlocals;
    public int co_nplaincellvars;
    public int co_ncellvars;
    public int co_nfreevars;
    public ulong co_localsplusnames;
    public ulong co_localspluskinds;
    public ulong co_filename;
    public ulong co_name;
    public ulong co_qualname;
    public ulong co_linetable;
    public ulong co_weakreflist;
    public ulong _co_code;
    public ulong _co_linearray;
    public int _co_firsttraceable;
    public ulong co_extra;
    public byte co_code_adaptive;
}

/// <summary>3.12 code object: co_framesize and co_version; monitoring data before _co_firsttraceable.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyCodeObject312
{
    public PyVarObject ob_base;
    public ulong co_consts;
    public ulong co_names;
    public ulong co_exceptiontable;
    public int co_flags;
    public int co_argcount;
    public int co_posonlyargcount;
    public int co_kwonlyargcount;
    public int co_stacksize;
    public int co_firstlineno;
    public int co_nlocalsplus;
    public int co_framesize;
    public int co_nlocals;
    public int co_ncellvars;
    public int co_nfreevars;
    public uint co_version;
    public ulong co_localsplusnames;
    public ulong co_localspluskinds;
    public ulong co_filename;
    public ulong co_name;
    public ulong co_qualname;
    public ulong co_linetable;
    public ulong co_weakreflist;
    public ulong _co_cached;
    public ulong _co_instrumentation_version;
    public ulong _co_monitoring;
    public int _co_firsttraceable;
    public ulong co_extra;
    public byte co_code_adaptive;
}

/// <summary>3.13 code object: co_executors.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyCodeObject313
{
    public PyVarObject ob_base;
    public ulong co_consts;
    public ulong co_names;
    public ulong co_exceptiontable;
    public int co_flags;
    public int co_argcount;
    public int co_posonlyargcount;
    public int co_kwonlyargcount;
    public int co_stacksize;
    public int co_firstlineno;
    public int co_nlocalsplus;
    public int co_framesize;
    public int co_nlocals;
    public int co_ncellvars;
    public int co_nfreevars;
    public uint co_version;
    public ulong co_localsplusnames;
    public ulong co_localspluskinds;
    public ulong co_filename;
    public ulong co_name;
    public ulong co_qualname;
    public ulong co_linetable;
    public ulong co_weakreflist;
    public ulong co_executors;
    public ulong _co_cached;
    public ulong _co_instrumentation_version;
    public ulong _co_monitoring;
    public int _co_firsttraceable;
    public ulong co_extra;
    public byte co_code_adaptive;
}

/// <summary>
/// 3.14 code object (unmeasured: no 3.14 interpreter here; from py-spy's bindings of the 3.14.0 headers):
/// _co_unique_id. austin takes the rest of 3.14 from the target's _Py_DebugOffsets, which does not publish
/// _co_firsttraceable.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyCodeObject314
{
    public PyVarObject ob_base;
    public ulong co_consts;
    public ulong co_names;
    public ulong co_exceptiontable;
    public int co_flags;
    public int co_argcount;
    public int co_posonlyargcount;
    public int co_kwonlyargcount;
    public int co_stacksize;
    public int co_firstlineno;
    public int co_nlocalsplus;
    public int co_framesize;
    public int co_nlocals;
    public int co_ncellvars;
    public int co_nfreevars;
    public uint co_version;
    public ulong co_localsplusnames;
    public ulong co_localspluskinds;
    public ulong co_filename;
    public ulong co_name;
    public ulong co_qualname;
    public ulong co_linetable;
    public ulong co_weakreflist;
    public ulong co_executors;
    public ulong _co_cached;
    public ulong _co_instrumentation_version;
    public ulong _co_monitoring;
    public long _co_unique_id;
    public int _co_firsttraceable;
    public ulong co_extra;
    public byte co_code_adaptive;
}
