// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Austin.Python.Abi;

/// <summary>
/// Reads the target's own _Py_DebugOffsets (3.13+, DebugOffsetsStructs.cs): the offsets it publishes replace those
/// of the version table. The table comes from the target, so it is checked, and a table austin cannot use (cut
/// short, of a minor version austin does not know, or whose offsets lie outside what austin reads) is an error that
/// names the version: austin never falls back to another version's offsets. A free-threaded build (free_threaded)
/// publishes the same entries over its larger object header; what the table leaves out is derived from the entries
/// next to it (see <see cref="Derived"/>).
/// </summary>
internal static class DebugOffsets
{
    public static int Size313 => Unsafe.SizeOf<_Py_DebugOffsets313>();
    public static int Size314 => Unsafe.SizeOf<_Py_DebugOffsets314>();
    public static int Size315 => Unsafe.SizeOf<_Py_DebugOffsets315>();

    /// <summary>The largest table austin reads: what to read at _PyRuntime before the version is known.</summary>
    public static int MaxSize => Size315;

    /// <summary>"xdebugpy", the cookie at offset 0.</summary>
    public static ReadOnlySpan<byte> Cookie => "xdebugpy"u8;

    public static bool HasCookie(ReadOnlySpan<byte> table) => table.Length >= 16 && table[..8].SequenceEqual(Cookie);

    /// <summary>PY_VERSION_HEX of the running interpreter (version, after the cookie in every minor version).</summary>
    public static ulong VersionHex(ReadOnlySpan<byte> table) => BinaryPrimitives.ReadUInt64LittleEndian(table[8..]);

    /// <summary>free_threaded, after the version in every minor version.</summary>
    public static bool FreeThreaded(ReadOnlySpan<byte> table) => BinaryPrimitives.ReadUInt64LittleEndian(table[16..]) != 0;

    /// <summary>Offsets are small; a larger entry is garbage.</summary>
    private const ulong OffsetLimit = 1 << 20;

    // What austin reads of each object at most: a size beyond is garbage.
    private const int ThreadStateCap = 4096, InterpreterFrameCap = 256, CodeObjectCap = 512;

    /// <summary>
    /// <paramref name="baseLayout"/> (the version table's layout of the same target) with every offset the target
    /// publishes taken from <paramref name="table"/>, which starts with the cookie.
    /// </summary>
    /// <exception cref="AustinException">The table cannot be used; the message names the version it gives.</exception>
    public static Layout Apply(Layout baseLayout, ReadOnlySpan<byte> table)
    {
        PythonVersion v = PythonVersion.FromHex(VersionHex(table));
        var entries = new Entries();
        Layout? layout = Read(baseLayout, table, v, entries);
        string? refusal = entries.Refusal ?? layout?.Inconsistency();
        if (layout is null || refusal is not null)
            throw new AustinException(ExitCodes.DataError, $"Python {v} publishes debug offsets (_Py_DebugOffsets) austin cannot use: {refusal}");
        return layout;
    }

    private static Layout? Read(Layout b, ReadOnlySpan<byte> table, PythonVersion v, Entries e)
    {
        int size = v is { Major: 3, Minor: 13 } ? Size313 : v is { Major: 3, Minor: 14 } ? Size314 : v is { Major: 3, Minor: 15 } ? Size315 : 0;
        if (size == 0) return e.Refuse("austin reads the tables of 3.13 to 3.15 only");
        if (table.Length < size) return e.Refuse($"the table is cut short ({table.Length} of its {size} bytes)");
        bool ft = FreeThreaded(table);
        Layout read;
        if (v.Minor == 13)
        {
            _Py_DebugOffsets313 t = MemoryMarshal.Read<_Py_DebugOffsets313>(table);
            read = b with
            {
                Runtime = Runtime(b.Runtime, t.runtime_state, e), Interpreter = Interpreter(b.Interpreter, t.interpreter_state, t.gc.collecting, e),
                Thread = Thread(b.Thread, t.thread_state, e), Frame = Frame(b.Frame, t.interpreter_frame, e),
                Code = Code(b.Code, t.code_object, e), String = String(b.String, t.unicode_object, t.bytes_object, e),
                Object = Object(t.pyobject, t.type_object.tp_name, e),
            };
        }
        else if (v.Minor == 14)
        {
            _Py_DebugOffsets314 u = MemoryMarshal.Read<_Py_DebugOffsets314>(table);
            read = b with
            {
                Runtime = Runtime(b.Runtime, u.runtime_state, e), Interpreter = Interpreter(b.Interpreter, u.interpreter_state, u.gc.collecting, e),
                Thread = Thread(b.Thread, u.thread_state, e), Frame = Frame(b.Frame, u.interpreter_frame, ft, e),
                Code = Code(b.Code, u.code_object, ft, e), String = String(b.String, u.unicode_object, u.bytes_object, e),
                Object = Object(u.pyobject, u.type_object.tp_name, e),
                Asyncio = Asyncio(b.Asyncio, u.pyobject, u.type_object.tp_name, u.type_object.tp_flags, u.interpreter_frame, u.gen_object,
                    u.set_object, u.long_object, u.tuple_object, u.list_object, e),
            };
        }
        else
        {
            _Py_DebugOffsets315 w = MemoryMarshal.Read<_Py_DebugOffsets315>(table);
            read = b with
            {
                Runtime = Runtime(b.Runtime, w.runtime_state, e), Interpreter = Interpreter(b.Interpreter, w.interpreter_state, w.gc.collecting, e),
                Thread = Thread(b.Thread, w.thread_state, e), Frame = Frame(b.Frame, w.interpreter_frame, ft, e),
                Code = Code(b.Code, w.code_object, ft, e),
                String = String(b.String, new _unicode_object313 { size = w.unicode_object.size, state = w.unicode_object.state, length = w.unicode_object.length, asciiobject_size = w.unicode_object.asciiobject_size }, w.bytes_object, e),
                Object = Object(w.pyobject, w.type_object.tp_name, e),
                Asyncio = Asyncio(b.Asyncio, w.pyobject, w.type_object.tp_name, w.type_object.tp_flags, w.interpreter_frame, w.gen_object,
                    w.set_object, w.long_object, w.tuple_object, w.list_object, e),
            };
        }
        return read with
        {
            Version = v, NeedsDebugOffsets = false, FreeThreaded = ft,
            String = read.String with { StateShift = ft && v.Minor >= 14 ? 6 : 0 },
            // 3.13's asyncio objects are measured in release builds' headers only; 3.14+ publishes what a free-threaded
            // build moves (the object header), and its _asyncio module the rest.
            Asyncio = ft && v.Minor == 13 ? null : read.Asyncio,
        };
    }

    /// <summary>
    /// What the table leaves out, derived from its neighbours in the same struct, whose distance does not depend on
    /// the object header: _co_firsttraceable lies as far before co_code_adaptive as in the version table's build
    /// (before co_tlbc, which a free-threaded 3.14+ build puts between them); the characters of a compact non-ASCII
    /// string, and the data pointer of another, as far after the PyASCIIObject.
    /// </summary>
    private static class Derived
    {
        public static int FirstTraceable(CodeLayout b, int adaptive, int tlbc) =>
            b.FirstTraceable < 0 || b.Adaptive < 0 ? b.FirstTraceable : (tlbc > 0 ? tlbc : adaptive) - (b.Adaptive - b.FirstTraceable);
    }

    /// <summary>
    /// 3.14+: what the task walker reads of generators, frames, sets, lists, tuples and ints, where the table says; the
    /// fields of a type object lie as far after tp_name as in 3.13's (a larger object header moves them all alike).
    /// The tasks themselves come later, from the _asyncio module's own table.
    /// </summary>
    private static AsyncioLayout? Asyncio(AsyncioLayout? b, in _pyobject313 o, ulong tpName, ulong tpFlags, in _interpreter_frame314 f,
        in _gen_object314 g, in _set_object314 set, in _long_object313 n, in _tuple_object313 tuple, in _list_object313 list, Entries e)
    {
        if (b is null) return null;
        int typeName = e.Offset(tpName, "type_object.tp_name");
        int shift = typeName - b.TypeName;
        return b with
        {
            ObjectType = e.Offset(o.ob_type, "pyobject.ob_type"), TypeName = typeName, TypeFlags = e.Offset(tpFlags, "type_object.tp_flags"),
            TypeBasicSize = b.TypeBasicSize + shift, TypeBase = b.TypeBase + shift, TypeDictOffset = b.TypeDictOffset + shift,
            HeapTypeCachedKeys = b.HeapTypeCachedKeys + shift,
            GenFrame = e.Offset(g.gi_iframe, "gen_object.gi_iframe"), GenFrameState = e.Offset(g.gi_frame_state, "gen_object.gi_frame_state"),
            FrameStackPointer = e.Offset(f.stackpointer, "interpreter_frame.stackpointer"),
            SetMask = e.Offset(set.mask, "set_object.mask"), SetTable = e.Offset(set.table, "set_object.table"),
            LongTag = e.Offset(n.lv_tag, "long_object.lv_tag"), LongDigits = e.Offset(n.ob_digit, "long_object.ob_digit"),
            TupleItems = e.Offset(tuple.ob_item, "tuple_object.ob_item"), ListItems = e.Offset(list.ob_item, "list_object.ob_item"),
            ListSize = e.Offset(list.ob_size, "list_object.ob_size"),
        };
    }

    private static ObjectLayout Object(in _pyobject313 o, ulong tpName, Entries e) => new()
    {
        Type = e.Offset(o.ob_type, "pyobject.ob_type"), TypeName = e.Offset(tpName, "type_object.tp_name"),
    };

    private static RuntimeLayout Runtime(RuntimeLayout b, in _runtime_state313 s, Entries e) =>
        b with { InterpretersHead = e.Offset(s.interpreters_head, "runtime_state.interpreters_head") };

    private static InterpreterLayout Interpreter(InterpreterLayout b, in _interpreter_state313 s, ulong gc, Entries e) => b with
    {
        Next = e.Offset(s.next, "interpreter_state.next"), Id = e.Offset(s.id, "interpreter_state.id"), ThreadsHead = e.Offset(s.threads_head, "interpreter_state.threads_head"),
        GcCollecting = GcCollecting(s.gc, gc, e),
        Modules = e.Offset(s.imports_modules, "interpreter_state.imports_modules"),
        CevalGil = e.Offset(s.ceval_gil, "interpreter_state.ceval_gil"),
        GilLastHolder = e.InGil(s.gil_runtime_state_holder, s.gil_runtime_state, "interpreter_state.gil_runtime_state_holder"),
        GilLocked = e.InGil(s.gil_runtime_state_locked, s.gil_runtime_state, "interpreter_state.gil_runtime_state_locked"),
    };

    private static InterpreterLayout Interpreter(InterpreterLayout b, in _interpreter_state314 s, ulong gc, Entries e) => b with
    {
        Next = e.Offset(s.next, "interpreter_state.next"), Id = e.Offset(s.id, "interpreter_state.id"), ThreadsHead = e.Offset(s.threads_head, "interpreter_state.threads_head"),
        GcCollecting = GcCollecting(s.gc, gc, e),
        Modules = e.Offset(s.imports_modules, "interpreter_state.imports_modules"),
        CevalGil = e.Offset(s.ceval_gil, "interpreter_state.ceval_gil"),
        GilLastHolder = e.InGil(s.gil_runtime_state_holder, s.gil_runtime_state, "interpreter_state.gil_runtime_state_holder"),
        GilLocked = e.InGil(s.gil_runtime_state_locked, s.gil_runtime_state, "interpreter_state.gil_runtime_state_locked"),
    };

    /// <summary>Where PyInterpreterState.gc.collecting lies: the gc state's offset in the interpreter plus collecting's in it.</summary>
    private static int GcCollecting(ulong gcState, ulong gcCollecting, Entries e)
    {
        int state = e.Offset(gcState, "interpreter_state.gc");
        int collecting = e.Offset(gcCollecting, "gc.collecting");
        return e.Offset((ulong)state + (ulong)collecting, "interpreter_state.gc + gc.collecting");
    }

    private static ThreadLayout Thread(ThreadLayout b, in _thread_state313 s, Entries e) => b with
    {
        Next = e.Offset(s.next, "thread_state.next"),
        Interp = e.Offset(s.interp, "thread_state.interp"),
        Frame = e.Offset(s.current_frame, "thread_state.current_frame"),
        Id = e.Offset(s.thread_id, "thread_state.thread_id"),
        NativeId = e.Offset(s.native_thread_id, "thread_state.native_thread_id"),
        DatastackChunk = e.Offset(s.datastack_chunk, "thread_state.datastack_chunk"),
        Size = e.Size(s.size, "thread_state.size", ThreadStateCap),
    };

    private static FrameLayout Frame(FrameLayout b, in _interpreter_frame313 s, Entries e) => b with
    {
        Back = e.Offset(s.previous, "interpreter_frame.previous"),
        Code = e.Offset(s.executable, "interpreter_frame.executable"),
        Instr = e.Offset(s.instr_ptr, "interpreter_frame.instr_ptr"),
        Owner = e.Offset(s.owner, "interpreter_frame.owner"),
        Size = e.Size(s.size, "interpreter_frame.size", InterpreterFrameCap),
        // Not among 3.13's debug offsets: the int right after instr_ptr (Include/internal/pycore_frame.h, both builds).
        StackTop = b.StackTop >= 0 ? e.Offset(s.instr_ptr, "interpreter_frame.instr_ptr") + 8 : -1,
    };

    private static ThreadLayout Thread(ThreadLayout b, in _thread_state315 s, Entries e) => b with
    {
        Next = e.Offset(s.next, "thread_state.next"),
        Interp = e.Offset(s.interp, "thread_state.interp"),
        Frame = e.Offset(s.current_frame, "thread_state.current_frame"),
        Id = e.Offset(s.thread_id, "thread_state.thread_id"),
        NativeId = e.Offset(s.native_thread_id, "thread_state.native_thread_id"),
        DatastackChunk = e.Offset(s.datastack_chunk, "thread_state.datastack_chunk"),
        Size = e.Size(s.size, "thread_state.size", ThreadStateCap),
    };

    private static FrameLayout Frame(FrameLayout b, in _interpreter_frame314 s, bool freeThreaded, Entries e) => b with
    {
        Back = e.Offset(s.previous, "interpreter_frame.previous"),
        Code = e.Offset(s.executable, "interpreter_frame.executable"),
        Instr = e.Offset(s.instr_ptr, "interpreter_frame.instr_ptr"),
        Owner = e.Offset(s.owner, "interpreter_frame.owner"),
        TlbcIndex = freeThreaded ? e.Offset(s.tlbc_index, "interpreter_frame.tlbc_index") : -1,
        Size = e.Size(s.size, "interpreter_frame.size", InterpreterFrameCap),
    };

    // _co_firsttraceable is not published: it stays the version table's.
    private static CodeLayout Code(CodeLayout b, in _code_object313 s, Entries e) => b with
    {
        FirstTraceable = Derived.FirstTraceable(b, e.Offset(s.co_code_adaptive, "code_object.co_code_adaptive"), 0),
        Filename = e.Offset(s.filename, "code_object.filename"),
        Name = e.Offset(s.name, "code_object.name"),
        Qualname = e.Offset(s.qualname, "code_object.qualname"),
        LineTable = e.Offset(s.linetable, "code_object.linetable"),
        FirstLineno = e.Offset(s.firstlineno, "code_object.firstlineno"),
        Adaptive = e.Offset(s.co_code_adaptive, "code_object.co_code_adaptive"),
        Size = e.Size(s.size, "code_object.size", CodeObjectCap),
    };

    private static CodeLayout Code(CodeLayout b, in _code_object314 s, bool freeThreaded, Entries e) => b with
    {
        Tlbc = freeThreaded ? e.Offset(s.co_tlbc, "code_object.co_tlbc") : -1,
        FirstTraceable = Derived.FirstTraceable(b, e.Offset(s.co_code_adaptive, "code_object.co_code_adaptive"),
            freeThreaded ? e.Offset(s.co_tlbc, "code_object.co_tlbc") : 0),
        Filename = e.Offset(s.filename, "code_object.filename"),
        Name = e.Offset(s.name, "code_object.name"),
        Qualname = e.Offset(s.qualname, "code_object.qualname"),
        LineTable = e.Offset(s.linetable, "code_object.linetable"),
        FirstLineno = e.Offset(s.firstlineno, "code_object.firstlineno"),
        Adaptive = e.Offset(s.co_code_adaptive, "code_object.co_code_adaptive"),
        Size = e.Size(s.size, "code_object.size", CodeObjectCap),
    };

    private static StringLayout String(StringLayout b, in _unicode_object313 s, in _bytes_object313 bytes, Entries e)
    {
        int ascii = e.Offset(s.asciiobject_size, "unicode_object.asciiobject_size");
        return b with
        {
            AsciiSize = ascii,
            CompactSize = ascii + (b.CompactSize - b.AsciiSize),
            DataPointer = ascii + (b.DataPointer - b.AsciiSize),
            Length = e.Offset(s.length, "unicode_object.length"),
            State = e.Offset(s.state, "unicode_object.state"),
            BytesSize = e.Offset(bytes.ob_size, "bytes_object.ob_size"),
            BytesData = e.Offset(bytes.ob_sval, "bytes_object.ob_sval"),
        };
    }

    /// <summary>Turns the table's entries into offsets, remembering the first that cannot be one.</summary>
    private sealed class Entries
    {
        public string? Refusal { get; private set; }

        public Layout? Refuse(string reason)
        {
            Refusal ??= reason;
            return null;
        }

        public int Offset(ulong value, string entry)
        {
            if (value < OffsetLimit) return (int)value;
            Refusal ??= $"{entry} is {value}";
            return 0;
        }

        /// <summary>
        /// A field of the GIL, which the table places in the interpreter's own _gil (at <paramref name="gil"/>): where
        /// it lies in any _gil_runtime_state, which is what ceval.gil points to (the main interpreter's, when shared).
        /// </summary>
        public int InGil(ulong value, ulong gil, string entry)
        {
            if (value >= gil && value - gil < OffsetLimit) return (int)(value - gil);
            Refusal ??= $"{entry} is {value}, outside the _gil at {gil}";
            return 0;
        }

        public int Size(ulong value, string entry, int cap)
        {
            if (value is > 0 && value <= (ulong)cap) return (int)value;
            Refusal ??= $"{entry} is {value} (austin reads 1 to {cap} bytes)";
            return 0;
        }
    }
}
