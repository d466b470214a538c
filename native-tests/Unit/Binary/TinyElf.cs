// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Austin.Tests.Unit.Binary;

/// <summary>
/// A minimal, valid ELF64 little-endian executable image built in memory, for the tests to break:
/// header, two PT_LOADs, then <c>.text</c>, <c>.PyRuntime</c>, <c>.bss</c>, <c>.dynsym</c>/<c>.dynstr</c>,
/// <c>.symtab</c>/<c>.strtab</c>, <c>.shstrtab</c>, and the section header table last.
/// </summary>
internal static class TinyElf
{
    public const ulong RuntimeAddress = 0x404000;
    public const ulong InterpHeadAddress = 0x405010;

    // Section indices.
    public const int Text = 1, PyRuntime = 2, Bss = 3, DynSym = 4, DynStr = 5, SymTab = 6, StrTab = 7, ShStrTab = 8, SectionCount = 9;

    // ELF header field offsets (Elf64_Ehdr).
    public const int EType = 16, EPhoff = 32, EShoff = 40, EPhentsize = 54, EPhnum = 56, EShentsize = 58, EShnum = 60, EShstrndx = 62;

    // Elf64_Shdr field offsets.
    public const int ShName = 0, ShType = 4, ShOffset = 24, ShSize = 32, ShLink = 40, ShInfo = 44, ShEntsize = 56;

    public static byte[] Build()
    {
        var dynstr = new Strings();
        var strtab = new Strings();
        var shstrtab = new Strings();
        byte[] dynsym = Symbols(
            (dynstr.Add("_PyRuntime"), 0x11, PyRuntime, RuntimeAddress, 0x100),
            (dynstr.Add("Py_Version"), 0x11, Text, 0x401000, 8),
            (dynstr.Add("malloc"), 0x12, 0, 0, 0), // an import: undefined
            (dynstr.Add("_PyRuntimeX"), 0x11, Text, 0x401100, 8));
        byte[] symtab = Symbols(
            (strtab.Add("interp_head"), 0x01, Bss, InterpHeadAddress, 8),
            (strtab.Add("_PyRuntime"), 0x11, PyRuntime, RuntimeAddress, 0x100));

        var image = new MemoryStream();
        image.Write(new byte[64 + 2 * 56]);
        var sections = new List<(uint Name, uint Type, ulong Addr, ulong Offset, ulong Size, uint Link, uint Info, ulong EntSize)>
        {
            (0, 0, 0, 0, 0, 0, 0, 0),
        };
        ulong Append(byte[] data)
        {
            ulong at = (ulong)image.Position;
            image.Write(data);
            return at;
        }
        sections.Add((shstrtab.Add(".text"), 1, 0x401000, Append(new byte[16]), 16, 0, 0, 0));
        sections.Add((shstrtab.Add(".PyRuntime"), 1, RuntimeAddress, Append(new byte[0x100]), 0x100, 0, 0, 0));
        sections.Add((shstrtab.Add(".bss"), 8, 0x405000, 0xdead_0000, 0x1000, 0, 0, 0)); // NOBITS: its offset is not checked
        sections.Add((shstrtab.Add(".dynsym"), 11, 0, Append(dynsym), (ulong)dynsym.Length, DynStr, 1, 24));
        byte[] dynstrBytes = dynstr.ToArray();
        sections.Add((shstrtab.Add(".dynstr"), 3, 0, Append(dynstrBytes), (ulong)dynstrBytes.Length, 0, 0, 0));
        sections.Add((shstrtab.Add(".symtab"), 2, 0, Append(symtab), (ulong)symtab.Length, StrTab, 1, 24));
        byte[] strtabBytes = strtab.ToArray();
        sections.Add((shstrtab.Add(".strtab"), 3, 0, Append(strtabBytes), (ulong)strtabBytes.Length, 0, 0, 0));
        uint shstrtabName = shstrtab.Add(".shstrtab");
        byte[] shstrtabBytes = shstrtab.ToArray();
        sections.Add((shstrtabName, 3, 0, Append(shstrtabBytes), (ulong)shstrtabBytes.Length, 0, 0, 0));

        ulong shoff = (ulong)image.Position;
        foreach (var s in sections)
        {
            byte[] h = new byte[64];
            BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(ShName), s.Name);
            BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(ShType), s.Type);
            BinaryPrimitives.WriteUInt64LittleEndian(h.AsSpan(16), s.Addr);
            BinaryPrimitives.WriteUInt64LittleEndian(h.AsSpan(ShOffset), s.Offset);
            BinaryPrimitives.WriteUInt64LittleEndian(h.AsSpan(ShSize), s.Size);
            BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(ShLink), s.Link);
            BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(ShInfo), s.Info);
            BinaryPrimitives.WriteUInt64LittleEndian(h.AsSpan(ShEntsize), s.EntSize);
            image.Write(h);
        }

        byte[] elf = image.ToArray();
        Span<byte> e = elf;
        "\u007fELF"u8.CopyTo(e);
        e[4] = 2; // ELFCLASS64
        e[5] = 1; // ELFDATA2LSB
        e[6] = 1; // EV_CURRENT
        Put16(elf, EType, 2); // ET_EXEC
        Put16(elf, 18, 62); // EM_X86_64
        BinaryPrimitives.WriteUInt32LittleEndian(e[20..], 1);
        Put64(elf, EPhoff, 64);
        Put64(elf, EShoff, shoff);
        Put16(elf, 52, 64);
        Put16(elf, EPhentsize, 56);
        Put16(elf, EPhnum, 2);
        Put16(elf, EShentsize, 64);
        Put16(elf, EShnum, SectionCount);
        Put16(elf, EShstrndx, ShStrTab);
        // Two PT_LOADs, listed highest first so that "first" has to mean "lowest p_vaddr".
        WriteLoad(elf, 64, offset: 0x1000, vaddr: 0x401000);
        WriteLoad(elf, 64 + 56, offset: 0, vaddr: 0x400000);
        return elf;
    }

    /// <summary>Where section header <paramref name="index"/> of an image built by <see cref="Build"/> starts.</summary>
    public static int SectionHeader(byte[] image, int index) =>
        (int)BinaryPrimitives.ReadUInt64LittleEndian(image.AsSpan(EShoff)) + 64 * index;

    public static void Put16(byte[] image, int at, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(at), value);

    public static void Put32(byte[] image, int at, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(at), value);

    public static void Put64(byte[] image, int at, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan(at), value);

    private static void WriteLoad(byte[] image, int at, ulong offset, ulong vaddr)
    {
        Put32(image, at, 1); // PT_LOAD
        Put32(image, at + 4, 5);
        Put64(image, at + 8, offset);
        Put64(image, at + 16, vaddr);
        Put64(image, at + 24, vaddr);
        Put64(image, at + 32, 0x1000);
        Put64(image, at + 40, 0x1000);
        Put64(image, at + 48, 0x1000);
    }

    private static byte[] Symbols(params (uint Name, byte Info, ushort Section, ulong Value, ulong Size)[] symbols)
    {
        byte[] table = new byte[24 * (symbols.Length + 1)]; // entry 0 is the null symbol
        for (int i = 0; i < symbols.Length; i++)
        {
            Span<byte> s = table.AsSpan(24 * (i + 1), 24);
            BinaryPrimitives.WriteUInt32LittleEndian(s, symbols[i].Name);
            s[4] = symbols[i].Info;
            BinaryPrimitives.WriteUInt16LittleEndian(s[6..], symbols[i].Section);
            BinaryPrimitives.WriteUInt64LittleEndian(s[8..], symbols[i].Value);
            BinaryPrimitives.WriteUInt64LittleEndian(s[16..], symbols[i].Size);
        }
        return table;
    }

    private sealed class Strings
    {
        private readonly List<byte> _data = [0];

        public uint Add(string s)
        {
            uint at = (uint)_data.Count;
            _data.AddRange(Encoding.UTF8.GetBytes(s));
            _data.Add(0);
            return at;
        }

        public byte[] ToArray() => [.. _data];
    }
}
