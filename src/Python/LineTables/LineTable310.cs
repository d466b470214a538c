// SPDX-License-Identifier: GPL-3.0-or-later
using System;

namespace Austin.Python.LineTables;

/// <summary>
/// Decoder of the CPython 3.10 <c>co_linetable</c> (PEP 626), per Objects/lnotab_notes.txt of 3.10.
/// </summary>
/// <remarks>
/// Byte pairs <c>(start delta, line delta)</c>: the start delta is an unsigned number of bytecode
/// bytes covered by the entry, the line delta a <c>signed char</c> added to the running line, except
/// that <c>-128</c> marks the range as having no line and leaves the running line alone. Zero-width
/// entries only carry line deltas (they cannot contain an address). An odd trailing byte is ignored.
/// </remarks>
internal static class LineTable310
{
    private const sbyte NoLineDelta = -128;

    /// <summary>
    /// The line of the instruction at code-unit index <paramref name="lasti"/>: exactly the value 3.10
    /// stores in <c>PyFrameObject.f_lasti</c> (which counts 2-byte code units; the table counts bytes,
    /// so the byte address is <c>lasti * 2</c>). Mirrors 3.10's <c>PyCode_Addr2Line(co, f_lasti * 2)</c>
    /// in Objects/codeobject.c.
    /// </summary>
    /// <returns>
    /// The line; <paramref name="firstLineNo"/> when <paramref name="lasti"/> is negative (the frame
    /// has not started); <see cref="LineTable.NoLine"/> for a "no line" range or an index past the table.
    /// </returns>
    public static int Line(ReadOnlySpan<byte> linetable, int firstLineNo, int lasti)
    {
        if (lasti < 0)
            return firstLineNo;
        long address = (long)lasti * 2;
        int line = firstLineNo;
        long end = 0;
        for (int i = 0; i + 1 < linetable.Length; i += 2)
        {
            long start = end;
            end += linetable[i];
            sbyte delta = (sbyte)linetable[i + 1];
            bool here = start <= address && address < end;
            if (delta == NoLineDelta)
            {
                if (here)
                    return LineTable.NoLine;
                continue;
            }
            line = unchecked(line + delta);
            if (here)
                return line;
        }
        return LineTable.NoLine;
    }
}
