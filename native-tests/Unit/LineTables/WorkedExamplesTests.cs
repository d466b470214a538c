// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Linq;
using Austin.Python.LineTables;
using NUnit.Framework;

namespace Austin.Tests.Unit.LineTables;

/// <summary>
/// The worked examples of cpython-internals.md §5: one function, <c>def f(a):</c> at line 1, compiled
/// by each generation of CPython.
/// <code>
/// 2      x = a + 1
/// 3      if x:
/// 4          return (x *
/// 5                  2)
/// 6      return 0
/// </code>
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
internal sealed class WorkedExamplesTests
{
    private static readonly byte[] s_lnotab39 = Convert.FromHexString("000108010401020102ff0402");
    private static readonly byte[] s_lnotab27 = Convert.FromHexString("00010a01060103010501");
    private static readonly byte[] s_linetable310 = Convert.FromHexString("080104010201020104ff0402");
    private static readonly byte[] s_locations312 = Convert.FromHexString(
        "8000" + "d80809" + "8841" + "8905" + "8041" + "d90708" + "d81011" + "d81011" + "f103011112" + "f000010913" + "e00b0c");

    [Test]
    public void The_3_9_multiply_at_lasti_16_is_on_line_4()
    {
        Assert.That(Lnotab.Line(s_lnotab39, 1, 16, signedLineDeltas: true), Is.EqualTo(4));
    }

    [Test]
    public void Every_3_9_byte_offset_has_the_line_of_its_range()
    {
        int[] expected = [2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5, 4, 4, 4, 4, 6, 6, 6, 6];
        int[] decoded = Enumerable.Range(0, expected.Length).Select(i => Lnotab.Line(s_lnotab39, 1, i, true)).ToArray();
        Assert.That(decoded, Is.EqualTo(expected));
    }

    [Test]
    public void The_2_7_multiply_at_lasti_22_is_on_line_5()
    {
        Assert.That(Lnotab.Line(s_lnotab27, 1, 22, signedLineDeltas: false), Is.EqualTo(5));
    }

    [Test]
    public void Every_2_7_byte_offset_has_the_line_of_its_range()
    {
        int[] expected = [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 4, 4, 4, 5, 5, 5, 5, 5, 6, 6, 6];
        int[] decoded = Enumerable.Range(0, expected.Length).Select(i => Lnotab.Line(s_lnotab27, 1, i, false)).ToArray();
        Assert.That(decoded, Is.EqualTo(expected));
    }

    [Test]
    public void A_negative_lasti_is_at_the_first_line_in_every_format()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Lnotab.Line(s_lnotab39, 7, -1, true), Is.EqualTo(7));
            Assert.That(Lnotab.Line(s_lnotab27, 7, -1, false), Is.EqualTo(7));
            Assert.That(LineTable310.Line(s_linetable310, 7, -1), Is.EqualTo(7));
            Assert.That(LocationTable.Line(s_locations312, 7, -1), Is.EqualTo(7));
            Assert.That(LocationTable.Line(s_locations312, 7, int.MinValue), Is.EqualTo(7));
        });
    }

    [Test]
    public void Lnotab_line_deltas_from_0x80_step_back_only_when_signed()
    {
        byte[] table = [0, 1, 4, 0xff, 4, 0x80];
        Assert.Multiple(() =>
        {
            Assert.That(Lnotab.Line(table, 300, 4, signedLineDeltas: true), Is.EqualTo(300));
            Assert.That(Lnotab.Line(table, 300, 4, signedLineDeltas: false), Is.EqualTo(556));
            Assert.That(Lnotab.Line(table, 300, 8, signedLineDeltas: true), Is.EqualTo(172));
            Assert.That(Lnotab.Line(table, 300, 8, signedLineDeltas: false), Is.EqualTo(684));
        });
    }

    [Test]
    public void The_3_10_instruction_at_lasti_8_is_at_byte_16_on_line_4()
    {
        Assert.That(LineTable310.Line(s_linetable310, 1, 8), Is.EqualTo(4));
    }

    [Test]
    public void Every_3_10_code_unit_has_the_line_of_its_range_and_none_past_the_end()
    {
        int[] expected = [2, 2, 2, 2, 3, 3, 4, 5, 4, 4, 6, 6, LineTable.NoLine, LineTable.NoLine];
        int[] decoded = Enumerable.Range(0, expected.Length).Select(i => LineTable310.Line(s_linetable310, 1, i)).ToArray();
        Assert.That(decoded, Is.EqualTo(expected));
    }

    [Test]
    public void A_3_10_range_with_delta_minus_128_has_no_line_and_keeps_the_running_line()
    {
        byte[] table = [4, 0x80, 4, 1];
        Assert.Multiple(() =>
        {
            Assert.That(LineTable310.Line(table, 10, 0), Is.EqualTo(LineTable.NoLine));
            Assert.That(LineTable310.Line(table, 10, 1), Is.EqualTo(LineTable.NoLine));
            Assert.That(LineTable310.Line(table, 10, 2), Is.EqualTo(11));
        });
    }

    [Test]
    public void A_3_10_zero_width_range_only_moves_the_line()
    {
        byte[] table = [0, 5, 4, 1];
        Assert.That(LineTable310.Line(table, 10, 0), Is.EqualTo(16));
    }

    [Test]
    public void Every_3_12_code_unit_has_the_line_of_its_entry_and_none_past_the_end()
    {
        int[] expected = [1, 2, 2, 2, 2, 2, 3, 3, 4, 5, 4, 4, 4, 6, LineTable.NoLine];
        int[] decoded = Enumerable.Range(0, expected.Length).Select(i => LocationTable.Line(s_locations312, 1, i)).ToArray();
        Assert.That(decoded, Is.EqualTo(expected));
    }

    [Test]
    public void The_cache_of_the_3_12_multiply_is_at_line_4_columns_16_to_17()
    {
        Assert.That(LocationTable.TryGetLocation(s_locations312, 1, 11, out SourceLocation location), Is.True);
        Assert.That(location, Is.EqualTo(new SourceLocation(4, 5, 16, 17)));
    }

    [Test]
    public void Every_3_12_code_unit_has_the_location_of_the_worked_example()
    {
        SourceLocation[] expected =
        [
            new(1, 1, 0, 0), new(2, 2, 8, 9), new(2, 2, 12, 13), new(2, 2, 8, 13), new(2, 2, 8, 13), new(2, 2, 4, 5),
            new(3, 3, 7, 8), new(3, 3, 7, 8), new(4, 4, 16, 17), new(5, 5, 16, 17), new(4, 5, 16, 17), new(4, 5, 16, 17),
            new(4, 5, 8, 18), new(6, 6, 11, 12),
        ];
        for (int unit = 0; unit < expected.Length; unit++)
        {
            Assert.That(LocationTable.TryGetLocation(s_locations312, 1, unit, out SourceLocation location), Is.True, $"unit {unit}");
            Assert.That(location, Is.EqualTo(expected[unit]), $"unit {unit}");
        }
        Assert.That(LocationTable.TryGetLocation(s_locations312, 1, expected.Length, out _), Is.False, "past the end");
    }

    [Test]
    public void A_negative_index_is_located_at_the_first_line_column_0_as_PyCode_Addr2Location_says()
    {
        Assert.That(LocationTable.TryGetLocation(s_locations312, 9, -1, out SourceLocation location), Is.True);
        Assert.That(location, Is.EqualTo(new SourceLocation(9, 9, 0, 0)));
    }

    [Test]
    public void A_3_11_none_entry_has_no_line_and_keeps_the_running_line()
    {
        // f8: none, 1 unit; d8 01 02: one-line form, line + 1.
        byte[] table = [0xf8, 0xd8, 0x01, 0x02];
        Assert.Multiple(() =>
        {
            Assert.That(LocationTable.Line(table, 20, 0), Is.EqualTo(LineTable.NoLine));
            Assert.That(LocationTable.TryGetLocation(table, 20, 0, out _), Is.False);
            Assert.That(LocationTable.Line(table, 20, 1), Is.EqualTo(21));
        });
    }

    [Test]
    public void A_3_11_no_column_entry_has_a_line_and_unknown_columns()
    {
        // e8 03: no-column form, svarint 3 = -1.
        byte[] table = [0xe8, 0x03];
        Assert.That(LocationTable.TryGetLocation(table, 20, 0, out SourceLocation location), Is.True);
        Assert.That(location, Is.EqualTo(new SourceLocation(19, 19, -1, -1)));
    }

    [Test]
    public void A_3_11_long_entry_reads_multi_byte_varints()
    {
        // f0: long form; line delta svarint 600000 (= +300000) in four 6-bit groups; end line +1; columns unknown (0).
        byte[] table = [0xf0, 0x40, 0x5f, 0x52, 0x02, 0x01, 0x00, 0x00];
        Assert.That(LocationTable.TryGetLocation(table, 1, 0, out SourceLocation location), Is.True);
        Assert.That(location, Is.EqualTo(new SourceLocation(300001, 300002, -1, -1)));
    }

    [TestCase(2, 7, LineTableFormat.LnotabUnsigned)]
    [TestCase(3, 5, LineTableFormat.LnotabUnsigned)]
    [TestCase(3, 6, LineTableFormat.LnotabSigned)]
    [TestCase(3, 9, LineTableFormat.LnotabSigned)]
    [TestCase(3, 10, LineTableFormat.LineTable310)]
    [TestCase(3, 11, LineTableFormat.LocationTable)]
    [TestCase(3, 14, LineTableFormat.LocationTable)]
    public void Each_version_reads_its_own_table_format(int major, int minor, LineTableFormat format)
    {
        Assert.That(LineTable.FormatFor(major, minor), Is.EqualTo(format));
    }

    [Test]
    public void The_dispatcher_takes_each_frame_position_in_its_own_unit()
    {
        Assert.Multiple(() =>
        {
            Assert.That(LineTable.Line(LineTableFormat.LnotabUnsigned, s_lnotab27, 1, 22), Is.EqualTo(5));
            Assert.That(LineTable.Line(LineTableFormat.LnotabSigned, s_lnotab39, 1, 16), Is.EqualTo(4));
            Assert.That(LineTable.Line(LineTableFormat.LineTable310, s_linetable310, 1, 8), Is.EqualTo(4));
            Assert.That(LineTable.Line(LineTableFormat.LocationTable, s_locations312, 1, 11), Is.EqualTo(4));
            Assert.That(LineTable.Line((LineTableFormat)99, s_locations312, 1, 11), Is.EqualTo(LineTable.NoLine));
        });
    }
}
