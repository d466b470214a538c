// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Buffers.Binary;

namespace Austin.Binary;

/// <summary>An <c>Elf64_Sym</c> (24 bytes) without its name.</summary>
/// <param name="Value"><c>st_value</c>: for a defined symbol of an ET_EXEC/ET_DYN file, its link-time virtual address.</param>
/// <param name="SectionIndex"><c>st_shndx</c>: 0 (<c>SHN_UNDEF</c>) for a reference to another module.</param>
internal readonly record struct ElfSymbol(ulong Value, ulong Size, byte Info, byte Other, ushort SectionIndex)
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(ElfSymbol);

    public const int EntrySize = 24;

    /// <summary><c>SHN_UNDEF</c>.</summary>
    public const ushort UndefinedSection = 0;

    public ElfSymbolType Type => (ElfSymbolType)(Info & 0xf);

    public ElfSymbolBinding Binding => (ElfSymbolBinding)(Info >> 4);

    public bool IsDefined => SectionIndex != UndefinedSection;

    /// <summary>Reads one entry from exactly <see cref="EntrySize"/> bytes (the name offset is at 0).</summary>
    public static ElfSymbol Read(ReadOnlySpan<byte> b) => new(
        BinaryPrimitives.ReadUInt64LittleEndian(b[8..]),
        BinaryPrimitives.ReadUInt64LittleEndian(b[16..]),
        b[4],
        b[5],
        BinaryPrimitives.ReadUInt16LittleEndian(b[6..]));
}
