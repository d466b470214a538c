// SPDX-License-Identifier: GPL-3.0-or-later
using System;

namespace Austin.Platform.Linux;

/// <summary>The permission column of a maps line: <c>r</c>, <c>w</c>, <c>x</c>, and <c>s</c>(hared) or <c>p</c>(rivate).</summary>
[Flags]
internal enum MapPermissions : byte
{
    None = 0,
    Read = 1,
    Write = 2,
    Execute = 4,
    Shared = 8,
}

/// <summary>
/// One line of <c>/proc/PID/maps</c> (proc(5)): <c>start-end perms offset major:minor inode path</c>.
/// </summary>
/// <param name="Start">First address of the mapping.</param>
/// <param name="End">One past its last address.</param>
/// <param name="Offset">Offset in the file of the byte mapped at <paramref name="Start"/>.</param>
/// <param name="Path">
/// The file, a pseudo path such as <c>[heap]</c>, <c>[stack]</c>, <c>[vdso]</c> or <c>[anon:name]</c>, or
/// null for an anonymous mapping. Without the <c>" (deleted)"</c> the kernel appends to an unlinked file.
/// </param>
/// <param name="IsDeleted">The kernel marked the file as deleted (replaced on disk, or a memfd).</param>
internal readonly record struct MemoryMapping(
    ulong Start,
    ulong End,
    MapPermissions Permissions,
    ulong Offset,
    uint DeviceMajor,
    uint DeviceMinor,
    ulong Inode,
    string? Path,
    bool IsDeleted)
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(MemoryMapping);

    public ulong Size => End - Start;

    /// <summary>No path at all: anonymous memory (e.g. the rest of a module's <c>.bss</c>, §2.5).</summary>
    public bool IsAnonymous => Path is null;

    /// <summary>A kernel-named region such as <c>[heap]</c> rather than a file.</summary>
    public bool IsPseudo => Path is not null && Path.StartsWith('[');

    public bool Contains(ulong address) => address >= Start && address < End;
}
