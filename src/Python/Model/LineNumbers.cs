// SPDX-License-Identifier: GPL-3.0-or-later
using Austin.Python.LineTables;

namespace Austin.Python.Model;

/// <summary>The line a frame is on, from its code object's table, with a one-entry memo per code object.</summary>
internal static class LineNumbers
{
    /// <summary>What is printed when the table has no line for the position (f_lineno would be None).</summary>
    public const int Unknown = 0;

    /// <param name="position">f_lasti as the frame stores it (≤3.10), or the code-unit index (3.11+); negative = not started.</param>
    public static int Line(LineTableFormat format, CodeObject code, int position)
    {
        if (position == code.LastPosition) return code.LastLine;
        int line = LineTable.Line(format, code.LineTable, code.FirstLineno, position);
        if (line == LineTable.NoLine) line = Unknown;
        code.LastPosition = position;
        code.LastLine = line;
        return line;
    }
}
