// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Python.Abi;

// The objects austin reads to find asyncio's tasks from outside (3.11+): types (their flags, base, and the keys their
// instances share), dicts and the attributes of instances, modules, sets, lists, tuples, weak references, bound
// methods and ints. Release builds of x86-64 and the other 64-bit targets; every member up to the last one read,
// checked against the headers of each installed interpreter by native-tests/Unit/Abi (the probe measures them).

/// <summary>
/// PyTypeObject whole, 3.11 (Include/cpython/object.h): tp_basicsize, tp_flags (an unsigned long), tp_base and
/// tp_dictoffset, which say where an instance keeps its attributes; the heap type that ends with it carries the keys
/// its instances share.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyTypeObject311<TLong> where TLong : unmanaged
{
    public PyVarObject ob_base;
    public ulong tp_name;
    public long tp_basicsize;
    public long tp_itemsize;
    public ulong tp_dealloc;
    public long tp_vectorcall_offset;
    public ulong tp_getattr;
    public ulong tp_setattr;
    public ulong tp_as_async;
    public ulong tp_repr;
    public ulong tp_as_number;
    public ulong tp_as_sequence;
    public ulong tp_as_mapping;
    public ulong tp_hash;
    public ulong tp_call;
    public ulong tp_str;
    public ulong tp_getattro;
    public ulong tp_setattro;
    public ulong tp_as_buffer;
    public TLong tp_flags;
    public ulong tp_doc;
    public ulong tp_traverse;
    public ulong tp_clear;
    public ulong tp_richcompare;
    public long tp_weaklistoffset;
    public ulong tp_iter;
    public ulong tp_iternext;
    public ulong tp_methods;
    public ulong tp_members;
    public ulong tp_getset;
    public ulong tp_base;
    public ulong tp_dict;
    public ulong tp_descr_get;
    public ulong tp_descr_set;
    public long tp_dictoffset;
    public ulong tp_init;
    public ulong tp_alloc;
    public ulong tp_new;
    public ulong tp_free;
    public ulong tp_is_gc;
    public ulong tp_bases;
    public ulong tp_mro;
    public ulong tp_cache;
    public ulong tp_subclasses;
    public ulong tp_weaklist;
    public ulong tp_del;
    public uint tp_version_tag;
    public ulong tp_finalize;
    public ulong tp_vectorcall;
}

/// <summary>PyTypeObject whole, 3.12: tp_watched.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyTypeObject312<TLong> where TLong : unmanaged
{
    public PyTypeObject311<TLong> _311;
    public byte tp_watched;
}

/// <summary>PyTypeObject whole, 3.13: tp_versions_used.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyTypeObject313<TLong> where TLong : unmanaged
{
    public PyTypeObject311<TLong> _311;
    public byte tp_watched;
    public ushort tp_versions_used;
}

/// <summary>PyAsyncMethods from 3.10 (Include/cpython/object.h): am_send.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyAsyncMethods310
{
    public ulong am_await;
    public ulong am_aiter;
    public ulong am_anext;
    public ulong am_send;
}

/// <summary>
/// PyHeapTypeObject, 3.11 (Include/cpython/object.h) up to ht_cached_keys: the keys of the attributes its
/// instances keep in values of their own (a split dict) rather than in a dict.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyHeapTypeObject311<TLong> where TLong : unmanaged
{
    public PyTypeObject311<TLong> ht_type;
    public PyAsyncMethods310 as_async;
    public CArray36<ulong> as_number;
    public CArray3<ulong> as_mapping;
    public CArray10<ulong> as_sequence;
    public CArray2<ulong> as_buffer;
    public ulong ht_name;
    public ulong ht_slots;
    public ulong ht_qualname;
    public ulong ht_cached_keys;
}

/// <summary>PyHeapTypeObject, 3.12.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyHeapTypeObject312<TLong> where TLong : unmanaged
{
    public PyTypeObject312<TLong> ht_type;
    public PyAsyncMethods310 as_async;
    public CArray36<ulong> as_number;
    public CArray3<ulong> as_mapping;
    public CArray10<ulong> as_sequence;
    public CArray2<ulong> as_buffer;
    public ulong ht_name;
    public ulong ht_slots;
    public ulong ht_qualname;
    public ulong ht_cached_keys;
}

/// <summary>PyHeapTypeObject, 3.13.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyHeapTypeObject313<TLong> where TLong : unmanaged
{
    public PyTypeObject313<TLong> ht_type;
    public PyAsyncMethods310 as_async;
    public CArray36<ulong> as_number;
    public CArray3<ulong> as_mapping;
    public CArray10<ulong> as_sequence;
    public CArray2<ulong> as_buffer;
    public ulong ht_name;
    public ulong ht_slots;
    public ulong ht_qualname;
    public ulong ht_cached_keys;
}

/// <summary>PyDictObject, 3.11+ (Include/cpython/dictobject.h): a split dict keeps its values apart from its keys.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyDictObject311
{
    public PyObject ob_base;
    public long ma_used;
    public ulong ma_version_tag;
    public ulong ma_keys;
    public ulong ma_values;
}

/// <summary>
/// struct _dictkeysobject, 3.11+ release builds (Include/internal/pycore_dict.h), without the flexible array that
/// follows it: the indices (dk_indices, 1 &lt;&lt; dk_log2_index_bytes bytes), then dk_nentries entries of dk_kind.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyDictKeysObject311
{
    public long dk_refcnt;
    public byte dk_log2_size;
    public byte dk_log2_index_bytes;
    public byte dk_kind;
    public uint dk_version;
    public long dk_usable;
    public long dk_nentries;
}

/// <summary>An entry of a dict whose keys are not all str (DICT_KEYS_GENERAL), 3.11+.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyDictKeyEntry311
{
    public long me_hash;
    public ulong me_key;
    public ulong me_value;
}

/// <summary>An entry of a dict whose keys are all str (DICT_KEYS_UNICODE, DICT_KEYS_SPLIT), 3.11+.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyDictUnicodeEntry311
{
    public ulong me_key;
    public ulong me_value;
}

/// <summary>struct _dictvalues, 3.11-3.12: the values of a split dict, and nothing else.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyDictValues311
{
    public ulong values;
}

/// <summary>struct _dictvalues, 3.13: a header; valid is 0 once the values moved into a dict of their own.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyDictValues313
{
    public byte capacity;
    public byte size;
    public byte embedded;
    public byte valid;
    public ulong values;
}

/// <summary>PyModuleObject, 3.11+ (Include/internal/pycore_moduleobject.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyModuleObject311
{
    public PyObject ob_base;
    public ulong md_dict;
}

/// <summary>An entry of a set, 3.11+ (Include/cpython/setobject.h): a free slot has no key, a deleted one the hash -1.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct setentry311
{
    public ulong key;
    public long hash;
}

/// <summary>PySetObject, 3.11+ up to its table (mask + 1 entries).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PySetObject311
{
    public PyObject ob_base;
    public long fill;
    public long used;
    public long mask;
    public ulong table;
}

/// <summary>PyListObject, 3.11+ (Include/cpython/listobject.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyListObject311
{
    public PyVarObject ob_base;
    public ulong ob_item;
}

/// <summary>PyTupleObject, 3.11-3.13 (Include/cpython/tupleobject.h): its items follow the header.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyTupleObject311
{
    public PyVarObject ob_base;
    public ulong ob_item;
}

/// <summary>PyWeakReference, 3.11+ (Include/cpython/weakrefobject.h): a dead one points to None.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyWeakReference311
{
    public PyObject ob_base;
    public ulong wr_object;
}

/// <summary>PyMethodObject, 3.11+ (Include/cpython/classobject.h): a bound method.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyMethodObject311
{
    public PyObject ob_base;
    public ulong im_func;
    public ulong im_self;
}

/// <summary>_PyLongValue from 3.12 (Include/cpython/longintrepr.h): lv_tag holds the sign and the number of 30-bit digits.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _PyLongValue312
{
    public ulong lv_tag;
    public uint ob_digit;
}

/// <summary>PyLongObject from 3.12: an int (3.12+ names a task "Task-N" only when asked, and keeps N until then).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyLongObject312
{
    public PyObject ob_base;
    public _PyLongValue312 long_value;
}
