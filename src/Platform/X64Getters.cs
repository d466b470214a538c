// SPDX-License-Identifier: GPL-3.0-or-later
using System;

namespace Austin.Platform;

/// <summary>
/// x86-64 machine code of a function that returns a global, as GCC and Clang compile it (internals doc §2.5):
/// <c>mov rax,[rip+d32]; ret</c> (the global's address is rip+d32), or, in position-independent code,
/// <c>mov rax,[rip+d32]</c> (a GOT slot holding a global struct's address), <c>mov rax,[rax+d8|d32]; ret</c> (a
/// member of it). A linker that relaxes the GOT load writes <c>lea rax,[rip+d32]</c> instead (the struct's address
/// itself: GNU ld's GOTPCRELX, Apple's ld64). Apple's Clang keeps the frame pointer even in a leaf function, so on
/// macOS the same bodies come between <c>push rbp; mov rbp,rsp</c> and <c>pop rbp; ret</c> (measured: Clang 14,
/// -target x86_64-apple-macos11 -O2). Anything else decodes to 0.
/// </summary>
internal static class X64Getters
{
    /// <summary>How many bytes of a function <see cref="Decode(ReadOnlySpan{byte}, ulong, Func{ulong, ulong})"/> needs at most.</summary>
    public const int CodeBytes = 24;

    /// <summary>The address the getter at <paramref name="function"/> loads its result from, or 0.</summary>
    public static ulong Decode(IProcessMemory memory, ulong function)
    {
        Span<byte> code = stackalloc byte[CodeBytes];
        if (!memory.TryRead(function, code)) return 0;
        return Decode(code, function, slot => memory.TryReadPointer(slot, out ulong v) ? v : 0);
    }

    /// <param name="code">The function's first bytes (<see cref="CodeBytes"/> are enough for every recognised form).</param>
    /// <param name="function">The function's address, which rip-relative operands are relative to.</param>
    /// <param name="readPointer">Reads a pointer of the target (a GOT slot); 0 when it cannot.</param>
    public static ulong Decode(ReadOnlySpan<byte> code, ulong function, Func<ulong, ulong> readPointer)
    {
        // push rbp; mov rbp,rsp: then the function must end with pop rbp; ret.
        bool frame = code.Length >= 4 && code[0] == 0x55 && code[1] == 0x48 && code[2] == 0x89 && code[3] == 0xe5;
        int at = frame ? 4 : 0;
        if (code.Length < at + 12 || code[at] != 0x48 || (code[at + 1] != 0x8b && code[at + 1] != 0x8d) || code[at + 2] != 0x05) return 0;
        bool lea = code[at + 1] == 0x8d;
        ulong target = unchecked(function + (ulong)at + 7 + (ulong)(long)BitConverter.ToInt32(code[(at + 3)..(at + 7)]));
        at += 7;
        if (!lea && Returns(code, at, frame)) return target;
        if (code[at] != 0x48 || code[at + 1] != 0x8b) return 0;
        ulong structure = lea ? target : readPointer(target);
        if (structure == 0) return 0;
        if (code[at + 2] == 0x40 && Returns(code, at + 4, frame)) return unchecked(structure + (ulong)(sbyte)code[at + 3]);
        if (code[at + 2] == 0x80 && code.Length >= at + 7 && Returns(code, at + 7, frame))
            return unchecked(structure + (ulong)(long)BitConverter.ToInt32(code[(at + 3)..(at + 7)]));
        return 0;
    }

    /// <summary>Whether the code at <paramref name="at"/> is <c>ret</c>, or <c>pop rbp; ret</c> in a function with a frame.</summary>
    private static bool Returns(ReadOnlySpan<byte> code, int at, bool frame) =>
        frame ? at + 1 < code.Length && code[at] == 0x5d && code[at + 1] == 0xc3 : at < code.Length && code[at] == 0xc3;
}
