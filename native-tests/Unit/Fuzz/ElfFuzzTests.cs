// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzing the ELF reader (src/Binary) on garbage, on a tiny ELF image broken field by field, and on a real
// libpython broken and cut short. Bounded in the normal run; for a long campaign:
// AUSTIN_FUZZ_ITERATIONS=100000 AUSTIN_FUZZ_SEED=random dotnet test ... (see Fuzz.cs).
using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using Austin.Binary;
using Austin.Tests.Unit.Binary;
using CsCheck;
using NUnit.Framework;

using Austin.Tests.Support.Synthetic;

namespace Austin.Tests.Unit.Fuzz;

[TestFixture]
[Parallelizable(ParallelScope.All)]
internal sealed class ElfFuzzTests
{
    /// <summary>One change to an image: a field of some width at an offset set to an awkward value, or a cut.</summary>
    internal sealed record Edit(int Region, int Offset, int Width, int ValueKind, ulong Value)
    {
        public override string ToString() => $"r{Region}+{Offset}:{Width}={ValueKind}/{Value:x}";
    }

    private static readonly Gen<Edit> s_edit =
        Gen.Select(Gen.Int[0, 4], Gen.Int[0, 1 << 20], Gen.OneOf(1, 2, 4, 8), Gen.Int[0, 5], Gen.ULong,
            (r, o, w, k, v) => new Edit(r, o, w, k, v));

    private static readonly Gen<(Edit[] Edits, int Cut)> s_edits =
        Gen.Select(s_edit.Array[1, 6], Gen.Frequency((4, Gen.Const(int.MaxValue)), (1, Gen.Int[0, 1 << 20])), (e, c) => (e, c));

    /// <summary>The file offsets worth hitting: the ELF header, program headers, section headers, and the symbol tables.</summary>
    private static (int Start, int Length)[] Regions(byte[] image)
    {
        long phoff = BinaryPrimitives.ReadInt64LittleEndian(image.AsSpan(32)), shoff = BinaryPrimitives.ReadInt64LittleEndian(image.AsSpan(40));
        int phnum = BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(56)), shnum = BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(60));
        (int, int) Region(long start, long length) => ((int)Math.Clamp(start, 0, image.Length - 1), (int)Math.Clamp(length, 1, image.Length - Math.Clamp(start, 0, image.Length - 1)));
        var regions = new[] { Region(0, 64), Region(phoff, phnum * 56), Region(shoff, shnum * 64), Region(0, image.Length) }.ToList();
        // The .dynsym entries (where names and section indices are).
        if (ElfFile.TryLoad(image, out ElfFile? elf) == ElfStatus.Ok)
        {
            ElfSection dynsym = elf!.Sections.ToArray().FirstOrDefault(s => s.Type == ElfSectionType.DynamicSymbols);
            regions.Add(dynsym.Size > 0 ? Region((long)dynsym.Offset, (long)dynsym.Size) : Region(0, 64));
        }
        else
        {
            regions.Add(Region(0, 64));
        }
        return regions.ToArray();
    }

    private static ulong Value(Edit e, int length) => e.ValueKind switch
    {
        0 => 0,
        1 => e.Value % 16,
        2 => ulong.MaxValue >> (64 - 8 * e.Width),             // all ones: 0xffff (PN_XNUM, SHN_XINDEX), -1...
        3 => (ulong)length - e.Value % 256,                     // near the end of the file
        4 => (ulong)ElfFile.MaxSections + e.Value % 3 - 1,       // around the caps
        _ => e.Value,
    };

    /// <summary>Applies the edits in place; returns the bytes they replaced, to undo them.</summary>
    private static (int At, byte[] Old)[] Apply(byte[] image, (int Start, int Length)[] regions, Edit[] edits)
    {
        var undo = new (int, byte[])[edits.Length];
        Span<byte> value = stackalloc byte[8];
        for (int i = 0; i < edits.Length; i++)
        {
            Edit e = edits[i];
            (int start, int length) = regions[e.Region % regions.Length];
            int at = Math.Min(start + e.Offset % length, image.Length - e.Width);
            undo[i] = (at, image.AsSpan(at, e.Width).ToArray());
            BinaryPrimitives.WriteUInt64LittleEndian(value, Value(e, image.Length));
            value[..e.Width].CopyTo(image.AsSpan(at));
        }
        return undo;
    }

    private static void Undo(byte[] image, (int At, byte[] Old)[] undo)
    {
        for (int i = undo.Length - 1; i >= 0; i--) undo[i].Old.CopyTo(image, undo[i].At);
    }

    /// <summary>Opens the image and uses everything the sampler uses; throws <see cref="PropertyFailed"/> on a bound broken.</summary>
    private static ElfStatus Exercise(ReadOnlyMemory<byte> image)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        ElfStatus status = ElfFile.TryLoad(image, out ElfFile? elf);
        if (status == ElfStatus.Ok)
        {
            using ElfFile file = elf!;
            foreach (ElfSection s in file.Sections) file.GetSectionName(s);
            file.TryFindSection(".PyRuntime"u8, out _);
            file.TryFindSymbol("_PyRuntime"u8, out _);
            file.TryFindSymbol("interp_head"u8, ElfSymbolTableKind.Static, out _);
            foreach (ElfSymbolTableKind kind in new[] { ElfSymbolTableKind.Dynamic, ElfSymbolTableKind.Static })
                foreach (ElfSymbolEntry entry in file.EnumerateSymbols(kind)) _ = entry.Name.Length + entry.Index;
            file.TryGetLoadBias(0x7f00_0000_0000, out _);
        }
        else if (elf is not null)
        {
            throw new PropertyFailed($"{status} came with a file");
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // Headers are copied into records (about 1.3 bytes per byte of header); tables are sliced, not copied.
        if (allocated > 2L * image.Length + (1 << 20)) throw new PropertyFailed($"{allocated} bytes allocated for a {image.Length}-byte image");
        return status;
    }

    [Test]
    public void Any_bytes_open_as_an_ELF_file_or_give_a_status_without_throwing()
    {
        var gen = Gen.Select(Gen.Byte.Array[0, 2048], Gen.Int[0, 3], (bytes, magic) =>
        {
            // Most of the time a valid ident, so that the header parser is reached.
            byte[] ident = [0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1];
            ident.AsSpan(0, Math.Min(magic == 0 ? 0 : ident.Length, bytes.Length)).CopyTo(bytes);
            if (magic >= 2 && bytes.Length >= 64) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(52), 64);
            return bytes;
        });
        int cases = Fuzz.Check("elf, garbage", gen, bytes => Exercise(bytes), defaultCount: 5000, print: Convert.ToHexString);
        TestContext.Out.WriteLine($"{cases} images");
    }

    [Test]
    public void A_tiny_ELF_file_broken_anywhere_never_makes_the_reader_throw()
    {
        byte[] image = TinyElf.Build();
        Assert.That(Exercise(image), Is.EqualTo(ElfStatus.Ok));
        (int, int)[] regions = Regions(image);
        var statuses = new int[5];
        int cases = Fuzz.Check("elf, tiny", s_edits, input =>
        {
            var undo = Apply(image, regions, input.Edits);
            try
            {
                statuses[(int)Exercise(image.AsMemory(0, Math.Min(input.Cut, image.Length)))]++;
            }
            finally
            {
                Undo(image, undo);
            }
        }, defaultCount: 5000, print: i => $"{string.Join(" ", i.Edits.Select(e => e.ToString()))} cut {i.Cut}");
        TestContext.Out.WriteLine($"{cases} images: {string.Join(", ", Enum.GetValues<ElfStatus>().Select(s => $"{statuses[(int)s]} {s}"))}");
    }

    /// <summary>The smallest installed libpython (or python executable), else this process's own executable.</summary>
    private static string RealElf() =>
        PythonBinary.All.OrderBy(b => new FileInfo(b.Path).Length).Select(b => b.Path).FirstOrDefault()
        ?? Environment.ProcessPath ?? "/bin/sh";

    [Test]
    public void A_real_ELF_file_broken_or_cut_short_never_makes_the_reader_throw()
    {
        string path = RealElf();
        byte[] image = File.ReadAllBytes(path);
        Assert.That(Exercise(image), Is.EqualTo(ElfStatus.Ok), path);
        (int, int)[] regions = Regions(image);
        var statuses = new int[5];
        int cases = Fuzz.Check("elf, real", s_edits, input =>
        {
            var undo = Apply(image, regions, input.Edits);
            try
            {
                int cut = input.Cut == int.MaxValue ? image.Length : (int)((long)input.Cut * image.Length >> 20);
                statuses[(int)Exercise(image.AsMemory(0, cut))]++;
            }
            finally
            {
                Undo(image, undo);
            }
        }, defaultCount: 1000, print: i => $"{path}: {string.Join(" ", i.Edits.Select(e => e.ToString()))} cut {i.Cut}/2^20");
        TestContext.Out.WriteLine($"{cases} versions of {path}: {string.Join(", ", Enum.GetValues<ElfStatus>().Select(s => $"{statuses[(int)s]} {s}"))}");
    }
}
