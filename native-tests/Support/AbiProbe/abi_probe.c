// SPDX-License-Identifier: GPL-3.0-or-later
//
// Measures, in one interpreter's own headers, every struct field and constant that austin's ABI structs
// (src/Python/Abi/*.cs) and its layout table (VersionTable.cs, DebugOffsets.cs) rely on. The ABI structs are
// sequential and mirror every member up to the last one read; the members that only place the others are
// checked where this file measures them too. AbiProbe.cs compiles it against each installed interpreter's
// include directory and compares what it prints with the C# side:
//
//   cc -I<include dir> -o abi_probe abi_probe.c && ./abi_probe
//
// Output, one row per line, fields separated by one space:
//   version <PY_VERSION> <PY_VERSION_HEX>
//   offset  <struct> <member> <offsetof> <sizeof member>   member is a C designator: "threads.head"
//   sizeof  <struct> <sizeof>
//   bits    <struct> <word>.<field> <lowest bit> <width>    a bit-field inside the word at offset <word>
//   const   <name> <value>
//
// Only the headers decide: nothing here runs the interpreter. x86-64 builds; a debug (Py_DEBUG, Py_TRACE_REFS) or
// free-threaded (Py_GIL_DISABLED) build says so in a const row, and AbiProbe.cs compares austin's release-build
// structs with release builds only (the others' layouts come from their _Py_DebugOffsets, which it checks).

#include <patchlevel.h>

// The runtime structures live in the internal headers (3.7+), which insist on Py_BUILD_CORE.
#if PY_VERSION_HEX >= 0x03070000
#  define Py_BUILD_CORE 1
#endif
#include <Python.h>

#if PY_MAJOR_VERSION == 2 || PY_VERSION_HEX < 0x03070000
#  include <code.h>
#  include <frameobject.h>
#elif PY_VERSION_HEX < 0x03080000
#  include <code.h>
#  include <frameobject.h>
#  include "internal/pystate.h"          // _PyRuntimeState, via internal/ceval.h and gil.h
#elif PY_VERSION_HEX < 0x03090000
#  include <code.h>
#  include <frameobject.h>
#  include "internal/pycore_pystate.h"   // _PyRuntimeState, PyInterpreterState
#elif PY_VERSION_HEX < 0x030B0000
#  include <frameobject.h>
#  include "internal/pycore_interp.h"
#  include "internal/pycore_runtime.h"
#elif PY_VERSION_HEX < 0x03100000
#  include "internal/pycore_interp.h"
#  include "internal/pycore_runtime.h"
#  include "internal/pycore_frame.h"     // _PyInterpreterFrame
#  include "internal/pycore_dict.h"      // struct _dictkeysobject, struct _dictvalues
#  include "internal/pycore_moduleobject.h"
#  include "internal/pycore_object.h"    // MANAGED_DICT_OFFSET
#  if PY_VERSION_HEX >= 0x030D0000
#    include "internal/pycore_tstate.h"  // _PyThreadStateImpl
#  endif
#  if PY_VERSION_HEX >= 0x030E0000
#    include "internal/pycore_genobject.h"  // PyGenObject
#    include "opcode_ids.h"
#  else
#    include "opcode.h"
#  endif
#  if PY_VERSION_HEX >= 0x030C0000
#    include "cpython/longintrepr.h"
#  endif
#else
#  error "abi_probe.c knows the headers of CPython up to 3.13: add the fields of the newer version"
#endif

// PyBytesObject.ob_shash is deprecated from 3.11, but still in the struct.
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

#include <stddef.h>
#include <stdio.h>
#include <string.h>


#define OFFSET_AS(name, type, member) \
    printf("offset %s %s %zu %zu\n", name, #member, offsetof(type, member), sizeof(((type *)0)->member))
#define OFFSET(type, member) OFFSET_AS(#type, type, member)
#define SIZEOF_AS(name, type) printf("sizeof %s %zu\n", name, sizeof(type))
#define SIZEOF(type) SIZEOF_AS(#type, type)
#undef CONST      // windows.h (MinGW-w64) has its own
#define CONST(name) printf("const %s %lld\n", #name, (long long)(name))

// A bit-field has no offsetof: complement it in a zeroed object (all its bits set) and see which bits of its
// word changed.
#define BITS(type, word, field)                                                                   \
    do {                                                                                          \
        type object_;                                                                             \
        unsigned long long bits_ = 0;                                                             \
        memset(&object_, 0, sizeof object_);                                                      \
        object_.word.field = ~object_.word.field;                                                 \
        memcpy(&bits_, (char *)&object_ + offsetof(type, word),                                   \
               sizeof object_.word < sizeof bits_ ? sizeof object_.word : sizeof bits_);          \
        printf("bits %s %s.%s %d %d\n", #type, #word, #field, __builtin_ctzll(bits_),            \
               __builtin_popcountll(bits_));                                                      \
    } while (0)

// Objects.cs: the object header, bytes (2.7: str) and PEP 393 str.
static void objects(void)
{
#if !defined(Py_GIL_DISABLED)
    OFFSET(PyObject, ob_refcnt);   // a free-threaded build counts in ob_ref_local and ob_ref_shared
#endif
    OFFSET(PyObject, ob_type);
    SIZEOF(PyObject);
    OFFSET(PyVarObject, ob_size);
    SIZEOF(PyVarObject);
    OFFSET(PyTypeObject, tp_name);
    SIZEOF(PyTypeObject);
#if PY_MAJOR_VERSION == 2
    OFFSET(PyStringObject, ob_shash);
    OFFSET(PyStringObject, ob_sstate);
    OFFSET(PyStringObject, ob_sval);
    SIZEOF(PyStringObject);
#else
    OFFSET(PyBytesObject, ob_shash);
    OFFSET(PyBytesObject, ob_sval);
    SIZEOF(PyBytesObject);

    OFFSET(PyASCIIObject, length);
    OFFSET(PyASCIIObject, hash);
    OFFSET(PyASCIIObject, state);
#  if PY_VERSION_HEX < 0x030C0000
    OFFSET(PyASCIIObject, wstr);
#  endif
    SIZEOF(PyASCIIObject);
    BITS(PyASCIIObject, state, kind);
    BITS(PyASCIIObject, state, compact);
    BITS(PyASCIIObject, state, ascii);
    OFFSET(PyCompactUnicodeObject, utf8_length);
    OFFSET(PyCompactUnicodeObject, utf8);
#  if PY_VERSION_HEX < 0x030C0000
    OFFSET(PyCompactUnicodeObject, wstr_length);
#  endif
    SIZEOF(PyCompactUnicodeObject);
    OFFSET(PyUnicodeObject, data);
    SIZEOF(PyUnicodeObject);
#endif
}

// Code.cs
static void code(void)
{
    OFFSET(PyCodeObject, co_firstlineno);
    OFFSET(PyCodeObject, co_filename);
    OFFSET(PyCodeObject, co_name);
#if PY_VERSION_HEX < 0x030A0000
    OFFSET(PyCodeObject, co_lnotab);
#else
    OFFSET(PyCodeObject, co_linetable);
#endif
#if PY_VERSION_HEX >= 0x030B0000
    OFFSET(PyCodeObject, co_qualname);
    OFFSET(PyCodeObject, _co_firsttraceable);
    OFFSET(PyCodeObject, co_code_adaptive);
#endif
#if PY_VERSION_HEX >= 0x030E0000 && defined(Py_GIL_DISABLED)
    OFFSET(PyCodeObject, co_tlbc);
    OFFSET(_PyInterpreterFrame, tlbc_index);
#endif
    SIZEOF(PyCodeObject);
}

// Frames.cs
static void frames(void)
{
#if PY_VERSION_HEX < 0x030B0000
    OFFSET(PyFrameObject, f_back);
    OFFSET(PyFrameObject, f_code);
    OFFSET(PyFrameObject, f_lasti);
    SIZEOF(PyFrameObject);
#else
#  if PY_VERSION_HEX < 0x030D0000
    OFFSET(_PyInterpreterFrame, f_code);
    OFFSET(_PyInterpreterFrame, prev_instr);
#  else
    OFFSET(_PyInterpreterFrame, f_executable);
    OFFSET(_PyInterpreterFrame, instr_ptr);
#  endif
    OFFSET(_PyInterpreterFrame, previous);
#  if PY_VERSION_HEX < 0x030C0000
    OFFSET(_PyInterpreterFrame, is_entry);
#  endif
    OFFSET(_PyInterpreterFrame, owner);
    SIZEOF(_PyInterpreterFrame);
#  if PY_VERSION_HEX >= 0x030C0000
#  if PY_VERSION_HEX >= 0x030E0000
    CONST(FRAME_OWNED_BY_INTERPRETER);   // 3.14+: the entry frames the walk skips (and CSTACK, 4 in 3.14, gone in 3.15)
#  else
    CONST(FRAME_OWNED_BY_CSTACK);   // the shim frames the walk skips
#  endif
#  endif

#  if PY_VERSION_HEX < 0x030D0000
#    if PY_VERSION_HEX < 0x030C0000
    OFFSET(_PyCFrame, use_tracing);
#    endif
    OFFSET(_PyCFrame, current_frame);
    OFFSET(_PyCFrame, previous);
    SIZEOF(_PyCFrame);
#  endif

    OFFSET(_PyStackChunk, previous);
    OFFSET(_PyStackChunk, size);
    OFFSET(_PyStackChunk, top);
    SIZEOF(_PyStackChunk);
#endif
}

// Threads.cs, Interpreters.cs, Runtime.cs: PyThreadState, PyInterpreterState, _PyRuntimeState and the GIL.
static void states(void)
{
#if PY_VERSION_HEX >= 0x03040000
    OFFSET(PyThreadState, prev);   // 3.4+: 2.7 and 3.3 link their thread states one way
#endif
    OFFSET(PyThreadState, next);
    OFFSET(PyThreadState, interp);
#if PY_VERSION_HEX < 0x030B0000
    OFFSET(PyThreadState, frame);
#endif
#if PY_VERSION_HEX >= 0x030A0000 && PY_VERSION_HEX < 0x030D0000
    OFFSET(PyThreadState, cframe);
#endif
#if PY_VERSION_HEX >= 0x030C0000
    OFFSET(PyThreadState, _status);
#endif
#if PY_VERSION_HEX >= 0x030D0000
    OFFSET(PyThreadState, state);
    OFFSET(PyThreadState, current_frame);
#endif
    OFFSET(PyThreadState, thread_id);
#if PY_VERSION_HEX >= 0x030B0000
    OFFSET(PyThreadState, native_thread_id);
    OFFSET(PyThreadState, datastack_chunk);
    OFFSET(PyThreadState, datastack_top);
#endif
    SIZEOF(PyThreadState);

    OFFSET(PyInterpreterState, next);
#if PY_VERSION_HEX >= 0x03070000
    OFFSET(PyInterpreterState, id);
#endif
#if PY_VERSION_HEX < 0x030B0000
    OFFSET(PyInterpreterState, tstate_head);
#else
    OFFSET(PyInterpreterState, threads.head);
#endif
#if PY_VERSION_HEX < 0x030C0000
    OFFSET(PyInterpreterState, modules);
#else
    OFFSET(PyInterpreterState, imports.modules);
    OFFSET(PyInterpreterState, ceval.gil);
    OFFSET(PyInterpreterState, _gil);           // the interpreter's own GIL (PEP 684), where _Py_DebugOffsets places it
    OFFSET(PyInterpreterState, _gil.locked);
    OFFSET(PyInterpreterState, _gil.last_holder);
#endif
#if PY_VERSION_HEX >= 0x03090000
    OFFSET(PyInterpreterState, gc);
    OFFSET(PyInterpreterState, gc.collecting);
    OFFSET_AS("_gc_runtime_state", struct _gc_runtime_state, collecting);   // _Py_DebugOffsets' gc.collecting (3.13+)
#endif
    SIZEOF(PyInterpreterState);

#if PY_VERSION_HEX >= 0x03070000
    OFFSET_AS("_gil_runtime_state", struct _gil_runtime_state, last_holder);
    OFFSET_AS("_gil_runtime_state", struct _gil_runtime_state, locked);
    SIZEOF_AS("_gil_runtime_state", struct _gil_runtime_state);

    OFFSET(_PyRuntimeState, interpreters.head);
#  if PY_VERSION_HEX < 0x03090000
    OFFSET(_PyRuntimeState, gc.collecting);   // the garbage collector is the runtime's until 3.9
#  endif
#  if PY_VERSION_HEX < 0x030C0000
    OFFSET(_PyRuntimeState, ceval.gil.last_holder);
    OFFSET(_PyRuntimeState, ceval.gil.locked);
    OFFSET(_PyRuntimeState, gilstate.tstate_current);
#  endif
#  if PY_VERSION_HEX >= 0x030D0000
    OFFSET(_PyRuntimeState, debug_offsets.cookie);
    OFFSET(_PyRuntimeState, debug_offsets.version);
#  endif
    SIZEOF(_PyRuntimeState);
#endif
}

// DebugOffsets.cs and DebugOffsetsStructs.cs: every entry of the 3.13 table of offsets, where it sits.
static void debug_offsets(void)
{
#if PY_VERSION_HEX >= 0x030D0000
    OFFSET(_Py_DebugOffsets, cookie);
    OFFSET(_Py_DebugOffsets, version);
    OFFSET(_Py_DebugOffsets, free_threaded);
    OFFSET(_Py_DebugOffsets, runtime_state);
    OFFSET(_Py_DebugOffsets, runtime_state.size);
    OFFSET(_Py_DebugOffsets, runtime_state.finalizing);
    OFFSET(_Py_DebugOffsets, runtime_state.interpreters_head);
    OFFSET(_Py_DebugOffsets, interpreter_state);
    OFFSET(_Py_DebugOffsets, interpreter_state.size);
    OFFSET(_Py_DebugOffsets, interpreter_state.id);
    OFFSET(_Py_DebugOffsets, interpreter_state.next);
    OFFSET(_Py_DebugOffsets, interpreter_state.threads_head);
#  if PY_VERSION_HEX >= 0x030E0000
    OFFSET(_Py_DebugOffsets, interpreter_state.threads_main);
#  endif
    OFFSET(_Py_DebugOffsets, interpreter_state.gc);
    OFFSET(_Py_DebugOffsets, interpreter_state.imports_modules);
    OFFSET(_Py_DebugOffsets, interpreter_state.sysdict);
    OFFSET(_Py_DebugOffsets, interpreter_state.builtins);
    OFFSET(_Py_DebugOffsets, interpreter_state.ceval_gil);
    OFFSET(_Py_DebugOffsets, interpreter_state.gil_runtime_state);
    OFFSET(_Py_DebugOffsets, interpreter_state.gil_runtime_state_enabled);
    OFFSET(_Py_DebugOffsets, interpreter_state.gil_runtime_state_locked);
    OFFSET(_Py_DebugOffsets, interpreter_state.gil_runtime_state_holder);
    OFFSET(_Py_DebugOffsets, thread_state);
    OFFSET(_Py_DebugOffsets, thread_state.size);
    OFFSET(_Py_DebugOffsets, thread_state.prev);
    OFFSET(_Py_DebugOffsets, thread_state.next);
    OFFSET(_Py_DebugOffsets, thread_state.interp);
    OFFSET(_Py_DebugOffsets, thread_state.current_frame);
    OFFSET(_Py_DebugOffsets, thread_state.thread_id);
    OFFSET(_Py_DebugOffsets, thread_state.native_thread_id);
    OFFSET(_Py_DebugOffsets, thread_state.datastack_chunk);
    OFFSET(_Py_DebugOffsets, thread_state.status);
    OFFSET(_Py_DebugOffsets, interpreter_frame);
    OFFSET(_Py_DebugOffsets, interpreter_frame.size);
    OFFSET(_Py_DebugOffsets, interpreter_frame.previous);
    OFFSET(_Py_DebugOffsets, interpreter_frame.executable);
    OFFSET(_Py_DebugOffsets, interpreter_frame.instr_ptr);
    OFFSET(_Py_DebugOffsets, interpreter_frame.localsplus);
    OFFSET(_Py_DebugOffsets, interpreter_frame.owner);
#  if PY_VERSION_HEX >= 0x030E0000
    OFFSET(_Py_DebugOffsets, interpreter_frame.stackpointer);
    OFFSET(_Py_DebugOffsets, interpreter_frame.tlbc_index);
#  endif
    OFFSET(_Py_DebugOffsets, code_object);
    OFFSET(_Py_DebugOffsets, code_object.size);
    OFFSET(_Py_DebugOffsets, code_object.filename);
    OFFSET(_Py_DebugOffsets, code_object.name);
    OFFSET(_Py_DebugOffsets, code_object.qualname);
    OFFSET(_Py_DebugOffsets, code_object.linetable);
    OFFSET(_Py_DebugOffsets, code_object.firstlineno);
    OFFSET(_Py_DebugOffsets, code_object.argcount);
    OFFSET(_Py_DebugOffsets, code_object.localsplusnames);
    OFFSET(_Py_DebugOffsets, code_object.localspluskinds);
    OFFSET(_Py_DebugOffsets, code_object.co_code_adaptive);
#  if PY_VERSION_HEX >= 0x030E0000
    OFFSET(_Py_DebugOffsets, code_object.co_tlbc);
#  endif
    OFFSET(_Py_DebugOffsets, pyobject);
    OFFSET(_Py_DebugOffsets, pyobject.size);
    OFFSET(_Py_DebugOffsets, pyobject.ob_type);
    OFFSET(_Py_DebugOffsets, type_object);
    OFFSET(_Py_DebugOffsets, type_object.size);
    OFFSET(_Py_DebugOffsets, type_object.tp_name);
    OFFSET(_Py_DebugOffsets, type_object.tp_repr);
    OFFSET(_Py_DebugOffsets, type_object.tp_flags);
    OFFSET(_Py_DebugOffsets, tuple_object);
    OFFSET(_Py_DebugOffsets, tuple_object.size);
    OFFSET(_Py_DebugOffsets, tuple_object.ob_item);
    OFFSET(_Py_DebugOffsets, tuple_object.ob_size);
    OFFSET(_Py_DebugOffsets, list_object);
    OFFSET(_Py_DebugOffsets, list_object.size);
    OFFSET(_Py_DebugOffsets, list_object.ob_item);
    OFFSET(_Py_DebugOffsets, list_object.ob_size);
    OFFSET(_Py_DebugOffsets, dict_object);
    OFFSET(_Py_DebugOffsets, dict_object.size);
    OFFSET(_Py_DebugOffsets, dict_object.ma_keys);
    OFFSET(_Py_DebugOffsets, dict_object.ma_values);
    OFFSET(_Py_DebugOffsets, float_object);
    OFFSET(_Py_DebugOffsets, float_object.size);
    OFFSET(_Py_DebugOffsets, float_object.ob_fval);
    OFFSET(_Py_DebugOffsets, long_object);
    OFFSET(_Py_DebugOffsets, long_object.size);
    OFFSET(_Py_DebugOffsets, long_object.lv_tag);
    OFFSET(_Py_DebugOffsets, long_object.ob_digit);
    OFFSET(_Py_DebugOffsets, bytes_object);
    OFFSET(_Py_DebugOffsets, bytes_object.size);
    OFFSET(_Py_DebugOffsets, bytes_object.ob_size);
    OFFSET(_Py_DebugOffsets, bytes_object.ob_sval);
    OFFSET(_Py_DebugOffsets, unicode_object);
    OFFSET(_Py_DebugOffsets, unicode_object.size);
    OFFSET(_Py_DebugOffsets, unicode_object.state);
    OFFSET(_Py_DebugOffsets, unicode_object.length);
    OFFSET(_Py_DebugOffsets, unicode_object.asciiobject_size);
    OFFSET(_Py_DebugOffsets, gc);
    OFFSET(_Py_DebugOffsets, gc.size);
    OFFSET(_Py_DebugOffsets, gc.collecting);
#  if PY_VERSION_HEX >= 0x030E0000
    // What --asyncio reads of 3.14+ tables.
    OFFSET(_Py_DebugOffsets, set_object);
    OFFSET(_Py_DebugOffsets, set_object.size);
    OFFSET(_Py_DebugOffsets, set_object.used);
    OFFSET(_Py_DebugOffsets, set_object.table);
    OFFSET(_Py_DebugOffsets, set_object.mask);
    OFFSET(_Py_DebugOffsets, gen_object);
    OFFSET(_Py_DebugOffsets, gen_object.size);
    OFFSET(_Py_DebugOffsets, gen_object.gi_name);
    OFFSET(_Py_DebugOffsets, gen_object.gi_iframe);
    OFFSET(_Py_DebugOffsets, gen_object.gi_frame_state);
#  endif
    SIZEOF(_Py_DebugOffsets);
#endif
}

// Asyncio.cs, Containers.cs, VersionTable.Asyncio.cs: what the asyncio task walker reads (3.11+). The C Task and the
// 3.11 running-loop holder are private to Modules/_asynciomodule.c: asyncio_probe.py measures them in the interpreter.
static void asyncio_objects(void)
{
#if PY_VERSION_HEX >= 0x030B0000 && PY_VERSION_HEX < 0x030E0000   // austin reads the tasks of 3.11-3.13
    OFFSET(PyTypeObject, tp_basicsize);
    OFFSET(PyTypeObject, tp_flags);
    OFFSET(PyTypeObject, tp_weaklistoffset);
    OFFSET(PyTypeObject, tp_base);
    OFFSET(PyTypeObject, tp_dictoffset);
    OFFSET(PyTypeObject, tp_vectorcall);
#  if PY_VERSION_HEX >= 0x030C0000
    OFFSET(PyTypeObject, tp_watched);
#  endif
#  if PY_VERSION_HEX >= 0x030D0000
    OFFSET(PyTypeObject, tp_versions_used);
#  endif
    OFFSET(PyHeapTypeObject, as_async);
    OFFSET(PyHeapTypeObject, as_async.am_send);
    OFFSET(PyHeapTypeObject, as_number);
    OFFSET(PyHeapTypeObject, as_mapping);
    OFFSET(PyHeapTypeObject, as_sequence);
    OFFSET(PyHeapTypeObject, as_buffer);
    OFFSET(PyHeapTypeObject, ht_name);
    OFFSET(PyHeapTypeObject, ht_qualname);
    OFFSET(PyHeapTypeObject, ht_cached_keys);
    SIZEOF(PyHeapTypeObject);
    CONST(Py_TPFLAGS_MANAGED_DICT);
#  if PY_VERSION_HEX >= 0x030D0000
    CONST(Py_TPFLAGS_INLINE_VALUES);
#  endif
#  if PY_VERSION_HEX < 0x030C0000 || PY_VERSION_HEX >= 0x030D0000
    CONST(MANAGED_DICT_OFFSET);
#  endif

    OFFSET(PyDictObject, ma_used);
    OFFSET(PyDictObject, ma_version_tag);
    OFFSET(PyDictObject, ma_keys);
    OFFSET(PyDictObject, ma_values);
    SIZEOF(PyDictObject);
    OFFSET_AS("PyDictKeysObject", struct _dictkeysobject, dk_refcnt);
    OFFSET_AS("PyDictKeysObject", struct _dictkeysobject, dk_log2_size);
    OFFSET_AS("PyDictKeysObject", struct _dictkeysobject, dk_log2_index_bytes);
    OFFSET_AS("PyDictKeysObject", struct _dictkeysobject, dk_kind);
    OFFSET_AS("PyDictKeysObject", struct _dictkeysobject, dk_version);
    OFFSET_AS("PyDictKeysObject", struct _dictkeysobject, dk_usable);
    OFFSET_AS("PyDictKeysObject", struct _dictkeysobject, dk_nentries);
    SIZEOF_AS("PyDictKeysObject", struct _dictkeysobject);
    CONST(DICT_KEYS_GENERAL);
    OFFSET(PyDictKeyEntry, me_hash);
    OFFSET(PyDictKeyEntry, me_key);
    OFFSET(PyDictKeyEntry, me_value);
    SIZEOF(PyDictKeyEntry);
    OFFSET(PyDictUnicodeEntry, me_key);
    OFFSET(PyDictUnicodeEntry, me_value);
    SIZEOF(PyDictUnicodeEntry);
#  if PY_VERSION_HEX >= 0x030D0000
    OFFSET_AS("PyDictValues", struct _dictvalues, capacity);
    OFFSET_AS("PyDictValues", struct _dictvalues, valid);
#  endif
    OFFSET_AS("PyDictValues", struct _dictvalues, values);
    SIZEOF_AS("PyDictValues", struct _dictvalues);

    OFFSET(PyModuleObject, md_dict);
    SIZEOF(PyModuleObject);
    OFFSET(setentry, key);
    OFFSET(setentry, hash);
    SIZEOF(setentry);
    OFFSET(PySetObject, fill);
    OFFSET(PySetObject, used);
    OFFSET(PySetObject, mask);
    OFFSET(PySetObject, table);
    SIZEOF(PySetObject);
    OFFSET(PyListObject, ob_item);
    SIZEOF(PyListObject);
    OFFSET(PyTupleObject, ob_item);
    SIZEOF(PyTupleObject);
    OFFSET(PyWeakReference, wr_object);
    SIZEOF(PyWeakReference);
    OFFSET(PyMethodObject, im_func);
    OFFSET(PyMethodObject, im_self);
    SIZEOF(PyMethodObject);
#  if PY_VERSION_HEX >= 0x030C0000
    OFFSET(PyLongObject, long_value.lv_tag);
    OFFSET(PyLongObject, long_value.ob_digit);
    SIZEOF(PyLongObject);
#  endif

#  if PY_VERSION_HEX < 0x030C0000
    OFFSET(PyGenObject, gi_code);
#  endif
    OFFSET(PyGenObject, gi_weakreflist);
    OFFSET(PyGenObject, gi_name);
    OFFSET(PyGenObject, gi_qualname);
    OFFSET(PyGenObject, gi_exc_state);
    OFFSET(PyGenObject, gi_exc_state.exc_value);
    OFFSET(PyGenObject, gi_origin_or_finalizer);
    OFFSET(PyGenObject, gi_hooks_inited);
    OFFSET(PyGenObject, gi_closed);
    OFFSET(PyGenObject, gi_running_async);
    OFFSET(PyGenObject, gi_frame_state);
    OFFSET(PyGenObject, gi_iframe);
    SIZEOF(PyGenObject);
    CONST(FRAME_CREATED);
    CONST(FRAME_EXECUTING);
    CONST(FRAME_COMPLETED);
#  if PY_VERSION_HEX >= 0x030D0000
    CONST(FRAME_SUSPENDED_YIELD_FROM);
#  endif
    CONST(RESUME);
#  if PY_VERSION_HEX < 0x030C0000
    CONST(RESUME_QUICK);
#  else
    CONST(INSTRUMENTED_RESUME);
#  endif
    OFFSET(_PyInterpreterFrame, stacktop);
    OFFSET(_PyInterpreterFrame, localsplus);

    OFFSET(PyThreadState, dict);
#  if PY_VERSION_HEX >= 0x030D0000
    OFFSET(PyThreadState, datastack_limit);
    OFFSET(PyThreadState, exc_state);
    OFFSET(PyThreadState, threading_local_sentinel);
    OFFSET(_PyThreadStateImpl, asyncio_running_loop);
    SIZEOF(_PyThreadStateImpl);
#  endif
#endif
#if PY_VERSION_HEX >= 0x030E0000   // 3.14+: what the task walker takes from the headers' layouts, beside the published tables
    OFFSET(PyGenObject, gi_frame_state);
    OFFSET(PyGenObject, gi_iframe);
    CONST(FRAME_CREATED);
    CONST(FRAME_EXECUTING);
    CONST(FRAME_SUSPENDED_YIELD_FROM);
    CONST(FRAME_CLEARED);
#  if PY_VERSION_HEX >= 0x030F0000
    CONST(FRAME_SUSPENDED_YIELD_FROM_LOCKED);
#  else
    CONST(FRAME_COMPLETED);
#  endif
    OFFSET(_PyInterpreterFrame, stackpointer);
    OFFSET(PySetObject, mask);
    OFFSET(PySetObject, table);
    SIZEOF(setentry);
    OFFSET(PyLongObject, long_value.lv_tag);
    OFFSET(PyLongObject, long_value.ob_digit);
    OFFSET(PyTypeObject, tp_basicsize);
    OFFSET(PyTypeObject, tp_flags);
    OFFSET(PyTypeObject, tp_base);
    OFFSET(PyTypeObject, tp_dictoffset);
    OFFSET(PyListObject, ob_item);
    OFFSET(PyTupleObject, ob_item);
    OFFSET(_PyThreadStateImpl, asyncio_running_loop);
    OFFSET(_PyThreadStateImpl, asyncio_tasks_head);
    OFFSET(PyInterpreterState, asyncio_tasks_head);
#endif
}

int main(void)
{
    printf("version %s %lld\n", PY_VERSION, (long long)PY_VERSION_HEX);
#if defined(Py_GIL_DISABLED)
    printf("const Py_GIL_DISABLED 1\n");
#endif
#if defined(Py_DEBUG) || defined(Py_TRACE_REFS)
    printf("const Py_DEBUG 1\n");
#endif
    objects();
    code();
    frames();
    states();
    debug_offsets();
    asyncio_objects();
    return ferror(stdout) ? 1 : 0;
}
