// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using Austin.Platform;
using Austin.Python.Abi;

namespace Austin.Python.Model;

/// <summary>What austin needs to know of a type to read the asyncio task graph.</summary>
internal enum ObjectKind
{
    Other,
    /// <summary>A coroutine (async def): its frame is inside it.</summary>
    Coroutine,
    /// <summary>A generator (yield from, types.coroutine): its frame is inside it too.</summary>
    Generator,
    /// <summary>_asyncio.Task or a subclass.</summary>
    Task,
    /// <summary>asyncio.tasks._GatheringFuture (what gather() returns): its _children are the awaited tasks.</summary>
    GatheringFuture,
    /// <summary>asyncio.TaskGroup: its _parent_task awaits its tasks.</summary>
    TaskGroup,
    /// <summary>A bound method (types.MethodType).</summary>
    Method,
    Str,
    Int,
    List,
    Tuple,
    Set,
}

/// <summary>
/// Reads Python objects of a 3.11-3.13 target: the kind of an object by its type's name (and its bases'), the
/// attributes of an instance (a dict, a managed dict, values split from their keys, inline values), dict entries by
/// str key, the keys of a set, the items of a list or tuple. Bounded everywhere, allocation-free once the types and
/// keys met are cached: the task walker calls it at every sample.
/// </summary>
internal sealed class RemoteObjects(IProcessMemory memory, AsyncioLayout a, StringLayout strings)
{
    /// <summary>Entries of a dict, set or list looked at, at most.</summary>
    public const int MaxEntries = 1 << 16;
    private const int MaxTypes = 4096;
    private const ulong HeapType = 1UL << 9;   // Py_TPFLAGS_HEAPTYPE, the same in every 3.x

    private readonly record struct TypeInfo(ObjectKind Kind, ulong Flags, long BasicSize, long DictOffset, ulong CachedKeys)
    {
        // Its name only: the generated list of members would bring every member type's formatting into the binary.
        public override string ToString() => nameof(TypeInfo);
    }

    private readonly Dictionary<ulong, TypeInfo> _types = new();
    // Attribute and key names are interned strs: once one is recognised, its address stands for it.
    private readonly Dictionary<ulong, int> _knownKeys = new();
    private readonly List<byte[]> _names = [];
    private byte[] _scratch = new byte[4096];

    public IProcessMemory Memory => memory;

    /// <summary>The type of the object at <paramref name="address"/>, or 0.</summary>
    public ulong TypeOf(ulong address) => address != 0 && memory.TryReadPointer(address + (ulong)a.ObjectType, out ulong type) ? type : 0;

    /// <summary>What the object at <paramref name="address"/> is, as far as austin cares.</summary>
    public ObjectKind KindOf(ulong address) => address == 0 ? ObjectKind.Other : TypeKind(TypeOf(address));

    public ObjectKind TypeKind(ulong type) => Type(type)?.Kind ?? ObjectKind.Other;

    private TypeInfo? Type(ulong type)
    {
        if (type == 0) return null;
        if (_types.TryGetValue(type, out TypeInfo info)) return info;
        Span<byte> raw = stackalloc byte[a.TypeDictOffset + 8];
        if (!memory.TryRead(type, raw)) return null;
        ulong flags = raw.U64(a.TypeFlags);
        ulong keys = 0;
        if ((flags & HeapType) != 0 && (flags & a.FlagManagedDict) != 0 && !memory.TryReadPointer(type + (ulong)a.HeapTypeCachedKeys, out keys))
            return null;
        info = new TypeInfo(KindByName(type, raw), flags, (long)raw.U64(a.TypeBasicSize), (long)raw.U64(a.TypeDictOffset), keys);
        if (_types.Count >= MaxTypes) _types.Clear();
        _types[type] = info;
        return info;
    }

    /// <summary>The kind a type's name, or the name of one of its first bases, says.</summary>
    private ObjectKind KindByName(ulong type, ReadOnlySpan<byte> raw)
    {
        Span<byte> name = stackalloc byte[64];
        ulong current = type;
        ulong namePointer = raw.U64(a.TypeName);   // after the PyVarObject head
        ulong @base = raw.U64(a.TypeBase);
        for (int depth = 0; depth < 8 && current != 0; depth++)
        {
            int length = memory.TryReadCString(namePointer, name);
            if (length >= 0)
            {
                ObjectKind kind = Named(name[..length], depth);
                if (kind != ObjectKind.Other) return kind;
            }
            current = @base;
            if (current == 0 || !memory.TryReadPointer(current + (ulong)a.TypeName, out namePointer) || !memory.TryReadPointer(current + (ulong)a.TypeBase, out @base))
                break;
        }
        return ObjectKind.Other;
    }

    private static ObjectKind Named(ReadOnlySpan<byte> name, int depth)
    {
        // Subclasses count for the asyncio types only: a subclass of str or list is not what austin reads.
        if (name.SequenceEqual("_asyncio.Task"u8)) return ObjectKind.Task;
        if (name.SequenceEqual("_GatheringFuture"u8)) return ObjectKind.GatheringFuture;
        if (name.SequenceEqual("TaskGroup"u8)) return ObjectKind.TaskGroup;
        if (depth > 0) return ObjectKind.Other;
        if (name.SequenceEqual("coroutine"u8)) return ObjectKind.Coroutine;
        if (name.SequenceEqual("generator"u8)) return ObjectKind.Generator;
        if (name.SequenceEqual("method"u8)) return ObjectKind.Method;
        if (name.SequenceEqual("str"u8)) return ObjectKind.Str;
        if (name.SequenceEqual("int"u8)) return ObjectKind.Int;
        if (name.SequenceEqual("list"u8)) return ObjectKind.List;
        if (name.SequenceEqual("tuple"u8)) return ObjectKind.Tuple;
        if (name.SequenceEqual("set"u8)) return ObjectKind.Set;
        return ObjectKind.Other;
    }

    /// <summary>The attribute <paramref name="name"/> (ASCII) of the instance at <paramref name="address"/>, or 0.</summary>
    public ulong Attribute(ulong address, ReadOnlySpan<byte> name)
    {
        if (Type(TypeOf(address)) is not TypeInfo type) return 0;
        if ((type.Flags & a.FlagManagedDict) != 0)
        {
            ulong word;
            switch (a.ManagedDict)
            {
                case ManagedDictModel.ValuesOrDict311:
                    if (!memory.TryReadPointer(address + (ulong)(long)a.ValuesPointerOffset, out word)) return 0;
                    if (word != 0) return SplitValue(type.CachedKeys, word, name);
                    break;
                case ManagedDictModel.Tagged312:
                    if (!memory.TryReadPointer(address + (ulong)(long)a.ManagedDictOffset, out word)) return 0;
                    if ((word & 1) != 0) return SplitValue(type.CachedKeys, word + 1, name);
                    return word != 0 ? DictItem(word, name) : 0;
                case ManagedDictModel.Inline313:
                    if ((type.Flags & a.FlagInlineValues) != 0)
                    {
                        ulong values = address + (ulong)type.BasicSize;
                        if (memory.TryRead(values + (ulong)a.ValuesValid, out byte valid) && valid != 0)
                            return SplitValue(type.CachedKeys, values, name);
                    }
                    break;
            }
            return memory.TryReadPointer(address + (ulong)(long)a.ManagedDictOffset, out word) && word != 0 ? DictItem(word, name) : 0;
        }
        if (type.DictOffset > 0 && memory.TryReadPointer(address + (ulong)type.DictOffset, out ulong dict) && dict != 0)
            return DictItem(dict, name);
        return 0;
    }

    /// <summary>The value of key <paramref name="name"/> (ASCII str) in the dict at <paramref name="dict"/>, or 0.</summary>
    public ulong DictItem(ulong dict, ReadOnlySpan<byte> name)
    {
        Span<byte> head = stackalloc byte[a.DictValues + 8];
        if (!memory.TryRead(dict, head)) return 0;
        ulong keys = head.U64(a.DictKeys), values = head.U64(a.DictValues);
        if (keys == 0) return 0;
        if (values != 0) return SplitValue(keys, values, name);
        int index = Find(keys, name, out int entrySize, out ulong entries);
        if (index < 0) return 0;
        int valueAt = entrySize - 8;   // me_value is the last member of either entry
        return memory.TryReadPointer(entries + (ulong)(index * entrySize + valueAt), out ulong value) ? value : 0;
    }

    private ulong SplitValue(ulong keys, ulong values, ReadOnlySpan<byte> name)
    {
        int index = Find(keys, name, out _, out _);
        if (index < 0) return 0;
        return memory.TryReadPointer(values + (ulong)(a.ValuesArray + 8 * index), out ulong value) ? value : 0;
    }

    /// <summary>The index of the entry whose key is the str <paramref name="name"/> in a keys object, or -1.</summary>
    private int Find(ulong keys, ReadOnlySpan<byte> name, out int entrySize, out ulong entries)
    {
        entrySize = 0;
        entries = 0;
        Span<byte> head = stackalloc byte[a.KeysSize];
        if (keys == 0 || !memory.TryRead(keys, head)) return -1;
        int log2IndexBytes = head[a.KeysLog2IndexBytes];
        long count = (long)head.U64(a.KeysEntries);
        if (log2IndexBytes > 40 || count < 0 || count > MaxEntries) return -1;
        entrySize = head[a.KeysKind] == 0 ? 24 : 16;   // DICT_KEYS_GENERAL has a hash before key and value
        int keyAt = entrySize == 24 ? 8 : 0;
        entries = keys + (ulong)a.KeysSize + (1UL << log2IndexBytes);
        int bytes = (int)count * entrySize;
        if (_scratch.Length < bytes) _scratch = new byte[Math.Max(bytes, _scratch.Length * 2)];
        Span<byte> table = _scratch.AsSpan(0, bytes);
        if (!memory.TryRead(entries, table)) return -1;
        int wanted = NameId(name);
        for (int i = 0; i < count; i++)
        {
            ulong key = table.U64(i * entrySize + keyAt);
            if (key == 0) continue;
            if (_knownKeys.TryGetValue(key, out int id))
            {
                if (id == wanted) return i;
                continue;
            }
            if (AsciiEquals(key, name))
            {
                if (_knownKeys.Count >= MaxEntries) _knownKeys.Clear();
                _knownKeys[key] = wanted;
                return i;
            }
        }
        return -1;
    }

    /// <summary>A small number for each name asked for (a handful in all).</summary>
    private int NameId(ReadOnlySpan<byte> name)
    {
        for (int i = 0; i < _names.Count; i++)
            if (name.SequenceEqual(_names[i])) return i;
        _names.Add(name.ToArray());
        return _names.Count - 1;
    }

    /// <summary>Whether the object at <paramref name="address"/> is a compact ASCII str equal to <paramref name="name"/>.</summary>
    private bool AsciiEquals(ulong address, ReadOnlySpan<byte> name)
    {
        // PyASCIIObject: ob_refcnt, ob_type, length, hash, state (3.11: then wstr); the characters follow the header.
        Span<byte> head = stackalloc byte[36];
        if (!memory.TryRead(address, head)) return false;
        if ((long)head.U64(16) != name.Length) return false;
        uint state = (uint)head.I32(32);
        if (!UnicodeState.Compact(state) || !UnicodeState.Ascii(state)) return false;
        if (KindOf(address) != ObjectKind.Str) return false;
        Span<byte> characters = stackalloc byte[name.Length];
        return memory.TryRead(address + (ulong)strings.AsciiSize, characters) && characters.SequenceEqual(name);
    }

    /// <summary>Copies the keys of the set at <paramref name="set"/> (active entries only) into <paramref name="keys"/>; returns how many.</summary>
    public int SetKeys(ulong set, Span<ulong> keys)
    {
        Span<byte> head = stackalloc byte[a.SetTable + 8];
        if (!memory.TryRead(set, head)) return -1;
        long mask = (long)head.U64(a.SetMask);
        ulong table = head.U64(a.SetTable);
        if (mask < 0 || mask >= MaxEntries || table == 0) return -1;
        int slots = (int)mask + 1;
        int bytes = slots * a.SetEntrySize;
        if (_scratch.Length < bytes) _scratch = new byte[Math.Max(bytes, _scratch.Length * 2)];
        Span<byte> entries = _scratch.AsSpan(0, bytes);
        if (!memory.TryRead(table, entries)) return -1;
        int n = 0;
        for (int i = 0; i < slots && n < keys.Length; i++)
        {
            ulong key = entries.U64(i * a.SetEntrySize);
            long hash = (long)entries.U64(i * a.SetEntrySize + 8);
            if (key != 0 && hash != -1) keys[n++] = key;   // a deleted entry keeps the dummy key with the hash -1
        }
        return n;
    }

    /// <summary>Copies the items of the list or tuple at <paramref name="sequence"/> into <paramref name="items"/>; returns how many.</summary>
    public int Items(ulong sequence, Span<ulong> items)
    {
        ObjectKind kind = KindOf(sequence);
        if (kind is not (ObjectKind.List or ObjectKind.Tuple)) return -1;
        if (!memory.TryRead(sequence + (ulong)a.ListSize, out long size) || size < 0 || size > MaxEntries) return -1;
        int n = (int)Math.Min(size, items.Length);
        ulong array = sequence + (ulong)a.TupleItems;
        if (kind == ObjectKind.List && !memory.TryReadPointer(sequence + (ulong)a.ListItems, out array)) return -1;
        if (n == 0) return 0;
        Span<byte> raw = System.Runtime.InteropServices.MemoryMarshal.AsBytes(items[..n]);
        return memory.TryRead(array, raw) ? n : -1;
    }

    /// <summary>The value of a small non-negative int (3.12+'s PyLongObject), or -1.</summary>
    public long SmallInt(ulong address)
    {
        if (a.LongTag < 0) return -1;
        Span<byte> raw = stackalloc byte[a.LongDigits + 8];
        if (!memory.TryRead(address, raw)) return -1;
        ulong tag = raw.U64(a.LongTag);
        // lv_tag: the number of digits above 3 bits; the sign in the lowest two (0 positive, 1 zero, 2 negative).
        ulong digits = tag >> 3;
        if ((tag & 3) == 1) return 0;
        if ((tag & 3) != 0 || digits is 0 or > 2) return -1;
        long value = raw.I32(a.LongDigits) & 0x3fffffff;
        if (digits == 2) value |= (long)(raw.I32(a.LongDigits + 4) & 0x3fffffff) << 30;
        return value;
    }
}
