// SPDX-License-Identifier: GPL-3.0-or-later
namespace Austin.Samples;

/// <summary>
/// One frame of a sampled stack: what runs and on which line (0 when the interpreter has none). From 3.11 the
/// interpreter also knows where the running instruction ends and its columns: <see cref="EndLine"/>,
/// <see cref="Column"/> and <see cref="EndColumn"/> (1-based columns in UTF-8 bytes, as the MOJO format carries them);
/// 0 where it does not know them, and always before 3.11.
/// </summary>
internal readonly record struct Frame(Function Function, int Line, int EndLine = 0, int Column = 0, int EndColumn = 0)
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(Frame);
}
