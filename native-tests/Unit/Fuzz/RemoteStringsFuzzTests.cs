// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzing RemoteStrings (ReadUtf8, ReadBytes, ToUtf8) over garbage objects. Bounded in the normal run; for a
// long campaign: AUSTIN_FUZZ_ITERATIONS=1000000 AUSTIN_FUZZ_SEED=random dotnet test ... (see Fuzz.cs).
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Austin.Python.Abi;
using Austin.Python.Model;
using CsCheck;
using NUnit.Framework;

using Austin.Tests.Support.Synthetic;

namespace Austin.Tests.Unit.Fuzz;

[TestFixture]
[Parallelizable(ParallelScope.All)]
internal sealed class RemoteStringsFuzzTests
{
    private const ulong Base = 0x0000_7e00_0000_0000;
    private const int Page = FakeMemory.PageSize;

    /// <summary>UTF-8 of MaxStringLength characters is at most 4 bytes each (3 for a replacement character).</summary>
    private const int MaxUtf8 = 4 * RemoteStrings.MaxStringLength;

    /// <summary>What one read may allocate: a string at its cap, its UTF-16 copy and its UTF-8 bytes, with room to spare.</summary>
    private const long StringAllocation = 256 << 10;

    private static IEnumerable<Layout> StringLayouts() =>
    [
        TargetAbi.LinuxX64.LayoutOf(new PythonVersion(2, 7))!, TargetAbi.LinuxX64.LayoutOf(new PythonVersion(3, 11))!,
        TargetAbi.LinuxX64.LayoutOf(new PythonVersion(3, 12))!, DebugOffsetsTable.Python314(),
    ];

    private static string Name(Layout l) => $"{l.Version.Major}.{l.Version.Minor}";

    public static IEnumerable<TestCaseData> RoundTripCases() =>
        StringLayouts().Select(l => new TestCaseData(l).SetName($"Any str of Python {Name(l)} without a NUL reads back as its UTF-8"));

    public static IEnumerable<TestCaseData> GarbageCases() =>
        StringLayouts().Select(l => new TestCaseData(l).SetName($"Garbage at a str or bytes pointer of Python {Name(l)} gives null or a bounded result"));

    public static IEnumerable<TestCaseData> LimitCases() =>
        StringLayouts().Select(l => new TestCaseData(l).SetName($"A str of Python {Name(l)} is read up to MaxStringLength characters and refused beyond"));

    // Any character but NUL, which no name or file name holds (a NUL inside marks a string overwritten while read).
    private static readonly Gen<string> s_text =
        Gen.Frequency(
                (4, Gen.Int[0x20, 0x7e]), (2, Gen.Int[0x80, 0xff]), (2, Gen.Int[0x100, 0xd7ff]), (1, Gen.Int[0xe000, 0xffff]),
                (1, Gen.Int[0x10000, 0x10ffff]), (1, Gen.Int[1, 0x1f]))
            .Array[0, 200]
            .Select(points => string.Concat(points.Select(char.ConvertFromUtf32)));

    private static SyntheticImage EmptyImage(Layout layout) => new(layout, new ImageSpec(
        [new CodeSpec(new StringSpec(0, true), new StringSpec(0, true), new StringSpec(0, true), 1, [new Segment(1, 0, false)], 0, 0)],
        [[]], -1, true, 0x2d0, 0));

    [TestCaseSource(nameof(RoundTripCases))]
    public void Any_str_reads_back_as_its_UTF_8(Layout layout)
    {
        int cases = Fuzz.Check($"str round trip {layout.Version}", Gen.Select(s_text, Gen.Bool), input =>
        {
            (string text, bool compact) = input;
            SyntheticImage image = EmptyImage(layout);
            ulong str = image.AddString(text, compact);
            byte[]? read = new RemoteStrings(image.Memory, layout).ReadUtf8(str);
            byte[] expected = Encoding.UTF8.GetBytes(text);
            if (read is null || !read.AsSpan().SequenceEqual(expected))
                throw new PropertyFailed($"read {(read is null ? "null" : Convert.ToHexString(read))}, expected {Convert.ToHexString(expected)}");
        }, defaultCount: 1000, print: i => $"\"{i.Item1}\" ({string.Join(" ", i.Item1.EnumerateRunes().Select(r => r.Value.ToString("x")))}) compact={i.Item2}");
        TestContext.Out.WriteLine($"{cases} strings");
    }

    [TestCaseSource(nameof(LimitCases))]
    public void A_str_is_read_up_to_its_cap_and_refused_beyond(Layout layout)
    {
        SyntheticImage image = EmptyImage(layout);
        var strings = new RemoteStrings(image.Memory, layout);
        string longest = string.Concat(Enumerable.Repeat("\U0001F40D", RemoteStrings.MaxStringLength)); // UCS-4 where there is a kind
        string ascii = new('a', RemoteStrings.MaxStringLength);
        Assert.Multiple(() =>
        {
            Assert.That(strings.ReadUtf8(image.AddString(ascii, true)), Is.EqualTo(Encoding.UTF8.GetBytes(ascii)));
            Assert.That(strings.ReadUtf8(image.AddString(ascii + "a", true)), Is.Null);
            if (!layout.String.Py2Strings)
            {
                Assert.That(strings.ReadUtf8(image.AddString(longest, false)), Is.EqualTo(Encoding.UTF8.GetBytes(longest)));
                Assert.That(strings.ReadUtf8(image.AddString(longest + "\U0001F40D", true)), Is.Null);
            }
        });
    }

    [TestCaseSource(nameof(LimitCases))]
    public void A_name_freed_and_overwritten_while_it_was_read_is_refused(Layout layout)
    {
        SyntheticImage image = EmptyImage(layout);
        var strings = new RemoteStrings(image.Memory, layout);
        // Seen on 2.7 during start-up: "/lib/python2.7/sysconfig.py" freed, then "re.py" and its NUL written over it.
        ulong name = image.AddString("/lib/python2.7/sysconfig.py", compact: true);
        ulong characters = name + (ulong)(layout.String.Py2Strings ? layout.String.BytesData : layout.String.AsciiSize);
        Assert.That(strings.ReadUtf8(name), Is.EqualTo("/lib/python2.7/sysconfig.py"u8.ToArray()), "the whole string first");
        image.Memory.Write(characters + 9, "re.py\0"u8);
        Assert.That(strings.ReadUtf8(name), Is.Null, "a NUL inside a name");
        image.Memory.Write(characters + 9, "python2.7/sysconfig.py!"u8);
        Assert.That(strings.ReadUtf8(name), Is.Null, "no NUL where the string ends");
    }

    /// <summary>A str-looking object: chosen header fields over random bytes, placed anywhere in three pages.</summary>
    internal sealed record Garbage(byte[] Filler, int Offset, long Length, uint State, int DataChoice, bool UnmapLast)
    {
        public override string ToString() =>
            $"offset {Offset}, length {Length}, state {State:x}, data {DataChoice}, unmap {UnmapLast}, filler {Convert.ToHexString(Filler)}";
    }

    private static readonly Gen<Garbage> s_garbage =
        Gen.Select(
            Gen.Byte.Array[96, 96],
            Gen.Frequency((3, Gen.Int[0, 64].Select(o => o * 16)), (1, Gen.Int[Page - 100, Page - 1]), (1, Gen.Int[0, Page - 1])),
            Gen.Frequency((4, Gen.Long[0, 64]), (2, Gen.OneOf<long>(RemoteStrings.MaxStringLength, RemoteStrings.MaxStringLength + 1, RemoteStrings.MaxBytesLength,
                RemoteStrings.MaxBytesLength + 1, -1, long.MinValue, long.MaxValue, int.MaxValue, 1L << 40)), (1, Gen.Long)),
            Gen.Frequency((3, Gen.Select(Gen.Int[0, 7], Gen.Bool, Gen.Bool, (kind, compact, ascii) => (uint)(kind << 2) | (compact ? 32u : 0) | (ascii ? 64u : 0))), (1, Gen.UInt)),
            Gen.Int[0, 5], Gen.Bool,
            (filler, offset, length, state, data, unmap) => new Garbage(filler, offset, length, state, data, unmap));

    [TestCaseSource(nameof(GarbageCases))]
    public void Garbage_gives_null_or_a_bounded_result(Layout layout)
    {
        int cases = Fuzz.Check($"str garbage {layout.Version}", s_garbage, g =>
        {
            var memory = new FakeMemory();
            memory.Map(Base, 3 * Page);
            var random = new Random(g.Offset);
            byte[] noise = new byte[3 * Page];
            random.NextBytes(noise);
            memory.Write(Base, noise);
            ulong obj = Base + Page + (ulong)g.Offset;
            memory.WriteMapped(obj, g.Filler);
            Span<byte> field = stackalloc byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(field, g.Length);
            memory.WriteMapped(obj + 16, field);
            BinaryPrimitives.WriteUInt32LittleEndian(field, g.State);
            memory.WriteMapped(obj + 32, field[..4]);
            ulong[] data = [Base, Base + 2 * Page + 4000, 0, Base + 16 * Page, ulong.MaxValue - 3, obj];
            BinaryPrimitives.WriteUInt64LittleEndian(field, data[g.DataChoice]);
            if (!layout.String.Py2Strings) memory.WriteMapped(obj + (ulong)layout.String.DataPointer, field);
            if (g.UnmapLast) memory.Unmap(Base + 2 * Page);

            var strings = new RemoteStrings(memory, layout);
            // Reads include the terminating NUL character (up to 4 bytes).
            Check(memory, () => strings.ReadUtf8(obj), MaxUtf8, MaxUtf8 + 4, StringAllocation);
            Check(memory, () => strings.ReadBytes(obj), RemoteStrings.MaxBytesLength, RemoteStrings.MaxBytesLength + 1, 2 * RemoteStrings.MaxBytesLength + StringAllocation);
            Check(memory, () => strings.ReadBytes(obj, RemoteStrings.MaxStringLength), RemoteStrings.MaxStringLength, RemoteStrings.MaxStringLength + 1, StringAllocation);
        }, defaultCount: 1500);
        TestContext.Out.WriteLine($"{cases} objects");
    }

    private static void Check(FakeMemory memory, Func<byte[]?> read, int maxResult, int maxRead, long maxAllocation)
    {
        memory.ResetCounters();
        long before = GC.GetAllocatedBytesForCurrentThread();
        byte[]? result = read();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (result is not null && result.Length > maxResult) throw new PropertyFailed($"{result.Length} bytes returned");
        if (memory.LargestRead > maxRead) throw new PropertyFailed($"a read of {memory.LargestRead} bytes");
        if (allocated > maxAllocation) throw new PropertyFailed($"{allocated} bytes allocated");
    }

    [Test]
    public void Any_bytes_of_any_kind_convert_to_UTF_8_or_null_without_throwing()
    {
        int cases = Fuzz.Check("ToUtf8", Gen.Select(Gen.Byte.Array[0, 300], Gen.Int[-1, 9]), input =>
        {
            byte[]? utf8 = RemoteStrings.ToUtf8(input.Item1, input.Item2);
            if (utf8 is not null && utf8.Length > 3 * input.Item1.Length + 3) throw new PropertyFailed($"{utf8.Length} bytes out of {input.Item1.Length}");
        }, defaultCount: 5000, print: i => $"kind {i.Item2}: {Convert.ToHexString(i.Item1)}");
        TestContext.Out.WriteLine($"{cases} conversions");
    }
}
