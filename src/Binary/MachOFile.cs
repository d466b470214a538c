// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;

namespace Austin.Binary;

/// <summary>Why a Mach-O file could (not) be opened. Only <see cref="Ok"/> comes with a <see cref="MachOFile"/>.</summary>
internal enum MachOStatus : byte
{
    Ok,

    /// <summary>The file could not be opened or read.</summary>
    IoError,

    /// <summary>No Mach-O or fat magic: some other kind of file.</summary>
    NotMachO,

    /// <summary>A Mach-O file this reader does not handle: 32-bit, big-endian, or a fat file without the wanted CPU.</summary>
    Unsupported,

    /// <summary>A 64-bit Mach-O whose load commands or symbol table are inconsistent, out of range or truncated.</summary>
    Invalid,
}

/// <summary>A segment of a Mach-O image (LC_SEGMENT_64): where it goes in memory, what the file gives it.</summary>
internal readonly record struct MachOSegment(string Name, ulong Address, ulong Size, ulong FileOffset, int InitialProtection)
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(MachOSegment);
}

/// <summary>A section (section_64) of a segment: <c>__DATA,PyRuntime</c> is Segment "__DATA", Name "PyRuntime".</summary>
internal readonly record struct MachOSection(string Segment, string Name, ulong Address, ulong Size)
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(MachOSection);
}

/// <summary>
/// The parts of a 64-bit little-endian Mach-O image austin needs (mach-o/loader.h, mach-o/nlist.h, mach-o/fat.h):
/// the segments, the sections and the symbol table (LC_SYMTAB; its external symbols are what dyld exports, and the
/// local ones such as a static's survive unless the file was stripped). A fat (universal) file is read at the slice of
/// the CPU asked for. Symbol names lose the one underscore C names get on Darwin: <c>__PyRuntime</c> is
/// <c>_PyRuntime</c> here. Every count and offset is checked against the file before anything is allocated.
/// </summary>
internal sealed class MachOFile : IDisposable
{
    public const uint MH_MAGIC_64 = 0xfeedfacf;
    public const uint MH_MAGIC = 0xfeedface;
    public const uint FAT_MAGIC = 0xcafebabe;
    public const uint FAT_MAGIC_64 = 0xcafebabf;
    public const int CPU_TYPE_X86_64 = 0x01000007;
    public const int CPU_TYPE_ARM64 = 0x0100000c;
    public const uint LC_SEGMENT_64 = 0x19;
    public const uint LC_SYMTAB = 0x2;
    public const int VM_PROT_WRITE = 0x2;

    private const int HeaderSize = 32;
    private const int SegmentCommandSize = 72;
    private const int SectionSize = 80;
    private const int NlistSize = 16;
    private const byte N_STAB = 0xe0, N_TYPE = 0x0e, N_EXT = 0x01, N_SECT = 0xe, N_UNDF = 0x0;

    /// <summary>Caps against a hostile file: more than any real libpython has (about 20 000 symbols, 1 MB of names).</summary>
    private const int MaxCommandBytes = 1 << 20, MaxSymbols = 4 << 20, MaxStringBytes = 64 << 20, MaxFatSlices = 20;

    private readonly ElfSource _source;
    private readonly Dictionary<string, ulong> _defined;
    private readonly List<string> _external;

    private MachOFile(ElfSource source, int cpuType, List<MachOSegment> segments, List<MachOSection> sections,
        Dictionary<string, ulong> defined, List<string> external)
    {
        _source = source;
        CpuType = cpuType;
        Segments = segments;
        Sections = sections;
        _defined = defined;
        _external = external;
    }

    /// <summary>The slice's CPU (CPU_TYPE_X86_64, CPU_TYPE_ARM64).</summary>
    public int CpuType { get; }

    public IReadOnlyList<MachOSegment> Segments { get; }

    public IReadOnlyList<MachOSection> Sections { get; }

    /// <summary>The CPU type of an architecture, for a fat file's slice; 0 when Mach-O has none austin reads.</summary>
    public static int CpuTypeOf(Architecture architecture) => architecture switch
    {
        Architecture.X64 => CPU_TYPE_X86_64,
        Architecture.Arm64 => CPU_TYPE_ARM64,
        _ => 0,
    };

    /// <summary>Opens <paramref name="path"/>, at the slice of <paramref name="cpuType"/> when the file is fat.</summary>
    public static MachOStatus TryOpen(string path, int cpuType, out MachOFile? file)
    {
        file = null;
        if (!FileElfSource.TryOpen(path, out FileElfSource? source)) return MachOStatus.IoError;
        MachOStatus status = TryOpen(source!, cpuType, out file);
        if (status != MachOStatus.Ok) source!.Dispose();
        return status;
    }

    /// <summary>Reads the image in <paramref name="source"/>; on success the file owns the source.</summary>
    public static MachOStatus TryOpen(ElfSource source, int cpuType, out MachOFile? file)
    {
        file = null;
        if (!source.TryRead(0, 8, out ReadOnlyMemory<byte> magicBytes)) return source.Length < 8 ? MachOStatus.NotMachO : MachOStatus.IoError;
        uint magicBigEndian = BinaryPrimitives.ReadUInt32BigEndian(magicBytes.Span);
        ulong slice = 0, sliceSize = (ulong)source.Length;
        if (magicBigEndian is FAT_MAGIC or FAT_MAGIC_64)
        {
            // Java class files share 0xcafebabe; their next word holds the major version (45 and up), above any real
            // count of slices (file(1) draws the same line).
            uint count = BinaryPrimitives.ReadUInt32BigEndian(magicBytes.Span[4..]);
            if (count == 0 || count > MaxFatSlices) return MachOStatus.NotMachO;
            bool wide = magicBigEndian == FAT_MAGIC_64;
            int entry = wide ? 32 : 20;
            if (!source.TryRead(8, (int)count * entry, out ReadOnlyMemory<byte> arches)) return MachOStatus.Invalid;
            bool found = false;
            for (int i = 0; i < count && !found; i++)
            {
                ReadOnlySpan<byte> a = arches.Span.Slice(i * entry, entry);
                if (BinaryPrimitives.ReadInt32BigEndian(a) != cpuType) continue;
                slice = wide ? BinaryPrimitives.ReadUInt64BigEndian(a[8..]) : BinaryPrimitives.ReadUInt32BigEndian(a[8..]);
                sliceSize = wide ? BinaryPrimitives.ReadUInt64BigEndian(a[16..]) : BinaryPrimitives.ReadUInt32BigEndian(a[12..]);
                found = true;
            }
            if (!found) return MachOStatus.Unsupported;
            if (!ElfSource.Contains(source.Length, slice, sliceSize) || sliceSize < HeaderSize) return MachOStatus.Invalid;
        }
        if (!source.TryRead(slice, HeaderSize, out ReadOnlyMemory<byte> headerBytes)) return MachOStatus.NotMachO;
        ReadOnlySpan<byte> header = headerBytes.Span;
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (magic == MH_MAGIC || magic is 0xcefaedfe or 0xcffaedfe) return MachOStatus.Unsupported;   // 32-bit, or big-endian
        if (magic != MH_MAGIC_64) return MachOStatus.NotMachO;
        int cpu = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        uint commands = BinaryPrimitives.ReadUInt32LittleEndian(header[16..]);
        uint commandBytes = BinaryPrimitives.ReadUInt32LittleEndian(header[20..]);
        if (cpu != cpuType) return MachOStatus.Unsupported;
        if (commandBytes > MaxCommandBytes || commandBytes > sliceSize - HeaderSize || !source.TryRead(slice + HeaderSize, (int)commandBytes, out ReadOnlyMemory<byte> loadCommands))
            return MachOStatus.Invalid;

        var segments = new List<MachOSegment>();
        var sections = new List<MachOSection>();
        uint symbolOffset = 0, symbolCount = 0, stringOffset = 0, stringSize = 0;
        bool haveSymbols = false;
        ReadOnlySpan<byte> lc = loadCommands.Span;
        int at = 0;
        for (uint i = 0; i < commands; i++)
        {
            if (at + 8 > lc.Length) return MachOStatus.Invalid;
            uint command = BinaryPrimitives.ReadUInt32LittleEndian(lc[at..]);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(lc[(at + 4)..]);
            if (size < 8 || size % 8 != 0 || size > (uint)(lc.Length - at)) return MachOStatus.Invalid;
            ReadOnlySpan<byte> body = lc.Slice(at, (int)size);
            if (command == LC_SEGMENT_64)
            {
                if (size < SegmentCommandSize) return MachOStatus.Invalid;
                string name = FixedName(body.Slice(8, 16));
                uint sectionCount = BinaryPrimitives.ReadUInt32LittleEndian(body[64..]);
                if (sectionCount > (size - SegmentCommandSize) / SectionSize) return MachOStatus.Invalid;
                segments.Add(new MachOSegment(name, BinaryPrimitives.ReadUInt64LittleEndian(body[24..]), BinaryPrimitives.ReadUInt64LittleEndian(body[32..]),
                    BinaryPrimitives.ReadUInt64LittleEndian(body[40..]), BinaryPrimitives.ReadInt32LittleEndian(body[60..])));
                for (int s = 0; s < sectionCount; s++)
                {
                    ReadOnlySpan<byte> section = body.Slice(SegmentCommandSize + s * SectionSize, SectionSize);
                    sections.Add(new MachOSection(FixedName(section.Slice(16, 16)), FixedName(section[..16]),
                        BinaryPrimitives.ReadUInt64LittleEndian(section[32..]), BinaryPrimitives.ReadUInt64LittleEndian(section[40..])));
                }
            }
            else if (command == LC_SYMTAB)
            {
                if (size < 24) return MachOStatus.Invalid;
                symbolOffset = BinaryPrimitives.ReadUInt32LittleEndian(body[8..]);
                symbolCount = BinaryPrimitives.ReadUInt32LittleEndian(body[12..]);
                stringOffset = BinaryPrimitives.ReadUInt32LittleEndian(body[16..]);
                stringSize = BinaryPrimitives.ReadUInt32LittleEndian(body[20..]);
                haveSymbols = true;
            }
            at += (int)size;
        }

        var defined = new Dictionary<string, ulong>(StringComparer.Ordinal);
        var external = new List<string>();
        if (haveSymbols && symbolCount > 0)
        {
            // The symbol table's offsets are the slice's, not the fat file's.
            if (symbolCount > MaxSymbols || stringSize > MaxStringBytes ||
                !ElfSource.Contains((long)sliceSize, symbolOffset, (ulong)symbolCount * NlistSize) || !ElfSource.Contains((long)sliceSize, stringOffset, stringSize) ||
                !source.TryRead(slice + symbolOffset, (int)symbolCount * NlistSize, out ReadOnlyMemory<byte> symbolBytes) ||
                !source.TryRead(slice + stringOffset, (int)stringSize, out ReadOnlyMemory<byte> stringBytes))
                return MachOStatus.Invalid;
            ReadOnlySpan<byte> symbols = symbolBytes.Span, strings = stringBytes.Span;
            for (int i = 0; i < symbolCount; i++)
            {
                ReadOnlySpan<byte> n = symbols.Slice(i * NlistSize, NlistSize);
                uint nameOffset = BinaryPrimitives.ReadUInt32LittleEndian(n);
                byte type = n[4];
                if ((type & N_STAB) != 0 || nameOffset == 0 || nameOffset >= strings.Length) continue;   // debugger entries, nameless
                ReadOnlySpan<byte> rest = strings[(int)nameOffset..];
                int end = rest.IndexOf((byte)0);
                if (end <= 0) continue;
                ReadOnlySpan<byte> raw = rest[..end];
                // C names start with an underscore on Darwin; a name without one is not a C symbol austin asks for.
                if (raw[0] != (byte)'_') continue;
                string name = Encoding.UTF8.GetString(raw[1..]);
                ulong value = BinaryPrimitives.ReadUInt64LittleEndian(n[8..]);
                if ((type & N_TYPE) == N_SECT) defined.TryAdd(name, value);
                if ((type & N_EXT) != 0 && ((type & N_TYPE) == N_SECT || (type & N_TYPE) == N_UNDF)) external.Add(name);
            }
        }
        file = new MachOFile(source, cpu, segments, sections, defined, external);
        return MachOStatus.Ok;
    }

    /// <summary>The link-time address of a symbol defined in the image (external or local); false when it has none.</summary>
    public bool TryFindSymbol(string name, out ulong address) => _defined.TryGetValue(name, out address) && address != 0;

    /// <summary>Whether an external symbol, defined here or imported, starts with <paramref name="prefix"/>.</summary>
    public bool NamesExternalStartingWith(string prefix)
    {
        foreach (string name in _external)
            if (name.StartsWith(prefix, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>The link-time address of the __TEXT segment (the Mach header's): the slide is where dyld put the header minus it.</summary>
    public bool TryGetTextAddress(out ulong address)
    {
        foreach (MachOSegment segment in Segments)
            if (segment.Name == "__TEXT") { address = segment.Address; return true; }
        address = 0;
        return false;
    }

    /// <summary>
    /// The section a C variable with <c>__attribute__((section("__DATA,name")))</c> went into. CPython spells it so
    /// on Darwin (Include/internal/pycore_runtime.h's GENERATE_DEBUG_SECTION); any __DATA* segment is accepted, for
    /// linkers that move writable data to __DATA_DIRTY.
    /// </summary>
    public bool TryFindDataSection(string name, out MachOSection section)
    {
        foreach (MachOSection s in Sections)
            if (s.Name == name && s.Segment.StartsWith("__DATA", StringComparison.Ordinal)) { section = s; return true; }
        section = default;
        return false;
    }

    private static string FixedName(ReadOnlySpan<byte> field)
    {
        int end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? field : field[..end]);
    }

    public void Dispose() => _source.Dispose();
}
