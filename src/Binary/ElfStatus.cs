// SPDX-License-Identifier: GPL-3.0-or-later
namespace Austin.Binary;

/// <summary>Why an ELF file could (not) be opened. Only <see cref="Ok"/> comes with an <see cref="ElfFile"/>.</summary>
internal enum ElfStatus : byte
{
    Ok,

    /// <summary>The file could not be opened or read (missing, no permission, not seekable).</summary>
    IoError,

    /// <summary>No ELF magic: some other kind of file.</summary>
    NotElf,

    /// <summary>An ELF file this reader does not handle: 32-bit, big-endian, or an unknown ELF version.</summary>
    Unsupported,

    /// <summary>An ELF64 little-endian file whose headers are inconsistent, out of range or truncated.</summary>
    Invalid,
}
