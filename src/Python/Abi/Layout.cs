// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Buffers.Binary;
using Austin.Python.LineTables;

namespace Austin.Python.Abi;

/// <summary>How a version chains its frames.</summary>
internal enum FrameModel
{
    /// <summary>PyFrameObject linked by f_back (up to 3.10).</summary>
    FrameObjects,
    /// <summary>_PyInterpreterFrame linked by previous (3.11+).</summary>
    InterpreterFrames,
}

// One record per struct family: the offsets the sampler reads in one version's structs, for one target ABI, taken
// from the ABI structs of this folder by VersionTable (or from the target's own _Py_DebugOffsets on 3.13+: see
// DebugOffsets). Absent fields are -1. The walkers read an object in one read of its family's Size, then fields
// at these offsets.

/// <summary>PyCodeObject.</summary>
internal sealed record CodeLayout
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(CodeLayout);

    public required LineTableFormat TableFormat { get; init; }
    public required int Filename { get; init; }
    public required int Name { get; init; }
    /// <summary>co_qualname (3.11+).</summary>
    public int Qualname { get; init; } = -1;
    /// <summary>co_lnotab (≤3.9) or co_linetable (3.10+).</summary>
    public required int LineTable { get; init; }
    public required int FirstLineno { get; init; }
    /// <summary>_co_firsttraceable (3.11+).</summary>
    public int FirstTraceable { get; init; } = -1;
    /// <summary>co_code_adaptive, where the bytecode starts (3.11+).</summary>
    public int Adaptive { get; init; } = -1;
    /// <summary>
    /// co_tlbc (free-threaded 3.14+): the _PyCodeArray of the bytecode's copies, one per thread that specialises it
    /// (entries[0] is co_code_adaptive); a frame's instr_ptr points into the copy its tlbc_index names.
    /// </summary>
    public int Tlbc { get; init; } = -1;
    public required int Size { get; init; }

    /// <summary>Why a field lies outside the bytes read, or null.</summary>
    public string? Inconsistency() =>
        Bounds.Cap("code object", Size, 4096) ??
        Bounds.Present("co_filename", Filename, 8, Size) ?? Bounds.Present("co_name", Name, 8, Size) ??
        Bounds.Fits("co_qualname", Qualname, 8, Size) ?? Bounds.Present("co_linetable", LineTable, 8, Size) ??
        Bounds.Present("co_firstlineno", FirstLineno, 4, Size) ?? Bounds.Fits("_co_firsttraceable", FirstTraceable, 4, Size) ??
        (Adaptive < 65536 ? null : $"co_code_adaptive at {Adaptive}") ?? Bounds.Fits("co_tlbc", Tlbc, 8, Size);
}

/// <summary>PyFrameObject (<see cref="FrameModel.FrameObjects"/>) or _PyInterpreterFrame (<see cref="FrameModel.InterpreterFrames"/>).</summary>
internal sealed record FrameLayout
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(FrameLayout);

    public required FrameModel Model { get; init; }
    /// <summary>f_back or previous.</summary>
    public required int Back { get; init; }
    /// <summary>f_code, or f_executable (3.13+).</summary>
    public required int Code { get; init; }
    /// <summary>f_lasti (int) for frame objects; prev_instr or instr_ptr (pointer) for interpreter frames.</summary>
    public required int Instr { get; init; }
    public int Owner { get; init; } = -1;
    public required int Size { get; init; }
    /// <summary>Frames owned by the C stack (shim/entry frames) have owner ≥ this value; 0 = none.</summary>
    public int OwnerSkipFrom { get; init; }
    /// <summary>3.14 tags f_executable (a _PyStackRef): clear these low bits before use.</summary>
    public ulong CodeTagMask { get; init; }
    /// <summary>
    /// stacktop (3.12-3.13): -1 while the frame runs (_PyFrame_GetStackPointer), at least 0 while it waits for a callee
    /// it pushed itself (_PyFrame_SetStackPointer before the switch, DISPATCH_INLINED). -1 = not used (3.11 leaves
    /// it as last saved; 3.14 clears its stackpointer only in debug builds).
    /// </summary>
    public int StackTop { get; init; } = -1;
    /// <summary>is_entry (3.11): the frame was entered from C, not pushed by its caller's own call. -1 = not used.</summary>
    public int IsEntry { get; init; } = -1;
    /// <summary>
    /// 3.11+: by opcode, whether it pushes a callee frame itself, and where the caller's instruction pointer stays
    /// while the callee runs (see <see cref="CallSites"/>). Null = not used.
    /// </summary>
    public byte[]? CallSites { get; init; }
    /// <summary>tlbc_index (free-threaded 3.14+): which copy of the bytecode instr_ptr points into (<see cref="CodeLayout.Tlbc"/>).</summary>
    public int TlbcIndex { get; init; } = -1;

    public string? Inconsistency() =>
        Bounds.Cap("frame", Size, 4096) ??
        Bounds.Present("f_back/previous", Back, 8, Size) ?? Bounds.Present("f_code/f_executable", Code, 8, Size) ??
        Bounds.Present("f_lasti/instr_ptr", Instr, Model == FrameModel.FrameObjects ? 4 : 8, Size) ??
        Bounds.Fits("owner", Owner, 1, Size) ?? Bounds.Fits("stacktop", StackTop, 4, Size) ?? Bounds.Fits("is_entry", IsEntry, 1, Size) ?? Bounds.Fits("tlbc_index", TlbcIndex, 4, Size);
}

/// <summary>PyThreadState, and the _PyCFrame it points to in 3.11-3.12.</summary>
internal sealed record ThreadLayout
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(ThreadLayout);

    public required int Next { get; init; }
    public required int Interp { get; init; }
    /// <summary>frame (≤3.10), cframe (3.11-3.12) or current_frame (3.13+).</summary>
    public required int Frame { get; init; }
    /// <summary>True when <see cref="Frame"/> points to a _PyCFrame whose current_frame is at <see cref="CFrameCurrentFrame"/>.</summary>
    public bool FrameIsCFrame { get; init; }
    public int CFrameCurrentFrame { get; init; } = -1;
    /// <summary>thread_id: the C long that PyThread_get_thread_ident() returns.</summary>
    public required int Id { get; init; }
    /// <summary>native_thread_id (3.11+): the kernel's thread id, a C long too.</summary>
    public int NativeId { get; init; } = -1;
    /// <summary>Bytes of a C long on the target: 8 on Linux and macOS, 4 on Windows.</summary>
    public required int LongSize { get; init; }
    public int DatastackChunk { get; init; } = -1;
    public required int Size { get; init; }

    /// <summary>thread_id of a thread state read whole.</summary>
    public ulong IdOf(ReadOnlySpan<byte> threadState) => ReadLong(threadState, Id);

    /// <summary>native_thread_id of a thread state read whole (<see cref="NativeId"/> must be present).</summary>
    public ulong NativeIdOf(ReadOnlySpan<byte> threadState) => ReadLong(threadState, NativeId);

    private ulong ReadLong(ReadOnlySpan<byte> threadState, int offset) => LongSize == 8
        ? BinaryPrimitives.ReadUInt64LittleEndian(threadState.Slice(offset, 8))
        : BinaryPrimitives.ReadUInt32LittleEndian(threadState.Slice(offset, 4));

    public string? Inconsistency() =>
        (LongSize is 4 or 8 ? null : $"a C long of {LongSize} bytes") ??
        Bounds.Cap("thread state", Size, 65536) ??
        Bounds.Present("next", Next, 8, Size) ?? Bounds.Present("interp", Interp, 8, Size) ??
        Bounds.Present("frame/cframe/current_frame", Frame, 8, Size) ?? Bounds.Present("thread_id", Id, LongSize, Size) ??
        Bounds.Fits("native_thread_id", NativeId, LongSize, Size) ?? Bounds.Fits("datastack_chunk", DatastackChunk, 8, Size) ??
        (CFrameCurrentFrame < 4096 ? null : $"_PyCFrame.current_frame at {CFrameCurrentFrame}");
}

/// <summary>PyInterpreterState, and the _gil_runtime_state its ceval.gil points to (3.12+).</summary>
internal sealed record InterpreterLayout
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(InterpreterLayout);

    public required int Next { get; init; }
    /// <summary>id (3.7+): the interpreter's number, 0 for the main one, as the C austin 3.x prints it.</summary>
    public int Id { get; init; } = -1;
    /// <summary>tstate_head (≤3.10) or threads.head (3.11+).</summary>
    public required int ThreadsHead { get; init; }
    /// <summary>modules, or imports.modules (3.12+).</summary>
    public required int Modules { get; init; }
    /// <summary>ceval.gil (3.12+): a pointer to the GIL this interpreter uses.</summary>
    public int CevalGil { get; init; } = -1;
    /// <summary>last_holder in the _gil_runtime_state that <see cref="CevalGil"/> points to (3.12+).</summary>
    public int GilLastHolder { get; init; } = -1;
    /// <summary>locked in the _gil_runtime_state that <see cref="CevalGil"/> points to (3.12+): 1 while a thread holds the GIL.</summary>
    public int GilLocked { get; init; } = -1;
    /// <summary>gc.collecting (3.9+): 1 while this interpreter's garbage collector runs.</summary>
    public int GcCollecting { get; init; } = -1;
    public required int Size { get; init; }

    public string? Inconsistency() =>
        (Next is >= 0 and < 1 << 20 ? null : $"next at {Next}") ??
        (Id < 1 << 20 ? null : $"id at {Id}") ??
        (ThreadsHead is >= 0 and < 1 << 20 ? null : $"threads.head at {ThreadsHead}") ??
        (GilLastHolder < 4096 ? null : $"_gil_runtime_state.last_holder at {GilLastHolder}") ??
        (GilLocked < 4096 ? null : $"_gil_runtime_state.locked at {GilLocked}") ??
        (GcCollecting < 1 << 20 ? null : $"gc.collecting at {GcCollecting}");
}

/// <summary>_PyRuntimeState (3.7+); <see cref="None"/> before, where the anchor is interp_head.</summary>
internal sealed record RuntimeLayout
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(RuntimeLayout);

    public static readonly RuntimeLayout None = new() { Size = 0 };

    /// <summary>interpreters.head.</summary>
    public int InterpretersHead { get; init; } = -1;
    public required int Size { get; init; }
    /// <summary>ceval.gil.last_holder (3.7-3.11).</summary>
    public int GilLastHolder { get; init; } = -1;
    /// <summary>ceval.gil.locked (3.7-3.11).</summary>
    public int GilLocked { get; init; } = -1;
    /// <summary>gilstate.tstate_current (3.7-3.11): the thread state holding the GIL.</summary>
    public int TstateCurrent { get; init; } = -1;
    /// <summary>gc.collecting (3.7-3.8, where the garbage collector's state is the runtime's): 1 while it runs.</summary>
    public int GcCollecting { get; init; } = -1;

    public string? Inconsistency() =>
        (InterpretersHead < 1 << 20 ? null : $"interpreters.head at {InterpretersHead}") ??
        (GcCollecting < 1 << 20 ? null : $"gc.collecting at {GcCollecting}");
}

/// <summary>str and bytes: 2.7's PyStringObject, or PEP 393 str and 3.x bytes.</summary>
internal sealed record StringLayout
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(StringLayout);

    public required bool Py2Strings { get; init; }
    /// <summary>sizeof(PyASCIIObject): where compact ASCII characters start.</summary>
    public int AsciiSize { get; init; }
    /// <summary>sizeof(PyCompactUnicodeObject): where other compact characters start.</summary>
    public int CompactSize { get; init; }
    /// <summary>PyUnicodeObject.data: the pointer to the characters of a string that is not compact.</summary>
    public int DataPointer { get; init; }
    /// <summary>Where a bytes object's (2.7 str's) characters start.</summary>
    public required int BytesData { get; init; }
    /// <summary>A bytes object's ob_size (PyVarObject's).</summary>
    public int BytesSize { get; init; } = 16;
    /// <summary>PyASCIIObject.length and .state (3.3+).</summary>
    public int Length { get; init; } = 16;
    public int State { get; init; } = 32;
    /// <summary>
    /// How far the state's bit-fields lie above a release build's: a free-threaded 3.14+ build makes
    /// <c>interned</c> a whole byte (read atomically, Include/cpython/unicodeobject.h), which moves kind, compact and
    /// ascii up by 6 bits.
    /// </summary>
    public int StateShift { get; init; }

    public string? Inconsistency() =>
        (AsciiSize is >= 0 and <= 256 ? null : $"sizeof(PyASCIIObject) {AsciiSize}") ??
        (CompactSize is >= 0 and <= 96 ? null : $"sizeof(PyCompactUnicodeObject) {CompactSize}") ??
        (DataPointer is >= 0 and <= 88 ? null : $"PyUnicodeObject.data at {DataPointer}") ??
        (BytesData is >= 0 and <= 256 ? null : $"ob_sval at {BytesData}") ??
        (BytesSize is >= 0 and <= 248 && BytesSize + 8 <= BytesData ? null : $"PyBytesObject.ob_size at {BytesSize}") ??
        (Py2Strings || (Length >= 0 && Length + 8 <= CompactSize) ? null : $"PyASCIIObject.length at {Length}") ??
        (Py2Strings || (State >= 0 && State + 4 <= CompactSize) ? null : $"PyASCIIObject.state at {State}");
}

/// <summary>
/// PyObject's header: a release build's (ob_refcnt, ob_type), or a free-threaded build's, which puts the owning
/// thread, flags, a mutex and two reference counts before ob_type (Include/object.h, Py_GIL_DISABLED).
/// </summary>
internal sealed record ObjectLayout
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(ObjectLayout);

    public static readonly ObjectLayout Release = new() { Type = 8, TypeName = 24 };
    /// <summary>ob_type.</summary>
    public required int Type { get; init; }
    /// <summary>PyTypeObject.tp_name.</summary>
    public required int TypeName { get; init; }

    public string? Inconsistency() =>
        (Type is >= 0 and <= 64 ? null : $"ob_type at {Type}") ?? (TypeName is >= 0 and <= 128 ? null : $"tp_name at {TypeName}");
}

/// <summary>
/// Every offset the sampler reads in one version's ABI on one target, decided once per process: a layout per
/// struct family, composed per version by <see cref="VersionTable{TLong, TLongDouble, TMutex, TCond}"/>.
/// </summary>
internal sealed record Layout
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(Layout);

    public required PythonVersion Version { get; init; }
    /// <summary>The target whose C types decided the offsets.</summary>
    public required TargetAbi Abi { get; init; }
    public required CodeLayout Code { get; init; }
    public required FrameLayout Frame { get; init; }
    public required ThreadLayout Thread { get; init; }
    public required InterpreterLayout Interpreter { get; init; }
    public required RuntimeLayout Runtime { get; init; }
    public required StringLayout String { get; init; }
    /// <summary>The object header: a release build's unless the target's _Py_DebugOffsets says otherwise.</summary>
    public ObjectLayout Object { get; init; } = ObjectLayout.Release;
    /// <summary>A free-threaded build (Py_GIL_DISABLED, 3.13+): no GIL, another object header, bytecode per thread.</summary>
    public bool FreeThreaded { get; init; }
    /// <summary>What asyncio's tasks are made of (3.11-3.13); null where austin does not read them.</summary>
    public AsyncioLayout? Asyncio { get; init; }
    /// <summary>
    /// Only the target's _Py_DebugOffsets says where this version's thread, interpreter and runtime fields are:
    /// those families are placeholders until <see cref="DebugOffsets.Apply"/> replaces them.
    /// </summary>
    public bool NeedsDebugOffsets { get; init; }

    /// <summary>
    /// Why some field read lies outside the bytes read for its object, or null when none does: no layout, however
    /// it was made, may make a walker index outside its buffers.
    /// </summary>
    public string? Inconsistency() =>
        Thread.Inconsistency() ?? Frame.Inconsistency() ?? Code.Inconsistency() ??
        Interpreter.Inconsistency() ?? Runtime.Inconsistency() ?? String.Inconsistency() ?? Object.Inconsistency() ?? Asyncio?.Inconsistency();

    public bool IsConsistent() => Inconsistency() is null;
}

/// <summary>The checks of the families' Inconsistency(): a field of a given width inside the bytes read.</summary>
file static class Bounds
{
    public static string? Cap(string what, int size, int cap) =>
        size is > 0 && size <= cap ? null : $"{what} of {size} bytes (austin reads 1 to {cap})";

    /// <summary>The field exists and lies inside the <paramref name="size"/> bytes read.</summary>
    public static string? Present(string field, int offset, int width, int size) =>
        offset >= 0 && offset <= size - width ? null : $"{field} at {offset} outside the {size} bytes read";

    /// <summary>The field is absent (-1) or lies inside the bytes read.</summary>
    public static string? Fits(string field, int offset, int width, int size) =>
        offset < 0 ? null : Present(field, offset, width, size);
}

/// <summary>
/// A table of the opcodes that push a callee frame themselves (calls, and the specialized forms of subscripts,
/// attributes, iteration and send that call Python code in place), indexed by opcode. A caller waiting for its
/// callee has its instruction pointer that many code units past such an opcode, plus one, in the table: its cache
/// units, which 3.11-3.12 skip before the switch (prev_instr = next_instr - 1), or none from 3.13 (instr_ptr stays on
/// the call). 0: not such an opcode. <see cref="Unknown"/>: an opcode that stands in for another (a line event's
/// INSTRUMENTED_LINE, ENTER_EXECUTOR), which could be a call.
/// </summary>
internal static class CallSiteTable
{
    public const byte Unknown = 0xFF;

    public static byte[] Of(params ReadOnlySpan<(int UnitsPast, byte[] Opcodes)> groups)
    {
        var table = new byte[256];
        foreach ((int past, byte[] opcodes) in groups)
            foreach (byte op in opcodes)
                table[op] = past < 0 ? Unknown : (byte)(past + 1);
        return table;
    }
}
