// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Buffers.Binary;

namespace Austin.Python.Abi;

/// <summary>
/// _Py_DebugOffsets: from 3.13 the runtime state starts with a table of its own offsets
/// (Include/internal/pycore_runtime.h in 3.13, pycore_debug_offsets.h in 3.14), valid from process start.
/// Its layout is stable only within a minor version, so each minor has its own positions here.
/// </summary>
internal static class DebugOffsets
{
    public const int Size313 = 584;
    public const int Size314 = 760;

    /// <summary>"xdebugpy", the cookie at offset 0.</summary>
    public static ReadOnlySpan<byte> Cookie => "xdebugpy"u8;

    public static bool HasCookie(ReadOnlySpan<byte> table) => table.Length >= 16 && table[..8].SequenceEqual(Cookie);

    /// <summary>PY_VERSION_HEX of the running interpreter.</summary>
    public static ulong VersionHex(ReadOnlySpan<byte> table) => BinaryPrimitives.ReadUInt64LittleEndian(table[8..]);

    public static bool FreeThreaded(ReadOnlySpan<byte> table) => BinaryPrimitives.ReadUInt64LittleEndian(table[16..]) != 0;

    /// <summary>
    /// The layout of <paramref name="baseLayout"/> with every offset the target publishes taken from the target.
    /// Returns null when the table's minor version has no known positions.
    /// </summary>
    public static Layout? Apply(Layout baseLayout, ReadOnlySpan<byte> table)
    {
        PythonVersion v = PythonVersion.FromHex(VersionHex(table));
        Positions? p = v.Major != 3 ? null : v.Minor switch { 13 => Positions.V313, 14 => Positions.V314, _ => null };
        if (p is null || table.Length < (v.Minor == 13 ? Size313 : Size314)) return null;
        ulong[] words = new ulong[table.Length / 8];
        for (int i = 0; i < words.Length; i++) words[i] = BinaryPrimitives.ReadUInt64LittleEndian(table[(i * 8)..]);
        // Offsets are small; a garbage value is clamped rather than trusted.
        int Get(int position) => (int)Math.Min(words[position / 8], 1 << 20);

        int threadSize = Get(p.ThreadState);
        int frameSize = Get(p.InterpreterFrame);
        int codeSize = Get(p.CodeObject);
        Layout published = baseLayout with
        {
            Version = v,
            NeedsDebugOffsets = false,
            Runtime = baseLayout.Runtime with { InterpretersHead = Get(p.RuntimeState + 16) },
            Interpreter = baseLayout.Interpreter with { Next = Get(p.InterpreterState + 16), ThreadsHead = Get(p.InterpreterState + 24) },
            Thread = baseLayout.Thread with
            {
                Next = Get(p.ThreadState + 16),
                Interp = Get(p.ThreadState + 24),
                Frame = Get(p.ThreadState + 32),
                Id = Get(p.ThreadState + 40),
                NativeId = Get(p.ThreadState + 48),
                DatastackChunk = Get(p.ThreadState + 56),
                Size = Math.Clamp(threadSize, 64, 4096),
            },
            Frame = baseLayout.Frame with
            {
                Back = Get(p.InterpreterFrame + 8),
                Code = Get(p.InterpreterFrame + 16),
                Instr = Get(p.InterpreterFrame + 24),
                Owner = Get(p.InterpreterFrame + 40),
                Size = Math.Clamp(frameSize, 64, 256),
            },
            Code = baseLayout.Code with
            {
                Filename = Get(p.CodeObject + 8),
                Name = Get(p.CodeObject + 16),
                Qualname = Get(p.CodeObject + 24),
                LineTable = Get(p.CodeObject + 32),
                FirstLineno = Get(p.CodeObject + 40),
                Adaptive = Get(p.CodeObject + 72),
                Size = Math.Clamp(codeSize, 64, 512),
            },
            String = baseLayout.String with { AsciiSize = Get(p.UnicodeObject + 24) },
        };
        // The table is read from the target: a garbage one must not make the walkers read past what they read.
        return published.IsConsistent() ? published : null;
    }

    /// <summary>Where each group of the table starts, per minor version.</summary>
    private sealed record Positions(int RuntimeState, int InterpreterState, int ThreadState, int InterpreterFrame, int CodeObject, int UnicodeObject)
    {
        public static readonly Positions V313 = new(24, 48, 152, 224, 272, 536);
        public static readonly Positions V314 = new(24, 48, 176, 248, 312, 616);
    }
}
