// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using Austin.Python.LineTables;
using Austin.Python.Model;
using Austin.Samples;
using NUnit.Framework;

namespace Austin.Tests.Unit.LineTables;

/// <summary>
/// Where a frame is, as MOJO carries it (the C austin 3.7's frame.h): from 3.11 the line, end line and columns of the
/// instruction, columns 1-based (co_positions() plus one) and 0 where the table has none; before 3.11 the line alone.
/// The tables are the worked examples of cpython-internals.md §5 (see WorkedExamplesTests).
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
internal sealed class FrameLocationsTests
{
    private static readonly byte[] s_locations312 = Convert.FromHexString(
        "8000" + "d80809" + "8841" + "8905" + "8041" + "d90708" + "d81011" + "d81011" + "f103011112" + "f000010913" + "e00b0c");
    private static readonly byte[] s_lnotab39 = Convert.FromHexString("000108010401020102ff0402");

    private static CodeObject Code(byte[] table) => new()
    {
        Address = 0x1000, NamePointer = 0, FilePointer = 0, LineTablePointer = 0, FirstLineno = 1,
        Function = new Function("f", "/f.py", 1), LineTable = table,
    };

    [TestCase(12, 4, 5, 9, 19)]   // co_positions() (4, 5, 8, 18): the multiply's two lines
    [TestCase(1, 2, 2, 9, 10)]    // (2, 2, 8, 9)
    [TestCase(0, 1, 1, 1, 1)]     // RESUME: (1, 1, 0, 0)
    public void A_3_11_frame_has_its_instruction_s_lines_and_1_based_columns(int unit, int line, int endLine, int column, int endColumn)
    {
        Assert.That(LineNumbers.Location(LineTableFormat.LocationTable, Code(s_locations312), unit),
            Is.EqualTo(new FrameLocation(line, endLine, column, endColumn)));
    }

    [Test]
    public void A_location_without_columns_has_0_for_them()
    {
        // A "no column" entry (form 13) for one code unit, on the first line: co_positions() gives (1, 1, None, None).
        byte[] table = [0x80 | (13 << 3), 0x00];
        Assert.That(LineNumbers.Location(LineTableFormat.LocationTable, Code(table), 0), Is.EqualTo(new FrameLocation(1, 1, 0, 0)));
    }

    [Test]
    public void Before_3_11_a_frame_has_its_line_alone()
    {
        Assert.That(LineNumbers.Location(LineTableFormat.LnotabSigned, Code(s_lnotab39), 16), Is.EqualTo(new FrameLocation(4, 0, 0, 0)));
    }

    [Test]
    public void The_memo_answers_the_same_position_with_the_whole_location()
    {
        CodeObject code = Code(s_locations312);
        FrameLocation first = LineNumbers.Location(LineTableFormat.LocationTable, code, 12);
        Assert.That(LineNumbers.Location(LineTableFormat.LocationTable, code, 12), Is.EqualTo(first));
        Assert.That(LineNumbers.Line(LineTableFormat.LocationTable, code, 12), Is.EqualTo(4));
    }
}
