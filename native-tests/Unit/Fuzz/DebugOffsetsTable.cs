// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Austin.Python.Abi;

namespace Austin.Tests.Unit.Fuzz;

/// <summary>
/// Writes a _Py_DebugOffsets table for a layout, field by field as the internals doc §2.6 lists them
/// (Include/internal/pycore_runtime.h in 3.13, pycore_debug_offsets.h in 3.14): independent of
/// <see cref="DebugOffsets"/>, so that a round trip checks it.
/// </summary>
internal static class DebugOffsetsTable
{
    private readonly record struct Groups(int Size, int Runtime, int Interpreter, int Thread, int Frame, int Code, int Unicode);

    private static Groups For(int minor) => minor == 13
        ? new Groups(584, 24, 48, 152, 224, 272, 536)
        : new Groups(760, 24, 48, 176, 248, 312, 616);

    public static byte[] Encode(Layout l, int minor, ulong versionHex)
    {
        Groups g = For(minor);
        byte[] table = new byte[g.Size];
        "xdebugpy"u8.CopyTo(table);
        void U64(int at, long value) => BinaryPrimitives.WriteInt64LittleEndian(table.AsSpan(at), value);
        U64(8, (long)versionHex);
        U64(16, 0); // free_threaded
        // runtime_state {size, finalizing, interpreters_head}
        U64(g.Runtime, l.RuntimeSize);
        U64(g.Runtime + 16, l.RuntimeInterpretersHead);
        // interpreter_state {size, id, next, threads_head, ...}
        U64(g.Interpreter, l.InterpSize);
        U64(g.Interpreter + 16, l.InterpNext);
        U64(g.Interpreter + 24, l.InterpThreadsHead);
        // thread_state {size, prev, next, interp, current_frame, thread_id, native_thread_id, datastack_chunk, status}
        U64(g.Thread, l.ThreadSize);
        U64(g.Thread + 16, l.ThreadNext);
        U64(g.Thread + 24, l.ThreadInterp);
        U64(g.Thread + 32, l.ThreadFrame);
        U64(g.Thread + 40, l.ThreadId);
        U64(g.Thread + 48, l.ThreadNativeId);
        U64(g.Thread + 56, l.ThreadDatastackChunk);
        // interpreter_frame {size, previous, executable, instr_ptr, localsplus, owner, ...}
        U64(g.Frame, l.FrameSize);
        U64(g.Frame + 8, l.FrameBack);
        U64(g.Frame + 16, l.FrameCode);
        U64(g.Frame + 24, l.FrameInstr);
        U64(g.Frame + 32, l.FrameSize - 8);
        U64(g.Frame + 40, l.FrameOwner);
        // code_object {size, filename, name, qualname, linetable, firstlineno, argcount, localsplusnames, localspluskinds, co_code_adaptive}
        U64(g.Code, l.CodeSize);
        U64(g.Code + 8, l.CodeFilename);
        U64(g.Code + 16, l.CodeName);
        U64(g.Code + 24, l.CodeQualname);
        U64(g.Code + 32, l.CodeLineTable);
        U64(g.Code + 40, l.CodeFirstLineno);
        U64(g.Code + 72, l.CodeAdaptive);
        // unicode_object {size, state, length, asciiobject_size}
        U64(g.Unicode, l.UnicodeCompactSize);
        U64(g.Unicode + 8, 32);
        U64(g.Unicode + 16, 16);
        U64(g.Unicode + 24, l.UnicodeAsciiSize);
        return table;
    }

    /// <summary>
    /// 3.14 as its headers lay it out (internals doc §4.2–4.9, column "3.14 (H)"): what a 3.14 target publishes,
    /// on top of the 3.13 table austin starts from.
    /// </summary>
    public static Layout Python314Published()
    {
        Layout base313 = VersionTable.For(new PythonVersion(3, 14))!;
        return base313 with
        {
            RuntimeInterpretersHead = 808,
            InterpNext = 7272, InterpThreadsHead = 7344,
            ThreadNext = 8, ThreadInterp = 16, ThreadFrame = 72, ThreadId = 152, ThreadNativeId = 160, ThreadDatastackChunk = 232, ThreadSize = 824,
            FrameBack = 8, FrameCode = 0, FrameInstr = 56, FrameOwner = 74, FrameSize = 88,
            CodeFilename = 112, CodeName = 120, CodeQualname = 128, CodeLineTable = 136, CodeFirstLineno = 68, CodeAdaptive = 208, CodeSize = 216,
            UnicodeAsciiSize = 40,
        };
    }

    /// <summary>The 3.14 layout austin builds from a 3.14 target's table.</summary>
    public static Layout Python314() =>
        DebugOffsets.Apply(VersionTable.For(new PythonVersion(3, 14))!, Encode(Python314Published(), 14, 0x030e00f0))!;
}

/// <summary>
/// Whether a layout can be used as the sampler uses it: every field it reads lies inside the bytes it reads
/// for that object (PythonRuntime reads ThreadSize bytes of a thread state, FrameWalker FrameSize bytes of a
/// frame and CodeSize bytes of a code object, RemoteStrings at most 80 bytes of a str header).
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
        Field("ThreadNext", l.ThreadNext, 8, l.ThreadSize);
        Field("ThreadInterp", l.ThreadInterp, 8, l.ThreadSize);
        Field("ThreadFrame", l.ThreadFrame, 8, l.ThreadSize);
        Field("ThreadId", l.ThreadId, 8, l.ThreadSize);
        Field("ThreadNativeId", l.ThreadNativeId, 8, l.ThreadSize, optional: true);
        Field("FrameBack", l.FrameBack, 8, l.FrameSize);
        Field("FrameCode", l.FrameCode, 8, l.FrameSize);
        Field("FrameInstr", l.FrameInstr, l.Frames == FrameModel.FrameObjects ? 4 : 8, l.FrameSize);
        Field("FrameOwner", l.FrameOwner, 1, l.FrameSize, optional: true);
        Field("CodeFilename", l.CodeFilename, 8, l.CodeSize);
        Field("CodeName", l.CodeName, 8, l.CodeSize);
        Field("CodeQualname", l.CodeQualname, 8, l.CodeSize, optional: true);
        Field("CodeLineTable", l.CodeLineTable, 8, l.CodeSize);
        Field("CodeFirstLineno", l.CodeFirstLineno, 4, l.CodeSize);
        Field("CodeFirstTraceable", l.CodeFirstTraceable, 4, l.CodeSize, optional: true);
        if (!l.Py2Strings)
        {
            Field("UnicodeCompactSize", l.UnicodeCompactSize, 0, UnicodeHead);
            Field("UnicodeDataPointer", l.UnicodeDataPointer, 8, UnicodeHead);
        }
        return bad;
    }
}
