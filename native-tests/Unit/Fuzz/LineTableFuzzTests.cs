// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzing the line-table decoders (Lnotab, LineTable310, LocationTable through LineTable.Line). Bounded in the
// normal run; for a long campaign: AUSTIN_FUZZ_ITERATIONS=1000000 AUSTIN_FUZZ_SEED=random dotnet test ... (Fuzz.cs).
using System;
using System.Linq;
using Austin.Python.LineTables;
using Austin.Python.Model;
using CsCheck;
using NUnit.Framework;

using Austin.Tests.Support.Synthetic;

namespace Austin.Tests.Unit.Fuzz;

[TestFixture]
[Parallelizable(ParallelScope.All)]
internal sealed class LineTableFuzzTests
{
    private static readonly LineTableFormat[] s_formats = Enum.GetValues<LineTableFormat>();

    private static readonly Gen<int> s_position =
        Gen.Frequency((3, Gen.Int[-2, 600]), (1, Gen.OneOf(int.MinValue, int.MinValue + 1, int.MaxValue, int.MaxValue - 1, int.MaxValue / 2)), (1, Gen.Int));

    private static readonly Gen<int> s_firstLine =
        Gen.Frequency((3, Gen.Int[0, 100_000]), (1, Gen.OneOf(int.MinValue, -1, int.MaxValue, int.MaxValue - 255)), (1, Gen.Int));

    /// <summary>Any bytes; half the time a location-table header first, so that the 3.11 decoder gets past its first check.</summary>
    private static readonly Gen<byte[]> s_garbage =
        Gen.Select(Gen.Byte.Array[0, 300], Gen.Bool, (bytes, header) =>
        {
            if (header && bytes.Length > 0) bytes[0] |= 0x80;
            return bytes;
        });

    private static readonly Gen<(LineTableFormat, int, Segment[], int)> s_encoded =
        Gen.Select(Gen.OneOf(s_formats), Gen.Int[0, 100_000],
            Gen.Select(Gen.Int[1, 300], Gen.Frequency((6, Gen.Int[-3, 3]), (2, Gen.Int[-300, 300]), (1, Gen.Int[-100_000, 100_000])), Gen.Int[0, 5],
                (u, d, n) => new Segment(u, d, n == 0)).Array[0, 12],
            Gen.Int[0, 10_000]);

    [Test]
    public void Any_bytes_at_any_position_give_an_answer_without_throwing_or_allocating()
    {
        int cases = Fuzz.Check("line tables, garbage", Gen.Select(s_garbage, s_firstLine, s_position.Array[1, 8]), input =>
        {
            (byte[] table, int first, int[] positions) = input;
            long before = GC.GetAllocatedBytesForCurrentThread();
            foreach (int position in positions)
            {
                foreach (LineTableFormat format in s_formats) LineTable.Line(format, table, first, position);
                int line = LocationTable.Line(table, first, position);
                bool found = LocationTable.TryGetLocation(table, first, position, out SourceLocation location);
                if (position >= 0 && (found ? location.Line != line : line != LineTable.NoLine))
                    throw new PropertyFailed($"Line {line} and TryGetLocation {found}/{location} disagree at {position}");
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (allocated != 0) throw new PropertyFailed($"{allocated} bytes allocated");
        }, defaultCount: 20_000, print: i => $"{Convert.ToHexString(i.Item1)} first={i.Item2} at [{string.Join(",", i.Item3)}]");
        TestContext.Out.WriteLine($"{cases} tables");
    }

    [Test]
    public void Tables_encoded_like_the_compiler_does_decode_to_their_lines_everywhere()
    {
        int cases = Fuzz.Check("line tables, round trip", s_encoded, input =>
        {
            (LineTableFormat format, int first, Segment[] segments, int forms) = input;
            var encoder = new LineTableEncoder(format, first, segments);
            byte[] table = encoder.Encode(new Random(forms));
            for (int unit = -1; unit < encoder.Units + 3; unit++)
            {
                int line = LineTable.Line(format, table, first, encoder.Position(unit));
                if (line == LineTable.NoLine) line = LineNumbers.Unknown;
                if (line != encoder.ExpectedLine(unit))
                    throw new PropertyFailed($"unit {unit}: line {line}, expected {encoder.ExpectedLine(unit)}; table {Convert.ToHexString(table)}");
            }
        }, defaultCount: 1500, print: i => $"{i.Item1} first={i.Item2} [{string.Join(" ", i.Item3)}] forms={i.Item4}");
        TestContext.Out.WriteLine($"{cases} tables");
    }

    [Test]
    public void A_cut_3_10_or_3_11_table_answers_as_the_whole_one_or_not_at_all()
    {
        var gen = Gen.Select(s_encoded.Where(i => i.Item1 is LineTableFormat.LineTable310 or LineTableFormat.LocationTable), Gen.Int[0, 1000]);
        int cases = Fuzz.Check("line tables, cut", gen, input =>
        {
            ((LineTableFormat format, int first, Segment[] segments, int forms), int cut) = input;
            var encoder = new LineTableEncoder(format, first, segments);
            byte[] table = encoder.Encode(new Random(forms));
            byte[] part = table[..Math.Min(cut, table.Length)];
            for (int unit = 0; unit < encoder.Units + 2; unit++)
            {
                int position = encoder.Position(unit);
                int whole = LineTable.Line(format, table, first, position), line = LineTable.Line(format, part, first, position);
                if (line != whole && line != LineTable.NoLine)
                    throw new PropertyFailed($"unit {unit}: {line} from {part.Length} of {table.Length} bytes, {whole} from all");
            }
        }, defaultCount: 600);
        TestContext.Out.WriteLine($"{cases} tables");
    }

    [Test]
    public void Bit_flips_in_real_tables_never_throw()
    {
        var gen = Gen.Select(s_encoded, Gen.Select(Gen.Int[0, 10_000], Gen.Int[0, 7]).Array[1, 6]);
        int cases = Fuzz.Check("line tables, flips", gen, input =>
        {
            ((LineTableFormat format, int first, Segment[] segments, int forms), (int, int)[] flips) = input;
            var encoder = new LineTableEncoder(format, first, segments);
            byte[] table = encoder.Encode(new Random(forms));
            if (table.Length == 0) return;
            foreach ((int at, int bit) in flips) table[at % table.Length] ^= (byte)(1 << bit);
            for (int unit = -1; unit < encoder.Units + 2; unit++)
                foreach (LineTableFormat f in s_formats)
                    LineTable.Line(f, table, first, encoder.Position(unit));
        }, defaultCount: 800);
        TestContext.Out.WriteLine($"{cases} tables");
    }

    [Test]
    public void The_largest_table_austin_accepts_decodes_at_its_far_end_in_linear_time()
    {
        // RemoteStrings.MaxBytesLength bytes of the longest-running entries; position past the end.
        byte[] table = Enumerable.Repeat((byte)0xff, RemoteStrings.MaxBytesLength).ToArray();
        foreach (LineTableFormat format in s_formats)
        {
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            LineTable.Line(format, table, 1, int.MaxValue);
            Assert.That(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, Is.LessThan(2), $"{format}");
        }
    }
}
