// SPDX-License-Identifier: GPL-3.0-or-later
using System;

namespace Austin.Python.LineTables;

/// <summary>The three line-table encodings CPython has used, as a frame walker chooses them once per process.</summary>
internal enum LineTableFormat : byte
{
    /// <summary><c>co_lnotab</c> with unsigned line deltas: 2.7 and 3.0–3.5.</summary>
    LnotabUnsigned,

    /// <summary><c>co_lnotab</c> with signed (int8) line deltas: 3.6–3.9.</summary>
    LnotabSigned,

    /// <summary>The 3.10 <c>co_linetable</c> (PEP 626).</summary>
    LineTable310,

    /// <summary>The 3.11+ location table (also called <c>co_linetable</c>).</summary>
    LocationTable,
}

/// <summary>
/// Version dispatch over <see cref="Lnotab"/>, <see cref="LineTable310"/> and <see cref="LocationTable"/>.
/// </summary>
/// <remarks>
/// <para>
/// Every decoder answers what the interpreter itself would answer for <c>frame.f_lineno</c> of a frame
/// that is not being traced, i.e. CPython's <c>PyCode_Addr2Line</c> (Objects/codeobject.c). Where the
/// table says "no line" (3.10 <c>-128</c> ranges, 3.11+ "none" entries, a position past the end of the
/// table) CPython returns -1 and <c>f_lineno</c> is <c>None</c>; the decoders return <see cref="NoLine"/>
/// rather than inventing the last known line or <c>co_firstlineno</c>: those would attribute cleanup and
/// artificial instructions to a statement that is not running. Malformed tables also give
/// <see cref="NoLine"/>; the decoders never throw and never read outside the span.
/// </para>
/// <para>
/// Note that 0 is a real answer (3.11+ module code objects run their <c>RESUME</c> at line 0).
/// </para>
/// </remarks>
internal static class LineTable
{
    /// <summary>"No line number": the value of <c>PyCode_Addr2Line</c> when <c>f_lineno</c> is <c>None</c>.</summary>
    public const int NoLine = -1;

    /// <summary>The encoding of <c>co_lnotab</c>/<c>co_linetable</c> used by CPython <paramref name="major"/>.<paramref name="minor"/>.</summary>
    public static LineTableFormat FormatFor(int major, int minor)
    {
        if (major < 3)
            return LineTableFormat.LnotabUnsigned;
        if (major > 3)
            return LineTableFormat.LocationTable;
        return minor switch
        {
            <= 5 => LineTableFormat.LnotabUnsigned, // Objects/lnotab_notes.txt: signed deltas arrived in 3.6
            <= 9 => LineTableFormat.LnotabSigned,
            10 => LineTableFormat.LineTable310,
            _ => LineTableFormat.LocationTable,
        };
    }

    /// <summary>
    /// The line of the instruction at <paramref name="position"/>, expressed as the frame stores it:
    /// <c>f_lasti</c> in bytes (≤3.9), <c>f_lasti</c> in code units (3.10), or the code-unit index of
    /// the current instruction (3.11+). A negative position gives <paramref name="firstLineNo"/>.
    /// </summary>
    /// <returns>The line, or <see cref="NoLine"/>.</returns>
    public static int Line(LineTableFormat format, ReadOnlySpan<byte> table, int firstLineNo, int position) => format switch
    {
        LineTableFormat.LnotabUnsigned => Lnotab.Line(table, firstLineNo, position, signedLineDeltas: false),
        LineTableFormat.LnotabSigned => Lnotab.Line(table, firstLineNo, position, signedLineDeltas: true),
        LineTableFormat.LineTable310 => LineTable310.Line(table, firstLineNo, position),
        LineTableFormat.LocationTable => LocationTable.Line(table, firstLineNo, position),
        _ => NoLine,
    };
}
