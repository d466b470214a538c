// SPDX-License-Identifier: GPL-3.0-or-later
using Austin.Python.LineTables;

namespace Austin.Python.Model;

/// <summary>The line a frame is on, from its code object's table, with a two-entry memo per code object.</summary>
internal static class LineNumbers
{
    /// <summary>What is printed when the table has no line for the position (f_lineno would be None).</summary>
    public const int Unknown = 0;

    /// <param name="position">f_lasti as the frame stores it (≤3.10), or the code-unit index (3.11+); negative = not started.</param>
    public static int Line(LineTableFormat format, CodeObject code, int position) => Location(format, code, position).Line;

    /// <summary>
    /// The line and, from 3.11, the end line and 1-based columns of the instruction at <paramref name="position"/>
    /// (0 where unknown): the C austin 3.x's convention, CPython's <c>co_positions()</c> columns plus one.
    /// </summary>
    public static FrameLocation Location(LineTableFormat format, CodeObject code, int position)
    {
        if (position == code.LastPosition) return code.LastLocation;
        if (position == code.OtherPosition) return code.OtherLocation;
        FrameLocation location;
        if (format == LineTableFormat.LocationTable)
        {
            location = LocationTable.TryGetLocation(code.LineTable, code.FirstLineno, position, out SourceLocation s)
                ? new FrameLocation(s.Line, s.EndLine < 0 ? 0 : s.EndLine, s.Column < 0 ? 0 : s.Column + 1, s.EndColumn < 0 ? 0 : s.EndColumn + 1)
                : default;
        }
        else
        {
            int line = LineTable.Line(format, code.LineTable, code.FirstLineno, position);
            location = new FrameLocation(line == LineTable.NoLine ? Unknown : line, 0, 0, 0);
        }
        code.OtherPosition = code.LastPosition;
        code.OtherLocation = code.LastLocation;
        code.LastPosition = position;
        code.LastLocation = location;
        return location;
    }
}

/// <summary>Where a frame is: line, end line, column, end column (see <see cref="Austin.Samples.Frame"/>).</summary>
internal readonly record struct FrameLocation(int Line, int EndLine, int Column, int EndColumn)
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(FrameLocation);
}
