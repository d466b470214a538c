// SPDX-License-Identifier: GPL-3.0-or-later
using System;

namespace Austin.Platform;

/// <summary>
/// x86-64 machine code of a function that returns a global, as GCC and Clang compile it for Linux (internals doc
/// §2.5): <c>mov rax,[rip+d32]; ret</c> (the global's address is rip+d32), or, in position-independent code,
/// <c>mov rax,[rip+d32]</c> (a GOT slot holding a global struct's address), <c>mov rax,[rax+d8|d32]; ret</c> (a
/// member of it). Anything else decodes to 0. The same bytes are what a Windows x64 DLL's getter of a global of its own
/// would be (no GOT there: the first form); that is unmeasured, as no MSVC build of CPython is at hand.
/// </summary>
internal static class X64Getters
{
    /// <summary>The address the getter at <paramref name="function"/> loads its result from, or 0.</summary>
    public static ulong Decode(IProcessMemory memory, ulong function)
    {
        Span<byte> code = stackalloc byte[16];
        if (!memory.TryRead(function, code)) return 0;
        return Decode(code, function, slot => memory.TryReadPointer(slot, out ulong v) ? v : 0);
    }

    /// <param name="code">The function's first bytes (16 are enough for every recognised form).</param>
    /// <param name="function">The function's address, which rip-relative operands are relative to.</param>
    /// <param name="readPointer">Reads a pointer of the target (a GOT slot); 0 when it cannot.</param>
    public static ulong Decode(ReadOnlySpan<byte> code, ulong function, Func<ulong, ulong> readPointer)
    {
        if (code.Length < 12 || code[0] != 0x48 || code[1] != 0x8b || code[2] != 0x05) return 0;
        ulong target = function + 7 + (ulong)(long)BitConverter.ToInt32(code[3..7]);
        if (code[7] == 0xc3) return target;
        if (code[7] != 0x48 || code[8] != 0x8b) return 0;
        ulong structure = readPointer(target);
        if (structure == 0) return 0;
        if (code[9] == 0x40 && code[11] == 0xc3) return structure + (ulong)(sbyte)code[10];
        if (code[9] == 0x80 && code.Length >= 15 && code[14] == 0xc3) return structure + (ulong)(long)BitConverter.ToInt32(code[10..14]);
        return 0;
    }
}
