// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Buffers.Binary;

namespace Austin.Binary;

/// <summary>An <c>Elf64_Shdr</c> (64 bytes) and its index in the section header table.</summary>
internal readonly record struct ElfSection(
    int Index,
    uint NameOffset,
    ElfSectionType Type,
    ulong Flags,
    ulong Address,
    ulong Offset,
    ulong Size,
    uint Link,
    uint Info,
    ulong AddressAlign,
    ulong EntrySize)
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(ElfSection);

    public const int HeaderSize = 64;

    /// <summary>Whether the section has bytes in the file (everything but <c>SHT_NULL</c> and <c>SHT_NOBITS</c>).</summary>
    public bool HasFileData => Type is not (ElfSectionType.Null or ElfSectionType.NoBits);

    /// <summary>Reads one header from exactly <see cref="HeaderSize"/> bytes.</summary>
    public static ElfSection Read(int index, ReadOnlySpan<byte> b) => new(
        index,
        BinaryPrimitives.ReadUInt32LittleEndian(b),
        (ElfSectionType)BinaryPrimitives.ReadUInt32LittleEndian(b[4..]),
        BinaryPrimitives.ReadUInt64LittleEndian(b[8..]),
        BinaryPrimitives.ReadUInt64LittleEndian(b[16..]),
        BinaryPrimitives.ReadUInt64LittleEndian(b[24..]),
        BinaryPrimitives.ReadUInt64LittleEndian(b[32..]),
        BinaryPrimitives.ReadUInt32LittleEndian(b[40..]),
        BinaryPrimitives.ReadUInt32LittleEndian(b[44..]),
        BinaryPrimitives.ReadUInt64LittleEndian(b[48..]),
        BinaryPrimitives.ReadUInt64LittleEndian(b[56..]));
}
