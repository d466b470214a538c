// SPDX-License-Identifier: GPL-3.0-or-later
using System;

namespace Austin.Python.LineTables;

/// <summary>
/// Decoder of the CPython 3.11+ location table (<c>co_linetable</c>), per Objects/locations.md (3.11;
/// InternalDocs/locations.md later) and <c>advance_with_locations</c> in Objects/codeobject.c.
/// </summary>
/// <remarks>
/// <para>
/// Entries start with a header byte <c>1cccclll</c>: <c>c</c> is the form, <c>lll + 1</c> the number
/// of code units covered (inline caches included, so every code unit has an entry). Forms 0–9 are
/// "short" (same line, one byte of columns), 10–12 "one line" (line += form − 10, then column and end
/// column bytes), 13 "no column" (signed varint line delta), 14 "long" (signed varint line delta,
/// varint end-line delta, varint column + 1, varint end column + 1), 15 "none" (no location; the
/// running line is unchanged).
/// </para>
/// <para>
/// Varints are little-endian 6-bit groups, 0x40 meaning "another group follows"; signed varints keep
/// the sign in bit 0. CPython reads them into an <c>unsigned int</c>; a varint longer than six groups
/// cannot fit it and is treated here as a malformed table.
/// </para>
/// </remarks>
internal static class LocationTable
{
    private const int NoneForm = 15;
    private const int LongForm = 14;
    private const int NoColumnForm = 13;
    private const int OneLineForm0 = 10;
    private const int MaxVarintShift = 30;

    /// <summary>
    /// The line of the code unit at <paramref name="index"/> (the instruction pointer minus
    /// <c>co_code_adaptive</c>, divided by 2). Mirrors <c>PyCode_Addr2Line(co, index * 2)</c> of 3.11+.
    /// </summary>
    /// <returns>
    /// The line; <paramref name="firstLineNo"/> when <paramref name="index"/> is negative;
    /// <see cref="LineTable.NoLine"/> for a "none" entry, an index past the table or a malformed table.
    /// </returns>
    public static int Line(ReadOnlySpan<byte> table, int firstLineNo, int index)
    {
        if (index < 0)
            return firstLineNo;
        return TryFind(table, firstLineNo, index, out SourceLocation location) ? location.Line : LineTable.NoLine;
    }

    /// <summary>
    /// The full location of the code unit at <paramref name="index"/>, as <c>co_positions()</c> gives it
    /// (<c>PyCode_Addr2Location</c>). A negative index gives
    /// <c>(firstLineNo, firstLineNo, 0, 0)</c>, as <c>PyCode_Addr2Location</c> does.
    /// </summary>
    /// <returns>False for a "none" entry, an index past the table or a malformed table.</returns>
    public static bool TryGetLocation(ReadOnlySpan<byte> table, int firstLineNo, int index, out SourceLocation location)
    {
        if (index < 0)
        {
            location = new SourceLocation(firstLineNo, firstLineNo, 0, 0);
            return true;
        }
        return TryFind(table, firstLineNo, index, out location);
    }

    private static bool TryFind(ReadOnlySpan<byte> table, int firstLineNo, int index, out SourceLocation location)
    {
        location = default;
        int pos = 0;
        long unit = 0; // the first code unit of the current entry
        int line = firstLineNo;
        while (pos < table.Length)
        {
            byte header = table[pos++];
            if ((header & 0x80) == 0)
                return false; // not an entry header: the table is out of step
            int form = (header >> 3) & 15;
            bool here = index < unit + (header & 7) + 1;
            switch (form)
            {
                case NoneForm:
                    if (here)
                        return false;
                    break;

                case LongForm:
                {
                    if (!TryReadSignedVarint(table, ref pos, out int lineDelta)
                        || !TryReadVarint(table, ref pos, out uint endLineDelta)
                        || !TryReadVarint(table, ref pos, out uint column)
                        || !TryReadVarint(table, ref pos, out uint endColumn))
                        return false;
                    line = unchecked(line + lineDelta);
                    if (here)
                    {
                        // Stored +1 so that 0 means "unknown" (-1 after the subtraction, as in CPython).
                        location = new SourceLocation(line, unchecked(line + (int)endLineDelta), unchecked((int)column - 1), unchecked((int)endColumn - 1));
                        return true;
                    }
                    break;
                }

                case NoColumnForm:
                {
                    if (!TryReadSignedVarint(table, ref pos, out int lineDelta))
                        return false;
                    line = unchecked(line + lineDelta);
                    if (here)
                    {
                        location = new SourceLocation(line, line, -1, -1);
                        return true;
                    }
                    break;
                }

                case >= OneLineForm0: // 10, 11, 12: the line moves by 0, 1 or 2
                {
                    if (table.Length - pos < 2)
                        return false;
                    line = unchecked(line + form - OneLineForm0);
                    int column = table[pos], endColumn = table[pos + 1];
                    pos += 2;
                    if (here)
                    {
                        location = new SourceLocation(line, line, column, endColumn);
                        return true;
                    }
                    break;
                }

                default: // 0–9, short form: the form holds the column's high bits
                {
                    if (pos >= table.Length)
                        return false;
                    int second = table[pos++];
                    if (here)
                    {
                        int column = (form << 3) | (second >> 4);
                        location = new SourceLocation(line, line, column, column + (second & 15));
                        return true;
                    }
                    break;
                }
            }
            unit += (header & 7) + 1;
        }
        return false; // past the end of the table
    }

    private static bool TryReadVarint(ReadOnlySpan<byte> table, ref int pos, out uint value)
    {
        value = 0;
        int shift = 0;
        while (true)
        {
            if (pos >= table.Length || shift > MaxVarintShift)
                return false;
            byte b = table[pos++];
            value |= (uint)(b & 63) << shift;
            if ((b & 64) == 0)
                return true;
            shift += 6;
        }
    }

    private static bool TryReadSignedVarint(ReadOnlySpan<byte> table, ref int pos, out int value)
    {
        bool ok = TryReadVarint(table, ref pos, out uint raw);
        value = (raw & 1) != 0 ? -(int)(raw >> 1) : (int)(raw >> 1);
        return ok;
    }
}
