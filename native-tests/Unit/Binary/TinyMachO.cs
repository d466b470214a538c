// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Austin.Tests.Unit.Binary;

/// <summary>
/// Builds small 64-bit Mach-O images byte by byte, as ld64 lays them out (mach-o/loader.h, nlist.h, fat.h): a
/// header, LC_SEGMENT_64 __TEXT (at file offset 0, with the header in it), LC_SEGMENT_64 __DATA with sections
/// __data and PyRuntime, LC_SYMTAB; then the symbol table and the string table. Symbols carry Darwin's leading
/// underscore. <see cref="Fat"/> wraps slices into a universal file.
/// </summary>
internal static class TinyMachO
{
    public const int CpuX64 = 0x01000007, CpuArm64 = 0x0100000c;
    public const ulong TextAddress = 0x1_0000_0000;
    public const ulong DataAddress = 0x1_0000_4000;
    public const ulong PyRuntimeSection = 0x1_0000_4100;

    /// <summary>nlist_64 types: N_SECT|N_EXT (exported), N_SECT (local), N_UNDF|N_EXT (imported), N_FUN (a stab).</summary>
    public const byte Exported = 0x0f, Local = 0x0e, Imported = 0x01, Stab = 0x24;

    public sealed record Symbol(string Name, byte Type, ulong Value);

    public static Symbol[] PythonSymbols(ulong runtime) =>
    [
        new("__PyRuntime", Exported, runtime),
        new("_Py_Version", Exported, DataAddress + 0x10),
        new("_interp_head", Local, DataAddress + 0x20),
        new("_malloc", Imported, 0),
        new("_PyStab", Stab, 0x1234),
    ];

    public static byte[] Build(int cpu, IReadOnlyList<Symbol> symbols, uint magic = 0xfeedfacf, uint? commandCount = null, uint? sizeOfCommands = null,
        uint? symbolCount = null, uint? stringSize = null)
    {
        // Two segments (72 bytes each), __DATA with two sections (80 bytes each), LC_SYMTAB (24 bytes).
        const int segment = 72, section = 80, symtab = 24;
        int commandsSize = segment + (segment + 2 * section) + symtab;
        var strings = new MemoryStream();
        strings.WriteByte(0);   // offset 0 is "no name"
        var nameOffsets = new List<uint>();
        foreach (Symbol s in symbols)
        {
            nameOffsets.Add((uint)strings.Length);
            byte[] name = Encoding.UTF8.GetBytes(s.Name);
            strings.Write(name);
            strings.WriteByte(0);
        }
        while (strings.Length % 8 != 0) strings.WriteByte(0);
        uint symbolOffset = (uint)(32 + commandsSize + 7) & ~7u;
        uint stringOffset = symbolOffset + (uint)symbols.Count * 16;

        var o = new BinaryWriter(new MemoryStream());
        o.Write(magic); o.Write(cpu); o.Write(3); o.Write(6u /* MH_DYLIB */);
        o.Write(commandCount ?? 3u); o.Write(sizeOfCommands ?? (uint)commandsSize); o.Write(0x00100085u); o.Write(0u);
        Segment(o, "__TEXT", TextAddress, 0x4000, 0, 5, []);
        Segment(o, "__DATA", DataAddress, 0x4000, 0x4000, 3, [("__data", DataAddress, 0x100), ("PyRuntime", PyRuntimeSection, 0x200)]);
        o.Write(0x2u); o.Write((uint)symtab); o.Write(symbolOffset); o.Write(symbolCount ?? (uint)symbols.Count); o.Write(stringOffset); o.Write(stringSize ?? (uint)strings.Length);
        while (o.BaseStream.Length < symbolOffset) o.Write((byte)0);
        for (int i = 0; i < symbols.Count; i++)
        {
            o.Write(nameOffsets[i]); o.Write(symbols[i].Type); o.Write((byte)(symbols[i].Type == Imported ? 0 : 2)); o.Write((ushort)0); o.Write(symbols[i].Value);
        }
        o.Write(strings.ToArray());
        return ((MemoryStream)o.BaseStream).ToArray();
    }

    private static void Segment(BinaryWriter o, string name, ulong address, ulong size, ulong fileOffset, int protection, (string Name, ulong Address, ulong Size)[] sections)
    {
        o.Write(0x19u); o.Write((uint)(72 + 80 * sections.Length)); o.Write(Fixed(name));
        o.Write(address); o.Write(size); o.Write(fileOffset); o.Write(size); o.Write(protection); o.Write(protection); o.Write((uint)sections.Length); o.Write(0u);
        foreach ((string sectionName, ulong sectionAddress, ulong sectionSize) in sections)
        {
            o.Write(Fixed(sectionName)); o.Write(Fixed(name)); o.Write(sectionAddress); o.Write(sectionSize);
            o.Write(0u); o.Write(3u); o.Write(0u); o.Write(0u); o.Write(0u); o.Write(0u); o.Write(0u); o.Write(0u);
        }
    }

    private static byte[] Fixed(string name)
    {
        byte[] field = new byte[16];
        Encoding.ASCII.GetBytes(name).CopyTo(field, 0);
        return field;
    }

    /// <summary>A universal file (big-endian fat_header and fat_arch entries), each slice aligned to 2^12.</summary>
    public static byte[] Fat(params (int Cpu, byte[] Slice)[] slices)
    {
        var o = new MemoryStream();
        void Big(uint v) { o.WriteByte((byte)(v >> 24)); o.WriteByte((byte)(v >> 16)); o.WriteByte((byte)(v >> 8)); o.WriteByte((byte)v); }
        Big(0xcafebabe); Big((uint)slices.Length);
        uint offset = 0x1000;
        foreach ((int cpu, byte[] slice) in slices)
        {
            Big((uint)cpu); Big(0); Big(offset); Big((uint)slice.Length); Big(12);
            offset = (offset + (uint)slice.Length + 0xfff) & ~0xfffu;
        }
        foreach ((_, byte[] slice) in slices)
        {
            while (o.Length % 0x1000 != 0) o.WriteByte(0);
            o.Write(slice);
        }
        return o.ToArray();
    }
}
