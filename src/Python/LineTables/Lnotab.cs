// SPDX-License-Identifier: GPL-3.0-or-later
using System;

namespace Austin.Python.LineTables;

/// <summary>
/// Decoder of <c>co_lnotab</c> (CPython 2.7 – 3.9), per Objects/lnotab_notes.txt.
/// </summary>
/// <remarks>
/// The table is a sequence of byte pairs <c>(address increment, line increment)</c> starting from
/// address 0 and <c>co_firstlineno</c>. Address increments are unsigned byte counts; line increments
/// are unsigned up to 3.5 and <c>signed char</c> from 3.6 (so 3.6+ can step backwards). An odd trailing
/// byte is ignored, as <c>PyCode_Addr2Line</c> (which walks <c>size / 2</c> pairs) ignores it.
/// </remarks>
internal static class Lnotab
{
    /// <summary>
    /// The line of the instruction at byte offset <paramref name="lasti"/> (<c>f_lasti</c>, in bytes
    /// for every version that has a <c>co_lnotab</c>). This is CPython's <c>PyCode_Addr2Line</c>
    /// (Objects/codeobject.c up to 3.9): it always has an answer, so it never returns
    /// <see cref="LineTable.NoLine"/>; <c>lasti &lt; 0</c> (a frame that has not started) gives
    /// <paramref name="firstLineNo"/>.
    /// </summary>
    /// <param name="lnotab">The bytes of <c>co_lnotab</c>.</param>
    /// <param name="firstLineNo"><c>co_firstlineno</c>.</param>
    /// <param name="lasti">The byte offset of the instruction.</param>
    /// <param name="signedLineDeltas">True from 3.6 on (see <see cref="LineTable.FormatFor"/>).</param>
    public static int Line(ReadOnlySpan<byte> lnotab, int firstLineNo, int lasti, bool signedLineDeltas)
    {
        int line = firstLineNo;
        long address = 0; // long: 255 per pair cannot overflow it whatever the span length
        for (int i = 0; i + 1 < lnotab.Length; i += 2)
        {
            address += lnotab[i];
            if (address > lasti)
                break;
            byte delta = lnotab[i + 1];
            line = unchecked(line + (signedLineDeltas ? (sbyte)delta : delta));
        }
        return line;
    }
}
