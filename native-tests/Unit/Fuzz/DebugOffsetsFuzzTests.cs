// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzing DebugOffsets.Apply: any bytes after a valid "xdebugpy" cookie. Bounded in the normal run; for a
// long campaign: AUSTIN_FUZZ_ITERATIONS=100000 AUSTIN_FUZZ_SEED=random dotnet test ... (see Fuzz.cs).
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using Austin.Python.Abi;
using Austin.Python.Model;
using CsCheck;
using NUnit.Framework;

using Austin.Tests.Support.Synthetic;

namespace Austin.Tests.Unit.Fuzz;

[TestFixture]
[Parallelizable(ParallelScope.All)]
internal sealed class DebugOffsetsFuzzTests
{
    /// <summary>A table: a valid 3.13 or 3.14 one with some 8-byte words replaced, or cut short.</summary>
    internal sealed record TableCase(int Minor, (int Word, int Kind, ulong Value)[] Changes, int Length)
    {
        public byte[] Bytes()
        {
            Layout layout = Minor == 13 ? TargetAbi.LinuxX64.LayoutOf(new PythonVersion(3, 13))! : DebugOffsetsTable.Python314Published();
            byte[] table = DebugOffsetsTable.Encode(layout, Minor, Minor == 13 ? 0x030d00f0UL : 0x030e00f0UL);
            foreach ((int word, int kind, ulong value) in Changes)
            {
                int at = 8 + 8 * (word % (table.Length / 8 - 1)); // never the cookie
                ulong v = kind switch { 0 => value % 4096, 1 => value % (1UL << 21), 2 => ulong.MaxValue - value % 16, _ => value };
                BinaryPrimitives.WriteUInt64LittleEndian(table.AsSpan(at), v);
            }
            return table[..Math.Clamp(Length, 16, table.Length)];
        }

        public override string ToString() =>
            $"3.{Minor} table, length {Length}, words {string.Join(" ", Changes.Select(c => $"[{8 + 8 * (c.Word % ((Minor == 13 ? 584 : 760) / 8 - 1))}]={c.Kind}:{c.Value}"))}";
    }

    private static readonly Gen<TableCase> s_tables =
        Gen.Select(Gen.OneOf(13, 14), Gen.Select(Gen.Int[0, 200], Gen.Int[0, 3], Gen.ULong).Array[1, 6],
            Gen.Frequency((6, Gen.Const(1000)), (1, Gen.Int[0, 800])),
            (minor, changes, length) => new TableCase(minor, changes, length));

    [Test]
    public void A_3_13_table_gives_back_the_3_13_layout()
    {
        Layout layout = TargetAbi.LinuxX64.LayoutOf(new PythonVersion(3, 13))!;
        Assert.That(DebugOffsets.Apply(layout, DebugOffsetsTable.Encode(layout, 13, 0x030d00f0)), Is.EqualTo(layout));
    }

    [Test]
    public void A_3_14_table_gives_the_layout_of_the_3_14_headers()
    {
        Layout expected = DebugOffsetsTable.Python314Published() with { Version = new PythonVersion(3, 14, 0), NeedsDebugOffsets = false };
        Assert.That(DebugOffsetsTable.Python314(), Is.EqualTo(expected));
    }

    public static IEnumerable<TestCaseData> AllLayouts() =>
        FrameWalkFuzzTests.Layouts()
            .Select(l => new TestCaseData(l).SetName($"Every field of the Python {l.Version.Major}.{l.Version.Minor} layout lies inside the bytes the sampler reads"));

    [TestCaseSource(nameof(AllLayouts))]
    public void Every_field_lies_inside_what_is_read(Layout layout)
    {
        Assert.That(LayoutBounds.Violations(layout), Is.Empty);
    }

    /// <summary>
    /// The layout <see cref="DebugOffsets.Apply"/> makes of <paramref name="table"/>, or null when it refuses the table
    /// as it must: with a data error that names the version the table gives. Anything else it throws fails the test.
    /// </summary>
    internal static Layout? ApplyOrRefuse(Layout baseLayout, byte[] table)
    {
        try
        {
            return DebugOffsets.Apply(baseLayout, table);
        }
        catch (AustinException e)
        {
            string version = PythonVersion.FromHex(DebugOffsets.VersionHex(table)).ToString();
            if (e.ExitCode != ExitCodes.DataError || !e.Message.StartsWith($"Python {version} publishes debug offsets (_Py_DebugOffsets) austin cannot use: ", StringComparison.Ordinal))
                throw new PropertyFailed($"refused with exit code {e.ExitCode} and '{e.Message}', not a data error naming Python {version}");
            return null;
        }
    }

    [Test]
    public void Any_bytes_after_a_valid_cookie_give_a_layout_or_an_error_that_names_the_version()
    {
        Layout base313 = TargetAbi.LinuxX64.LayoutOf(new PythonVersion(3, 13))!;
        var random = Gen.Select(Gen.Byte.Array[16, 800], Gen.ULong, (bytes, version) => (bytes, version));
        int cases = Fuzz.Check("debug offsets, random", random, input =>
        {
            byte[] table = input.bytes;
            "xdebugpy"u8.CopyTo(table);
            if (input.version % 2 == 0) BinaryPrimitives.WriteUInt64LittleEndian(table.AsSpan(8), 0x030d00f0UL + (input.version & 0x0100_0000_0000)); // often a known minor
            if (ApplyOrRefuse(base313, table) is Layout l && l.Version.Minor is not (13 or 14))
                throw new PropertyFailed($"a layout for {l.Version}");
        }, defaultCount: 3000, print: i => Convert.ToHexString(i.bytes));
        cases += Fuzz.Check("debug offsets, edited", s_tables, t =>
        {
            if (ApplyOrRefuse(base313, t.Bytes()) is Layout l && l.Version.Minor is not (13 or 14))
                throw new PropertyFailed($"a layout for {l.Version}");
        }, defaultCount: 3000);
        TestContext.Out.WriteLine($"{cases} tables");
    }

    [Test]
    public void Any_layout_Apply_returns_keeps_its_fields_inside_what_is_read()
    {
        Layout base313 = TargetAbi.LinuxX64.LayoutOf(new PythonVersion(3, 13))!;
        Fuzz.Check("debug offsets, bounds", s_tables, t =>
        {
            if (ApplyOrRefuse(base313, t.Bytes()) is Layout l && LayoutBounds.Violations(l) is { Count: > 0 } bad)
                throw new PropertyFailed(string.Join("; ", bad));
        }, defaultCount: 3000);
    }

    private const string SamplerThrows =
        "bug: a layout from a garbage _Py_DebugOffsets table makes ThreadWalker.Sample throw ArgumentOutOfRangeException or "
        + "IndexOutOfRangeException (ThreadWalker.Sample, FrameWalker.Walk/ReadChain/Decode, CodeCache.Resolve): DebugOffsets.Apply does not check offsets against sizes";

    /// <summary>Samples a clean 3.13 image through the layout <paramref name="table"/> gives (nothing when Apply refuses it).</summary>
    private static void SampleThrough(byte[] table)
    {
        Layout base313 = TargetAbi.LinuxX64.LayoutOf(new PythonVersion(3, 13))!;
        if (ApplyOrRefuse(base313, table) is not Layout applied) return;
        var spec = new ImageSpec(
            [new CodeSpec(new StringSpec(1, true), new StringSpec(2, true), new StringSpec(11, true), 5, [new Segment(4, 1, false)], 0, 0)],
            [[[new FrameSpec(0, 0, FrameKind.Normal), new FrameSpec(0, 1, FrameKind.Normal)]]], 0, false, 0x2d0, 1);
        var image = new SyntheticImage(base313, spec);
        ulong runtime = image.HeadPointer - (ulong)base313.Runtime.InterpretersHead;
        var sampled = new SyntheticRuntime(image, applied, runtime + (ulong)applied.Runtime.InterpretersHead, codeType: 0, threadStateCurrent: 0);
        sampled.Sample(new RecordingVisitor());
    }

    [Test]
    public void A_layout_from_garbage_offsets_never_makes_the_sampler_throw()
    {
        Fuzz.Check("debug offsets, sampling", s_tables, t => SampleThrough(t.Bytes()), defaultCount: 3000);
    }

    [TestCase(152, 0UL, TestName = "A 3.13 table whose thread_state.size is 0 never makes the sampler throw")]
    [TestCase(184, 4096UL, TestName = "A 3.13 table whose thread_state.current_frame is 4096 never makes the sampler throw")]
    [TestCase(232, 200UL, TestName = "A 3.13 table whose interpreter_frame.previous is 200 never makes the sampler throw")]
    [TestCase(264, 100UL, TestName = "A 3.13 table whose interpreter_frame.owner is 100 never makes the sampler throw")]
    [TestCase(280, 4096UL, TestName = "A 3.13 table whose code_object.filename is 4096 never makes the sampler throw")]
    public void A_table_with_one_garbage_word_never_makes_the_sampler_throw(int offset, ulong value)
    {
        Layout base313 = TargetAbi.LinuxX64.LayoutOf(new PythonVersion(3, 13))!;
        byte[] table = DebugOffsetsTable.Encode(base313, 13, 0x030d00f0);
        BinaryPrimitives.WriteUInt64LittleEndian(table.AsSpan(offset), value);
        Assert.DoesNotThrow(() => SampleThrough(table));
    }
}
