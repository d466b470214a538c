// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using Austin.Python.LineTables;
using NUnit.Framework;

namespace Austin.Tests.Unit.LineTables;

/// <summary>
/// Tables read from a live process can be torn, truncated or plain garbage: the decoders must answer
/// "no line" (or the first line, for lnotab) and never throw or read past the span.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
internal sealed class MalformedTablesTests
{
    [Test]
    public void An_empty_lnotab_puts_everything_on_the_first_line()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Lnotab.Line([], 42, 0, true), Is.EqualTo(42));
            Assert.That(Lnotab.Line([], 42, int.MaxValue, false), Is.EqualTo(42));
        });
    }

    [Test]
    public void An_empty_3_10_or_3_11_table_has_no_line()
    {
        Assert.Multiple(() =>
        {
            Assert.That(LineTable310.Line([], 42, 0), Is.EqualTo(LineTable.NoLine));
            Assert.That(LocationTable.Line([], 42, 0), Is.EqualTo(LineTable.NoLine));
            Assert.That(LocationTable.TryGetLocation([], 42, 0, out _), Is.False);
        });
    }

    [Test]
    public void A_trailing_odd_byte_is_ignored_like_PyCode_Addr2Line_does()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Lnotab.Line([2, 1, 0], 1, 10, true), Is.EqualTo(2));
            Assert.That(LineTable310.Line([2, 1, 0], 1, 0), Is.EqualTo(2));
            Assert.That(LineTable310.Line([2, 1, 0], 1, 1), Is.EqualTo(LineTable.NoLine));
        });
    }

    [Test]
    public void Positions_far_past_the_end_have_no_line()
    {
        byte[] t310 = [0xff, 1, 0xff, 1];
        byte[] t311 = [0xff, 0x03, 0xff, 0x03];
        Assert.Multiple(() =>
        {
            Assert.That(LineTable310.Line(t310, 1, int.MaxValue), Is.EqualTo(LineTable.NoLine));
            Assert.That(LocationTable.Line(t311, 1, int.MaxValue), Is.EqualTo(LineTable.NoLine));
            Assert.That(Lnotab.Line(t310, 1, int.MaxValue, true), Is.EqualTo(3));
        });
    }

    [TestCase("f0", TestName = "A long entry without its varints has no line")]
    [TestCase("f041", TestName = "A varint whose continuation bit points past the end has no line")]
    [TestCase("f00001", TestName = "A long entry cut after its second varint has no line")]
    [TestCase("e8", TestName = "A no-column entry without its varint has no line")]
    [TestCase("d808", TestName = "A one-line entry without its end column has no line")]
    [TestCase("80", TestName = "A short entry without its column byte has no line")]
    [TestCase("0000", TestName = "A first byte without bit 7 is not an entry header and has no line")]
    [TestCase("e87f7f7f7f7f7f7f01", TestName = "A varint longer than 32 bits has no line")]
    public void A_truncated_or_unaligned_location_table_has_no_line(string hex)
    {
        byte[] table = Convert.FromHexString(hex);
        Assert.Multiple(() =>
        {
            Assert.That(LocationTable.Line(table, 1, 0), Is.EqualTo(LineTable.NoLine));
            Assert.That(LocationTable.TryGetLocation(table, 1, 0, out _), Is.False);
        });
    }

    [Test]
    public void Entries_before_a_truncated_one_still_decode()
    {
        byte[] table = Convert.FromHexString("8000f041");
        Assert.Multiple(() =>
        {
            Assert.That(LocationTable.Line(table, 7, 0), Is.EqualTo(7));
            Assert.That(LocationTable.Line(table, 7, 1), Is.EqualTo(LineTable.NoLine));
        });
    }

    [Test]
    public void Random_garbage_never_throws()
    {
        var random = new Random(0x5eed);
        byte[] buffer = new byte[96];
        int[] positions = [int.MinValue, -1, 0, 1, 2, 3, 7, 8, 31, 64, 255, 1000, int.MaxValue - 8, int.MaxValue];
        long checksum = 0;
        for (int round = 0; round < 20_000; round++)
        {
            Span<byte> table = buffer.AsSpan(0, random.Next(buffer.Length + 1));
            random.NextBytes(table);
            if (round % 2 == 0 && table.Length > 0)
                table[0] |= 0x80; // give the location decoder a valid first header half of the time
            int first = random.Next(-5, 100_000);
            foreach (int position in positions)
            {
                checksum += Lnotab.Line(table, first, position, true);
                checksum += Lnotab.Line(table, first, position, false);
                checksum += LineTable310.Line(table, first, position);
                int line = LocationTable.Line(table, first, position);
                bool found = LocationTable.TryGetLocation(table, first, position, out SourceLocation location);
                if (position >= 0 && (found ? location.Line != line : line != LineTable.NoLine))
                    Assert.Fail($"Line and TryGetLocation disagree on {Convert.ToHexString(table)} at {position}");
                checksum += line;
            }
        }
        Assert.That(checksum, Is.Not.Zero);
    }
}
