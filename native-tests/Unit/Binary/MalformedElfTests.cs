// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.IO;
using Austin.Binary;
using NUnit.Framework;

namespace Austin.Tests.Unit.Binary;

/// <summary>
/// Hostile and broken inputs: every one must give a clean status or a failed lookup, never an exception
/// and never an allocation sized by a forged count.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
internal sealed class MalformedElfTests
{
    private static ElfStatus Load(byte[] image) => Load(image, out _);

    private static ElfStatus Load(byte[] image, out ElfFile? elf) => ElfFile.TryLoad(image, out elf);

    [Test]
    public void The_tiny_image_is_valid_and_answers_every_question()
    {
        Assert.That(Load(TinyElf.Build(), out ElfFile? elf), Is.EqualTo(ElfStatus.Ok));
        using (elf)
        {
            Assert.Multiple(() =>
            {
                Assert.That(elf!.Type, Is.EqualTo(ElfType.Executable));
                Assert.That(elf.TryGetFirstLoadSegment(out ElfProgramHeader first), Is.True);
                Assert.That(first.VirtualAddress, Is.EqualTo(0x400000UL), "the lowest p_vaddr, not the first listed");
                Assert.That(elf.TryFindSymbol("_PyRuntime"u8, ElfSymbolTableKind.Dynamic, out ElfSymbol runtime) && runtime.Value == TinyElf.RuntimeAddress, Is.True);
                Assert.That(elf.TryFindSection(".PyRuntime"u8, out ElfSection section) && section.Address == TinyElf.RuntimeAddress, Is.True);
                Assert.That(elf.TryFindSymbol("interp_head"u8, out ElfSymbol head) && head.Value == TinyElf.InterpHeadAddress, Is.True);
                Assert.That(elf.TryFindSymbol("malloc"u8, out _), Is.False, "an undefined import is not a definition");
                Assert.That(elf.TryFindSymbol("_PyRun"u8, out _), Is.False, "a prefix is not a name");
                Assert.That(elf.TryFindSymbol(""u8, out _), Is.False);
                Assert.That(elf.TryFindSection(".bss"u8, out ElfSection bss) && bss.Type == ElfSectionType.NoBits, Is.True);
            });
        }
    }

    [Test]
    public void Every_truncation_of_the_image_is_rejected_cleanly()
    {
        byte[] image = TinyElf.Build();
        for (int length = 0; length < image.Length; length++)
        {
            ElfStatus status = Load(image[..length]);
            ElfStatus expected = length < 4 ? ElfStatus.NotElf : ElfStatus.Invalid;
            Assert.That(status, Is.EqualTo(expected), $"length {length}");
        }
    }

    [TestCase(0, (byte)0x7e, ElfStatus.NotElf, TestName = "A file without the ELF magic is not ELF")]
    [TestCase(4, (byte)1, ElfStatus.Unsupported, TestName = "A 32-bit ELF is unsupported")]
    [TestCase(5, (byte)2, ElfStatus.Unsupported, TestName = "A big-endian ELF is unsupported")]
    [TestCase(6, (byte)0, ElfStatus.Unsupported, TestName = "An unknown ELF version is unsupported")]
    public void A_foreign_identification_is_reported(int at, byte value, ElfStatus expected)
    {
        byte[] image = TinyElf.Build();
        image[at] = value;
        Assert.That(Load(image), Is.EqualTo(expected));
    }

    [TestCase(TinyElf.EPhnum, 0xfffeUL, 2, TestName = "A huge program header count is invalid")]
    [TestCase(TinyElf.EShnum, 0xfffeUL, 2, TestName = "A huge section count is invalid")]
    [TestCase(TinyElf.EPhentsize, 55UL, 2, TestName = "A wrong program header size is invalid")]
    [TestCase(TinyElf.EShentsize, 65UL, 2, TestName = "A wrong section header size is invalid")]
    [TestCase(TinyElf.EShstrndx, 200UL, 2, TestName = "A section name table index past the table is invalid")]
    [TestCase(TinyElf.EShstrndx, (ulong)TinyElf.Text, 2, TestName = "A section name table that is not a string table is invalid")]
    [TestCase(TinyElf.EShoff, ulong.MaxValue - 16, 8, TestName = "A section header offset that overflows is invalid")]
    [TestCase(TinyElf.EPhoff, 1UL << 40, 8, TestName = "A program header offset past the end is invalid")]
    [TestCase(52, 63UL, 2, TestName = "An ELF header size below 64 is invalid")]
    public void A_forged_header_field_is_invalid(int at, ulong value, int width)
    {
        byte[] image = TinyElf.Build();
        if (width == 2)
            TinyElf.Put16(image, at, (ushort)value);
        else
            TinyElf.Put64(image, at, value);
        Assert.That(Load(image), Is.EqualTo(ElfStatus.Invalid));
    }

    [TestCase(TinyElf.Text, TinyElf.ShOffset, 1UL << 40, TestName = "A section past the end of the file is invalid")]
    [TestCase(TinyElf.Text, TinyElf.ShSize, ulong.MaxValue, TestName = "A section whose size overflows is invalid")]
    [TestCase(TinyElf.DynSym, TinyElf.ShEntsize, 0UL, TestName = "A symbol table with entries of size 0 is invalid")]
    [TestCase(TinyElf.SymTab, TinyElf.ShLink, 99UL, TestName = "A symbol table linked to no section is invalid")]
    [TestCase(TinyElf.SymTab, TinyElf.ShLink, (ulong)TinyElf.Text, TestName = "A symbol table linked to a non-string section is invalid")]
    public void A_forged_section_header_is_invalid(int section, int field, ulong value)
    {
        byte[] image = TinyElf.Build();
        int at = TinyElf.SectionHeader(image, section) + field;
        if (field is TinyElf.ShLink)
            TinyElf.Put32(image, at, (uint)value);
        else
            TinyElf.Put64(image, at, value);
        Assert.That(Load(image), Is.EqualTo(ElfStatus.Invalid));
    }

    [Test]
    public void A_symbol_name_offset_past_the_string_table_is_skipped()
    {
        byte[] image = TinyElf.Build();
        int dynsym = (int)BitConverter.ToUInt64(image, TinyElf.SectionHeader(image, TinyElf.DynSym) + TinyElf.ShOffset);
        TinyElf.Put32(image, dynsym + 24, 0xffff_fff0); // entry 1, _PyRuntime
        Assert.That(Load(image, out ElfFile? elf), Is.EqualTo(ElfStatus.Ok));
        using (elf)
        {
            Assert.That(elf!.TryFindSymbol("_PyRuntime"u8, ElfSymbolTableKind.Dynamic, out _), Is.False);
            int names = 0;
            foreach (ElfSymbolEntry e in elf.EnumerateSymbols(ElfSymbolTableKind.Dynamic))
                names += e.Index == 1 ? e.Name.Length : 0;
            Assert.That(names, Is.Zero, "the enumerator gives an empty name");
        }
    }

    [Test]
    public void A_name_without_its_terminating_nul_does_not_match()
    {
        byte[] image = TinyElf.Build();
        int header = TinyElf.SectionHeader(image, TinyElf.DynStr);
        ulong size = BitConverter.ToUInt64(image, header + TinyElf.ShSize);
        TinyElf.Put64(image, header + TinyElf.ShSize, size - 1); // cut the NUL of the last name, "_PyRuntimeX"
        Assert.That(Load(image, out ElfFile? elf), Is.EqualTo(ElfStatus.Ok));
        using (elf)
        {
            Assert.That(elf!.TryFindSymbol("_PyRuntimeX"u8, out _), Is.False);
            Assert.That(elf.TryFindSymbol("_PyRuntime"u8, out _), Is.True);
        }
    }

    [Test]
    public void Extended_section_numbering_reads_the_counts_from_section_0()
    {
        byte[] image = TinyElf.Build();
        int s0 = TinyElf.SectionHeader(image, 0);
        TinyElf.Put16(image, TinyElf.EShnum, 0);
        TinyElf.Put16(image, TinyElf.EShstrndx, 0xffff);
        TinyElf.Put64(image, s0 + TinyElf.ShSize, TinyElf.SectionCount);
        TinyElf.Put32(image, s0 + TinyElf.ShLink, TinyElf.ShStrTab);
        Assert.That(Load(image, out ElfFile? elf), Is.EqualTo(ElfStatus.Ok));
        using (elf)
            Assert.That(elf!.TryFindSection(".PyRuntime"u8, out _), Is.True);

        TinyElf.Put64(image, s0 + TinyElf.ShSize, 1UL << 40);
        Assert.That(Load(image), Is.EqualTo(ElfStatus.Invalid), "a forged extended count");
    }

    [Test]
    public void A_file_without_section_headers_opens_and_finds_nothing()
    {
        byte[] image = TinyElf.Build();
        TinyElf.Put16(image, TinyElf.EShnum, 0);
        TinyElf.Put64(image, TinyElf.EShoff, 0);
        TinyElf.Put16(image, TinyElf.EShstrndx, 0);
        Assert.That(Load(image, out ElfFile? elf), Is.EqualTo(ElfStatus.Ok));
        using (elf)
        {
            Assert.That(elf!.TryFindSymbol("_PyRuntime"u8, out _), Is.False);
            Assert.That(elf.TryFindSection(".PyRuntime"u8, out _), Is.False);
            Assert.That(elf.TryGetFirstLoadSegment(out _), Is.True);
        }
    }

    [Test]
    public void Random_corruption_never_throws()
    {
        byte[] pristine = TinyElf.Build();
        var random = new Random(0xe1f);
        int ok = 0;
        for (int round = 0; round < 20_000; round++)
        {
            byte[] image = round % 10 == 0 ? pristine[..random.Next(pristine.Length)] : (byte[])pristine.Clone();
            int flips = random.Next(1, 9);
            for (int i = 0; i < flips && image.Length > 0; i++)
            {
                // Mostly the headers, where a flip changes the most.
                int at = random.Next(2) == 0 ? random.Next(Math.Min(image.Length, 64 + 112)) : random.Next(image.Length);
                image[at] = (byte)random.Next(256);
            }
            if (Load(image, out ElfFile? elf) != ElfStatus.Ok)
                continue;
            using (elf)
            {
                ok++;
                elf!.TryFindSymbol("_PyRuntime"u8, out _);
                elf.TryFindSymbol("interp_head"u8, out _);
                elf.TryFindSection(".PyRuntime"u8, out _);
                elf.TryGetFirstLoadSegment(out _);
                elf.TryGetLoadBias(0x7f0000000000, out _);
                foreach (ElfSection s in elf.Sections)
                    elf.GetSectionName(s);
                foreach (ElfSymbolTableKind kind in new[] { ElfSymbolTableKind.Dynamic, ElfSymbolTableKind.Static })
                {
                    foreach (ElfSymbolEntry e in elf.EnumerateSymbols(kind))
                        _ = (ulong)e.Name.Length + e.Symbol.Value;
                }
            }
        }
        Assert.That(ok, Is.GreaterThan(1000), "the corruption should leave many images readable");
    }

    [Test]
    public void Garbage_files_of_any_size_are_not_elf()
    {
        var random = new Random(7);
        foreach (int size in new[] { 0, 1, 3, 4, 16, 63, 64, 65, 4096 })
        {
            byte[] garbage = new byte[size];
            random.NextBytes(garbage);
            if (size > 0)
                garbage[0] = 0;
            Assert.That(Load(garbage), Is.EqualTo(ElfStatus.NotElf), $"size {size}");
        }
    }

    [Test]
    public void The_magic_alone_is_an_invalid_elf()
    {
        Assert.That(Load([0x7f, (byte)'E', (byte)'L', (byte)'F']), Is.EqualTo(ElfStatus.Invalid));
        Assert.That(Load([0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0]), Is.EqualTo(ElfStatus.Invalid));
    }

    [Test]
    public void Missing_unreadable_and_truncated_files_give_a_status()
    {
        string dir = Path.Combine(Path.GetTempPath(), "austin-elf-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string empty = Path.Combine(dir, "empty");
            File.WriteAllBytes(empty, []);
            string truncated = Path.Combine(dir, "truncated");
            byte[] image = TinyElf.Build();
            File.WriteAllBytes(truncated, image[..(image.Length - 10)]);
            string whole = Path.Combine(dir, "whole");
            File.WriteAllBytes(whole, image);
            Assert.Multiple(() =>
            {
                Assert.That(ElfFile.TryOpen(Path.Combine(dir, "missing"), out _), Is.EqualTo(ElfStatus.IoError));
                Assert.That(ElfFile.TryOpen(dir, out _), Is.EqualTo(ElfStatus.IoError), "a directory");
                Assert.That(ElfFile.TryOpen("", out _), Is.EqualTo(ElfStatus.IoError));
                Assert.That(ElfFile.TryOpen(empty, out _), Is.EqualTo(ElfStatus.NotElf));
                Assert.That(ElfFile.TryOpen(truncated, out _), Is.EqualTo(ElfStatus.Invalid));
            });
            Assert.That(ElfFile.TryOpen(whole, out ElfFile? elf), Is.EqualTo(ElfStatus.Ok));
            elf!.Dispose();
            Assert.That(elf.TryFindSymbol("_PyRuntime"u8, out _), Is.False, "a disposed file reads nothing more, quietly");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestCase(0x7ff912e00000UL, 0UL, 0x7ff912e00000UL, TestName = "The bias of a shared library is its first mapping")]
    [TestCase(0x400000UL, 0x400000UL, 0UL, TestName = "The bias of a non-PIE executable at its link address is 0")]
    [TestCase(0x555555554000UL, 0x1234UL, 0x555555553000UL, TestName = "The first segment's address is rounded down to its page")]
    public void Load_bias_follows_the_recipe_of_the_internals_doc(ulong mapStart, ulong vaddr, ulong bias)
    {
        Assert.That(ElfFile.ComputeLoadBias(mapStart, vaddr, 4096), Is.EqualTo(bias));
    }
}
