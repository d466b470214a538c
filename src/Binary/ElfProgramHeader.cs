// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Buffers.Binary;

namespace Austin.Binary;

/// <summary>An <c>Elf64_Phdr</c> (56 bytes).</summary>
internal readonly record struct ElfProgramHeader(
    ElfSegmentType Type,
    uint Flags,
    ulong Offset,
    ulong VirtualAddress,
    ulong PhysicalAddress,
    ulong FileSize,
    ulong MemorySize,
    ulong Align)
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(ElfProgramHeader);

    public const int Size = 56;

    /// <summary>Reads one header from exactly <see cref="Size"/> bytes.</summary>
    public static ElfProgramHeader Read(ReadOnlySpan<byte> b) => new(
        (ElfSegmentType)BinaryPrimitives.ReadUInt32LittleEndian(b),
        BinaryPrimitives.ReadUInt32LittleEndian(b[4..]),
        BinaryPrimitives.ReadUInt64LittleEndian(b[8..]),
        BinaryPrimitives.ReadUInt64LittleEndian(b[16..]),
        BinaryPrimitives.ReadUInt64LittleEndian(b[24..]),
        BinaryPrimitives.ReadUInt64LittleEndian(b[32..]),
        BinaryPrimitives.ReadUInt64LittleEndian(b[40..]),
        BinaryPrimitives.ReadUInt64LittleEndian(b[48..]));
}
