// SPDX-License-Identifier: GPL-3.0-or-later
namespace Austin.Python.LineTables;

/// <summary>
/// A 3.11+ source location, as <c>code.co_positions()</c> gives it: 1-based lines, 0-based UTF-8 byte
/// columns; -1 where CPython has no value (its <c>None</c>).
/// </summary>
internal readonly record struct SourceLocation(int Line, int EndLine, int Column, int EndColumn)
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(SourceLocation);
}
