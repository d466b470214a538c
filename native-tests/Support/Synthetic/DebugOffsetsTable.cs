// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Austin.Python.Abi;

namespace Austin.Tests.Support.Synthetic;

using PythonVersion = Austin.Python.Abi.PythonVersion;

/// <summary>
/// Writes a _Py_DebugOffsets table for a layout, field by field as the internals doc §2.6 lists them
/// (Include/internal/pycore_runtime.h in 3.13, pycore_debug_offsets.h in 3.14): independent of
/// <see cref="DebugOffsets"/>, so that a round trip checks it.
/// </summary>
internal static class DebugOffsetsTable
{
    /// <param name="InterpreterGc">Where interpreter_state.gc sits in its group (after threads_main in 3.14).</param>
    private readonly record struct Groups(int Size, int Runtime, int Interpreter, int Thread, int Frame, int Code, int Unicode, int Gc, int InterpreterGc,
        int PyObject, int Type, int Bytes);

    private static Groups For(int minor) => minor == 13
        ? new Groups(584, 24, 48, 152, 224, 272, 536, 568, 32, 352, 368, 512)
        : new Groups(760, 24, 48, 176, 248, 312, 616, 648, 40, 400, 416, 592);

    /// <summary>offsetof(struct _gc_runtime_state, collecting) in 3.13 (Include/internal/pycore_gc.h): the table splits gc.collecting in two.</summary>
    private const int CollectingInGcState = 200;

    public static byte[] Encode(Layout l, int minor, ulong versionHex)
    {
        Groups g = For(minor);
        byte[] table = new byte[g.Size];
        "xdebugpy"u8.CopyTo(table);
        void U64(int at, long value) => BinaryPrimitives.WriteInt64LittleEndian(table.AsSpan(at), value);
        U64(8, (long)versionHex);
        U64(16, 0); // free_threaded
        // runtime_state {size, finalizing, interpreters_head}
        U64(g.Runtime, l.Runtime.Size);
        U64(g.Runtime + 16, l.Runtime.InterpretersHead);
        // interpreter_state {size, id, next, threads_head, (3.14: threads_main), gc, imports_modules, sysdict, builtins,
        // ceval_gil, gil_runtime_state, gil_runtime_state_enabled, gil_runtime_state_locked, gil_runtime_state_holder}:
        // the GIL's fields are offsets in the interpreter, of its own _gil, placed here at an arbitrary 4096.
        U64(g.Interpreter, l.Interpreter.Size);
        U64(g.Interpreter + 8, l.Interpreter.Id);
        U64(g.Interpreter + 16, l.Interpreter.Next);
        U64(g.Interpreter + 24, l.Interpreter.ThreadsHead);
        int shift = minor == 13 ? 0 : 8;
        const int OwnGil = 4096;
        U64(g.Interpreter + 40 + shift, l.Interpreter.Modules);
        U64(g.Interpreter + 64 + shift, l.Interpreter.CevalGil);
        U64(g.Interpreter + 72 + shift, OwnGil);
        U64(g.Interpreter + 88 + shift, OwnGil + l.Interpreter.GilLocked);
        U64(g.Interpreter + 96 + shift, OwnGil + l.Interpreter.GilLastHolder);
        U64(g.Interpreter + g.InterpreterGc, l.Interpreter.GcCollecting - CollectingInGcState);
        // thread_state {size, prev, next, interp, current_frame, thread_id, native_thread_id, datastack_chunk, status}
        U64(g.Thread, l.Thread.Size);
        U64(g.Thread + 16, l.Thread.Next);
        U64(g.Thread + 24, l.Thread.Interp);
        U64(g.Thread + 32, l.Thread.Frame);
        U64(g.Thread + 40, l.Thread.Id);
        U64(g.Thread + 48, l.Thread.NativeId);
        U64(g.Thread + 56, l.Thread.DatastackChunk);
        // interpreter_frame {size, previous, executable, instr_ptr, localsplus, owner, ...}
        U64(g.Frame, l.Frame.Size);
        U64(g.Frame + 8, l.Frame.Back);
        U64(g.Frame + 16, l.Frame.Code);
        U64(g.Frame + 24, l.Frame.Instr);
        U64(g.Frame + 32, l.Frame.Size - 8);
        U64(g.Frame + 40, l.Frame.Owner);
        // code_object {size, filename, name, qualname, linetable, firstlineno, argcount, localsplusnames, localspluskinds, co_code_adaptive}
        U64(g.Code, l.Code.Size);
        U64(g.Code + 8, l.Code.Filename);
        U64(g.Code + 16, l.Code.Name);
        U64(g.Code + 24, l.Code.Qualname);
        U64(g.Code + 32, l.Code.LineTable);
        U64(g.Code + 40, l.Code.FirstLineno);
        U64(g.Code + 72, l.Code.Adaptive);
        // pyobject {size, ob_type}, type_object {size, tp_name, ...}, bytes_object {size, ob_size, ob_sval}
        U64(g.PyObject, 16);
        U64(g.PyObject + 8, l.Object.Type);
        U64(g.Type, 400);
        U64(g.Type + 8, l.Object.TypeName);
        U64(g.Bytes, l.String.BytesData + 1);
        U64(g.Bytes + 8, l.String.BytesSize);
        U64(g.Bytes + 16, l.String.BytesData);
        // unicode_object {size, state, length, asciiobject_size}
        U64(g.Unicode, l.String.CompactSize);
        U64(g.Unicode + 8, l.String.State);
        U64(g.Unicode + 16, l.String.Length);
        U64(g.Unicode + 24, l.String.AsciiSize);
        // gc {size, collecting}
        U64(g.Gc, 400);
        U64(g.Gc + 8, CollectingInGcState);
        if (minor >= 14 && l.Asyncio is { } a)
        {
            // What the task walker reads from 3.14's table (pycore_debug_offsets.h): interpreter_frame.stackpointer,
            // type_object.tp_flags, then the groups between type_object and bytes_object {tuple_object {size, ob_item,
            // ob_size}, list_object {same}, set_object {size, used, table, mask}, dict_object {size, ma_keys, ma_values},
            // float_object {size, ob_fval}, long_object {size, lv_tag, ob_digit}}, and gen_object {size, gi_name,
            // gi_iframe, gi_frame_state} after gc.
            U64(g.Frame + 48, a.FrameStackPointer);
            U64(g.Type + 24, a.TypeFlags);
            U64(g.Type + 40, a.TupleItems);
            U64(g.Type + 64, a.ListItems);
            U64(g.Type + 72, a.ListSize);
            U64(g.Type + 96, a.SetTable);
            U64(g.Type + 104, a.SetMask);
            U64(g.Bytes - 16, a.LongTag);
            U64(g.Bytes - 8, a.LongDigits);
            U64(g.Gc + 32, a.GenFrame);
            U64(g.Gc + 40, a.GenFrameState);
        }
        return table;
    }

    /// <summary>
    /// 3.14 as its headers lay it out (internals doc §4.2–4.9, column "3.14 (H)"): what a 3.14 target publishes,
    /// on top of the layout austin starts from (3.14's code objects and frames, 3.13's other structs).
    /// </summary>
    public static Layout Python314Published()
    {
        Layout base314 = TargetAbi.LinuxX64.LayoutOf(new PythonVersion(3, 14))!;
        return base314 with
        {
            Runtime = base314.Runtime with { InterpretersHead = 808 },
            // gc.collecting stays the 3.13 struct's (unmeasured for 3.14): austin reads a 3.14 target's from its table.
            Interpreter = base314.Interpreter with { Next = 7272, Id = 7280, ThreadsHead = 7344 },
            Thread = base314.Thread with { Next = 8, Interp = 16, Frame = 72, Id = 152, NativeId = 160, DatastackChunk = 232, Size = 824 },
            Frame = base314.Frame with { Back = 8, Code = 0, Instr = 56, Owner = 74, Size = 88, CodeTagMask = 7 },
            Code = base314.Code with
            {
                Filename = 112, Name = 120, Qualname = 128, LineTable = 136, FirstLineno = 68, FirstTraceable = 192, Adaptive = 208, Size = 216,
            },
            String = base314.String with { AsciiSize = 40 },
            // Read from a 3.14.7 build's _PyRuntime.debug_offsets: the tuple gained ob_hash before its items.
            Asyncio = base314.Asyncio! with
            {
                FrameStackPointer = 64, TypeFlags = 168, TupleItems = 32, ListItems = 24, ListSize = 16, SetTable = 40, SetMask = 32,
                LongTag = 16, LongDigits = 24, GenFrame = 72, GenFrameState = 67,
            },
        };
    }

    /// <summary>The 3.14 layout austin builds from a 3.14 target's table.</summary>
    public static Layout Python314() =>
        DebugOffsets.Apply(TargetAbi.LinuxX64.LayoutOf(new PythonVersion(3, 14))!, Encode(Python314Published(), 14, 0x030e00f0))!;
}

/// <summary>
/// Whether a layout can be used as the sampler uses it: every field it reads lies inside the bytes it reads
/// for that object (ThreadWalker reads Thread.Size bytes of a thread state, FrameWalker Frame.Size bytes of a
/// frame and Code.Size bytes of a code object, RemoteStrings at most 80 bytes of a str header); thread ids are
/// C longs of the target.
/// </summary>
internal static class LayoutBounds
{
    private const int UnicodeHead = 80;

    public static List<string> Violations(Layout l)
    {
        var bad = new List<string>();
        void Field(string name, int offset, int width, int size, bool optional = false)
        {
            if (optional && offset < 0) return;
            if (offset < 0 || offset + width > size) bad.Add($"{name} at {offset}+{width} outside {size}");
        }
        Field("Thread.Next", l.Thread.Next, 8, l.Thread.Size);
        Field("Thread.Interp", l.Thread.Interp, 8, l.Thread.Size);
        Field("Thread.Frame", l.Thread.Frame, 8, l.Thread.Size);
        Field("Thread.Id", l.Thread.Id, l.Thread.LongSize, l.Thread.Size);
        Field("Thread.NativeId", l.Thread.NativeId, l.Thread.LongSize, l.Thread.Size, optional: true);
        Field("Frame.Back", l.Frame.Back, 8, l.Frame.Size);
        Field("Frame.Code", l.Frame.Code, 8, l.Frame.Size);
        Field("Frame.Instr", l.Frame.Instr, l.Frame.Model == FrameModel.FrameObjects ? 4 : 8, l.Frame.Size);
        Field("Frame.Owner", l.Frame.Owner, 1, l.Frame.Size, optional: true);
        Field("Code.Filename", l.Code.Filename, 8, l.Code.Size);
        Field("Code.Name", l.Code.Name, 8, l.Code.Size);
        Field("Code.Qualname", l.Code.Qualname, 8, l.Code.Size, optional: true);
        Field("Code.LineTable", l.Code.LineTable, 8, l.Code.Size);
        Field("Code.FirstLineno", l.Code.FirstLineno, 4, l.Code.Size);
        Field("Code.FirstTraceable", l.Code.FirstTraceable, 4, l.Code.Size, optional: true);
        if (!l.String.Py2Strings)
        {
            Field("String.CompactSize", l.String.CompactSize, 0, UnicodeHead);
            Field("String.DataPointer", l.String.DataPointer, 8, UnicodeHead);
        }
        return bad;
    }
}
