// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Buffers.Binary;

namespace Austin.Platform;

/// <summary>
/// AArch64 machine code of a function that returns a global, as GCC compiles it for Linux (measured on Debian 12's
/// arm64 python3.11 and libpython3.11.so.1.0, PyInterpreterState_Head):
/// <list type="bullet">
/// <item><c>adrp xA, page; ldr x0, [xA, #lo12]; ret</c>: the global is at page + lo12 (a non-PIC executable; the
/// static python3.11 loads <c>_PyRuntime.interpreters.head</c> this way);</item>
/// <item><c>adrp xA, page; ldr xB, [xA, #lo12]; ldr x0, [xB, #offset]; ret</c>: page + lo12 is a GOT slot that holds a
/// global struct's address, the value is a member of it (position-independent code: libpython).</item>
/// </list>
/// An <c>add xA, xA, #lo12</c> in place of the first load (a global struct reached without the GOT) is read too.
/// Anything else decodes to 0: the caller then has no anchor from this function, never a wrong one.
/// </summary>
internal static class Arm64Getters
{
    /// <summary>The address the getter at <paramref name="function"/> loads its result from, or 0.</summary>
    public static ulong Decode(IProcessMemory memory, ulong function)
    {
        Span<byte> code = stackalloc byte[16];
        if (!memory.TryRead(function, code)) return 0;
        return Decode(code, function, slot => memory.TryReadPointer(slot, out ulong v) ? v : 0);
    }

    /// <param name="code">The function's first bytes (16: at most four instructions).</param>
    /// <param name="function">The function's address, which adrp's page is relative to.</param>
    /// <param name="readPointer">Reads a pointer of the target (a GOT slot); 0 when it cannot.</param>
    public static ulong Decode(ReadOnlySpan<byte> code, ulong function, Func<ulong, ulong> readPointer)
    {
        if (code.Length < 12) return 0;
        uint first = Instruction(code, 0), second = Instruction(code, 1), third = Instruction(code, 2);
        if (!IsAdrp(first, out int pageRegister, out long pageOffset)) return 0;
        ulong page = unchecked((function & ~0xfffUL) + (ulong)pageOffset);

        // adrp; ldr x0, [xA, #lo12]; ret
        if (IsLoad64(second, out int to, out int from, out ulong offset) && from == pageRegister)
        {
            if (to == 0 && IsRet(third)) return page + offset;
            // adrp; ldr xB, [xA, #lo12] (a GOT slot); ldr x0, [xB, #member]; ret
            if (code.Length < 16 || !IsRet(Instruction(code, 3))) return 0;
            if (!IsLoad64(third, out int result, out int structRegister, out ulong member) || result != 0 || structRegister != to) return 0;
            ulong structure = readPointer(page + offset);
            return structure == 0 ? 0 : structure + member;
        }
        // adrp; add xA, xA, #lo12; ldr x0, [xA, #member]; ret
        if (IsAddImmediate(second, out int sum, out int addend, out ulong low) && addend == pageRegister && code.Length >= 16 &&
            IsLoad64(third, out int loaded, out int basis, out ulong field) && loaded == 0 && basis == sum && IsRet(Instruction(code, 3)))
            return page + low + field;
        return 0;
    }

    private static uint Instruction(ReadOnlySpan<byte> code, int index) => BinaryPrimitives.ReadUInt32LittleEndian(code[(index * 4)..]);

    /// <summary>ADRP Xd, label: 1 immlo(2) 10000 immhi(19) Rd(5); the page offset is (immhi:immlo) &lt;&lt; 12, signed.</summary>
    private static bool IsAdrp(uint instruction, out int register, out long pageOffset)
    {
        register = (int)(instruction & 0x1f);
        long immediate = ((instruction >> 5) & 0x7ffff) << 2 | ((instruction >> 29) & 0x3);
        pageOffset = (immediate << 43 >> 43) << 12;   // sign-extend 21 bits
        return (instruction & 0x9f000000) == 0x90000000;
    }

    /// <summary>LDR Xt, [Xn, #imm] (64-bit, unsigned offset): 11 111 0 01 01 imm12 Rn Rt; the offset is imm12 × 8.</summary>
    private static bool IsLoad64(uint instruction, out int target, out int basis, out ulong offset)
    {
        target = (int)(instruction & 0x1f);
        basis = (int)((instruction >> 5) & 0x1f);
        offset = ((instruction >> 10) & 0xfff) * 8;
        return (instruction & 0xffc00000) == 0xf9400000;
    }

    /// <summary>ADD Xd, Xn, #imm (64-bit, no shift): 1 0 0 100010 0 imm12 Rn Rd.</summary>
    private static bool IsAddImmediate(uint instruction, out int target, out int source, out ulong immediate)
    {
        target = (int)(instruction & 0x1f);
        source = (int)((instruction >> 5) & 0x1f);
        immediate = (instruction >> 10) & 0xfff;
        return (instruction & 0xffc00000) == 0x91000000;
    }

    /// <summary>RET (to x30).</summary>
    private static bool IsRet(uint instruction) => instruction == 0xd65f03c0;
}
