// SPDX-License-Identifier: GPL-3.0-or-later
namespace Austin;

/// <summary>
/// Every bound austin puts on what it reads from a target or a binary, in one place. The target keeps
/// running while it is read and its memory may hold anything: a chain that loops, a length that is garbage
/// or a table that never ends must stop at one of these, as a bad sample or a clean "not found", never as
/// a hang, a crash or an unbounded allocation.
/// </summary>
internal static class Limits
{
    /// <summary>Frames walked per thread (CPython's default recursion limit is 1000; deeper chains are bad samples).</summary>
    public const int Frames = 16384;

    /// <summary>Thread states walked per interpreter.</summary>
    public const int Threads = 8192;

    /// <summary>Interpreters walked per process.</summary>
    public const int Interpreters = 256;

    /// <summary>asyncio tasks read per interpreter and sample (--asyncio).</summary>
    public const int Tasks = 4096;

    /// <summary>Characters of a function or file name.</summary>
    public const int StringLength = 4096;

    /// <summary>Bytes of a line table.</summary>
    public const int BytesLength = 1 << 20;

    /// <summary>Code objects cached before the cache starts again.</summary>
    public const int CodeCacheEntries = 1 << 16;

    /// <summary>Objects and bytes re-read per sample by the snapshot.</summary>
    public const int SnapshotEntries = 16384;
    public const int SnapshotBytes = 2 << 20;

    /// <summary>ELF program headers, sections, and bytes of one symbol or string table.</summary>
    public const int ElfProgramHeaders = 4096;
    public const int ElfSections = 65536;
    public const int ElfTableBytes = 256 << 20;

    /// <summary>PE sections, exported names and imported modules (python3X.dll exports about 1,700 names).</summary>
    public const int PeSections = 96;
    public const int PeExports = 1 << 16;
    public const int PeImportedModules = 1024;
    public const int PeImportsPerModule = 1 << 16;
}
