// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Buffers.Binary;

namespace Austin.Binary;

/// <summary>
/// An ELF64 little-endian file, read only as far as a sampler needs: the ELF header, the program
/// headers, the section headers with their names, and on demand <c>.dynsym</c> and <c>.symtab</c>
/// with their string tables (cpython-internals.md §2.1–2.3).
/// </summary>
/// <remarks>
/// The input is untrusted (any file a process maps, possibly truncated or replaced): every count is
/// capped, every offset and size is checked against the file length before anything is read or
/// allocated, and every failure is an <see cref="ElfStatus"/> or a false return, never an exception.
/// Extended numbering (<c>e_shnum == 0</c>, <c>e_shstrndx == SHN_XINDEX</c>, <c>e_phnum == PN_XNUM</c>,
/// the real values in section header 0) is honoured. Symbol tables load lazily, once; concurrent first
/// lookups may both load the same table, which is harmless.
/// </remarks>
internal sealed class ElfFile : IDisposable
{
    /// <summary>More program headers than any linker produces; beyond it the file is rejected.</summary>
    public const int MaxProgramHeaders = Limits.ElfProgramHeaders;

    /// <summary>Section count cap (4 MiB of headers).</summary>
    public const int MaxSections = Limits.ElfSections;

    /// <summary>Largest symbol or string table loaded (libpython's <c>.symtab</c> is well under 2 MiB).</summary>
    public const int MaxTableBytes = Limits.ElfTableBytes;

    private const int HeaderSize = 64;
    private const ushort PhNumExtended = 0xffff; // PN_XNUM
    private const ushort ShIndexExtended = 0xffff; // SHN_XINDEX
    private const ushort ShIndexUndefined = 0; // SHN_UNDEF

    private readonly ElfSource _source;
    private readonly ElfProgramHeader[] _programHeaders;
    private readonly ElfSection[] _sections;
    private readonly ReadOnlyMemory<byte> _sectionNames;
    private readonly int _dynamicSymbolsIndex;
    private readonly int _staticSymbolsIndex;
    private ElfSymbolTable? _dynamicSymbols;
    private ElfSymbolTable? _staticSymbols;

    private ElfFile(ElfSource source, ElfType type, ushort machine, ulong entry, ElfProgramHeader[] programHeaders,
        ElfSection[] sections, ReadOnlyMemory<byte> sectionNames, int dynamicSymbolsIndex, int staticSymbolsIndex)
    {
        _source = source;
        Type = type;
        Machine = machine;
        Entry = entry;
        _programHeaders = programHeaders;
        _sections = sections;
        _sectionNames = sectionNames;
        _dynamicSymbolsIndex = dynamicSymbolsIndex;
        _staticSymbolsIndex = staticSymbolsIndex;
    }

    /// <summary><c>e_type</c>: <see cref="ElfType.Executable"/> (absolute addresses) or <see cref="ElfType.SharedObject"/> (relocated).</summary>
    public ElfType Type { get; }

    /// <summary><c>e_machine</c> (62 = x86-64, 183 = AArch64).</summary>
    public ushort Machine { get; }

    /// <summary><c>e_entry</c>.</summary>
    public ulong Entry { get; }

    public ReadOnlySpan<ElfProgramHeader> ProgramHeaders => _programHeaders;

    /// <summary>All section headers, index 0 (the null section) included.</summary>
    public ReadOnlySpan<ElfSection> Sections => _sections;

    /// <summary>Opens and parses the headers of the file at <paramref name="path"/>. On success the caller owns <paramref name="elf"/>.</summary>
    public static ElfStatus TryOpen(string path, out ElfFile? elf)
    {
        elf = null;
        if (!FileElfSource.TryOpen(path, out FileElfSource? source))
            return ElfStatus.IoError;
        ElfStatus status = TryLoad(source!, out elf);
        if (status != ElfStatus.Ok)
            source!.Dispose();
        return status;
    }

    /// <summary>Parses an image already in memory; the file keeps referring to <paramref name="image"/>.</summary>
    public static ElfStatus TryLoad(ReadOnlyMemory<byte> image, out ElfFile? elf) => TryLoad(new MemoryElfSource(image), out elf);

    private static ElfStatus TryLoad(ElfSource source, out ElfFile? elf)
    {
        elf = null;
        int headerBytes = (int)Math.Min(HeaderSize, Math.Max(0, source.Length));
        if (!source.TryRead(0, headerBytes, out ReadOnlyMemory<byte> headerMemory))
            return ElfStatus.IoError;
        ReadOnlySpan<byte> h = headerMemory.Span;
        if (h.Length < 4 || h[0] != 0x7f || h[1] != (byte)'E' || h[2] != (byte)'L' || h[3] != (byte)'F')
            return ElfStatus.NotElf;
        if (h.Length < 7)
            return ElfStatus.Invalid;
        if (h[4] != 2 || h[5] != 1 || h[6] != 1) // EI_CLASS = ELFCLASS64, EI_DATA = ELFDATA2LSB, EI_VERSION = EV_CURRENT
            return ElfStatus.Unsupported;
        if (h.Length < HeaderSize || BinaryPrimitives.ReadUInt16LittleEndian(h[52..]) < HeaderSize) // e_ehsize
            return ElfStatus.Invalid;

        var type = (ElfType)BinaryPrimitives.ReadUInt16LittleEndian(h[16..]);
        ushort machine = BinaryPrimitives.ReadUInt16LittleEndian(h[18..]);
        ulong entry = BinaryPrimitives.ReadUInt64LittleEndian(h[24..]);
        ulong phoff = BinaryPrimitives.ReadUInt64LittleEndian(h[32..]);
        ulong shoff = BinaryPrimitives.ReadUInt64LittleEndian(h[40..]);
        ushort phentsize = BinaryPrimitives.ReadUInt16LittleEndian(h[54..]);
        uint phnum = BinaryPrimitives.ReadUInt16LittleEndian(h[56..]);
        ushort shentsize = BinaryPrimitives.ReadUInt16LittleEndian(h[58..]);
        uint shnum = BinaryPrimitives.ReadUInt16LittleEndian(h[60..]);
        uint shstrndx = BinaryPrimitives.ReadUInt16LittleEndian(h[62..]);

        if (shoff != 0 && (shnum == 0 || shstrndx == ShIndexExtended || phnum == PhNumExtended))
        {
            // Extended numbering: the real counts live in section header 0 (gABI, "Section Header").
            if (shentsize != ElfSection.HeaderSize || !source.TryRead(shoff, ElfSection.HeaderSize, out ReadOnlyMemory<byte> zero))
                return ElfStatus.Invalid;
            ElfSection s0 = ElfSection.Read(0, zero.Span);
            if (shnum == 0)
                shnum = s0.Size > MaxSections ? uint.MaxValue : (uint)s0.Size;
            if (shstrndx == ShIndexExtended)
                shstrndx = s0.Link;
            if (phnum == PhNumExtended)
                phnum = s0.Info;
        }

        if (!TryReadProgramHeaders(source, phoff, phentsize, phnum, out ElfProgramHeader[] programHeaders)
            || !TryReadSections(source, shoff, shentsize, shnum, out ElfSection[] sections))
            return ElfStatus.Invalid;

        ReadOnlyMemory<byte> names = default;
        if (shstrndx != ShIndexUndefined)
        {
            if (shstrndx >= (uint)sections.Length || !TryReadTable(source, sections[shstrndx], ElfSectionType.StringTable, out names))
                return ElfStatus.Invalid;
        }

        if (!TryFindSymbolTable(sections, ElfSectionType.DynamicSymbols, out int dynamicIndex)
            || !TryFindSymbolTable(sections, ElfSectionType.SymbolTable, out int staticIndex))
            return ElfStatus.Invalid;

        elf = new ElfFile(source, type, machine, entry, programHeaders, sections, names, dynamicIndex, staticIndex);
        return ElfStatus.Ok;
    }

    private static bool TryReadProgramHeaders(ElfSource source, ulong offset, ushort entrySize, uint count, out ElfProgramHeader[] headers)
    {
        headers = [];
        if (count == 0)
            return true;
        if (count > MaxProgramHeaders || entrySize != ElfProgramHeader.Size
            || !source.TryRead(offset, (int)count * ElfProgramHeader.Size, out ReadOnlyMemory<byte> raw))
            return false;
        headers = new ElfProgramHeader[count];
        ReadOnlySpan<byte> span = raw.Span;
        for (int i = 0; i < headers.Length; i++)
            headers[i] = ElfProgramHeader.Read(span.Slice(i * ElfProgramHeader.Size, ElfProgramHeader.Size));
        return true;
    }

    private static bool TryReadSections(ElfSource source, ulong offset, ushort entrySize, uint count, out ElfSection[] sections)
    {
        sections = [];
        if (count == 0 || offset == 0)
            return true; // no section headers: legal (e.g. a sstripped file), there is just nothing to find
        if (count > MaxSections || entrySize != ElfSection.HeaderSize
            || !source.TryRead(offset, (int)count * ElfSection.HeaderSize, out ReadOnlyMemory<byte> raw))
            return false;
        sections = new ElfSection[count];
        ReadOnlySpan<byte> span = raw.Span;
        for (int i = 0; i < sections.Length; i++)
        {
            ElfSection s = ElfSection.Read(i, span.Slice(i * ElfSection.HeaderSize, ElfSection.HeaderSize));
            if (s.HasFileData && !ElfSource.Contains(source.Length, s.Offset, s.Size))
                return false; // a section that claims bytes past the end: truncated or forged
            sections[i] = s;
        }
        return true;
    }

    /// <summary>The index of the first section of <paramref name="type"/> (-1 if none); false if it is malformed.</summary>
    private static bool TryFindSymbolTable(ElfSection[] sections, ElfSectionType type, out int index)
    {
        index = Array.FindIndex(sections, s => s.Type == type);
        if (index < 0)
            return true;
        ElfSection table = sections[index];
        return table.EntrySize == ElfSymbol.EntrySize
            && table.Link < (uint)sections.Length
            && sections[table.Link].Type == ElfSectionType.StringTable;
    }

    private static bool TryReadTable(ElfSource source, ElfSection section, ElfSectionType expected, out ReadOnlyMemory<byte> data)
    {
        data = default;
        return section.Type == expected && section.Size <= MaxTableBytes && source.TryRead(section.Offset, (int)section.Size, out data);
    }

    /// <summary>The first <c>PT_LOAD</c> by virtual address: the segment a load bias is measured from (§2.2).</summary>
    public bool TryGetFirstLoadSegment(out ElfProgramHeader segment)
    {
        segment = default;
        bool found = false;
        foreach (ElfProgramHeader p in _programHeaders)
        {
            if (p.Type == ElfSegmentType.Load && (!found || p.VirtualAddress < segment.VirtualAddress))
            {
                segment = p;
                found = true;
            }
        }
        return found;
    }

    /// <summary>
    /// The load bias of this file in a process, given the <c>start</c> of its mapping whose file offset
    /// is the first <c>PT_LOAD</c>'s <c>p_offset</c> rounded down to a page (cpython-internals.md §2.2).
    /// Runtime address = bias + <c>st_value</c> (or + <c>sh_addr</c>). 0 for an ET_EXEC mapped where it was linked.
    /// </summary>
    public bool TryGetLoadBias(ulong mapStart, out ulong bias)
    {
        bias = 0;
        if (!TryGetFirstLoadSegment(out ElfProgramHeader first))
            return false;
        bias = ComputeLoadBias(mapStart, first.VirtualAddress, (ulong)Environment.SystemPageSize);
        return true;
    }

    /// <summary><c>mapStart − (vaddr rounded down to a page)</c>, wrapping like the address arithmetic it is.</summary>
    public static ulong ComputeLoadBias(ulong mapStart, ulong segmentVirtualAddress, ulong pageSize) =>
        unchecked(mapStart - (segmentVirtualAddress & ~(pageSize - 1)));

    /// <summary>The UTF-8 name of <paramref name="section"/> (empty when the file has no section names or the offset is bad).</summary>
    public ReadOnlySpan<byte> GetSectionName(in ElfSection section)
    {
        ReadOnlySpan<byte> names = _sectionNames.Span;
        if (section.NameOffset >= (uint)names.Length)
            return default;
        ReadOnlySpan<byte> rest = names[(int)section.NameOffset..];
        int end = rest.IndexOf((byte)0);
        return end < 0 ? default : rest[..end];
    }

    /// <summary>The first section called <paramref name="name"/> (e.g. <c>".PyRuntime"u8</c>, whose <c>sh_addr</c> is <c>_PyRuntime</c> in 3.10+).</summary>
    public bool TryFindSection(ReadOnlySpan<byte> name, out ElfSection section)
    {
        foreach (ElfSection s in _sections)
        {
            if (s.Index != 0 && GetSectionName(s).SequenceEqual(name))
            {
                section = s;
                return true;
            }
        }
        section = default;
        return false;
    }

    /// <summary>Whether the file has that symbol table (a stripped file has no <see cref="ElfSymbolTableKind.Static"/>).</summary>
    public bool HasSymbolTable(ElfSymbolTableKind kind) =>
        (kind == ElfSymbolTableKind.Dynamic ? _dynamicSymbolsIndex : _staticSymbolsIndex) >= 0;

    /// <summary>Looks <paramref name="name"/> up in <c>.dynsym</c>, then in <c>.symtab</c>; see <see cref="TryFindSymbol(ReadOnlySpan{byte}, ElfSymbolTableKind, out ElfSymbol)"/>.</summary>
    public bool TryFindSymbol(ReadOnlySpan<byte> name, out ElfSymbol symbol) =>
        TryFindSymbol(name, ElfSymbolTableKind.Dynamic, out symbol) || TryFindSymbol(name, ElfSymbolTableKind.Static, out symbol);

    /// <summary>
    /// The first defined symbol called <paramref name="name"/> (UTF-8, e.g. <c>"_PyRuntime"u8</c>) in one
    /// table. Undefined references (<c>SHN_UNDEF</c>) are skipped: they are another module's symbol.
    /// </summary>
    public bool TryFindSymbol(ReadOnlySpan<byte> name, ElfSymbolTableKind kind, out ElfSymbol symbol) =>
        GetSymbolTable(kind).TryFind(name, out symbol);

    /// <summary>Every entry of one symbol table after the null symbol (empty if the table is absent or unreadable).</summary>
    public ElfSymbolEnumerator EnumerateSymbols(ElfSymbolTableKind kind) => GetSymbolTable(kind).GetEnumerator();

    private ElfSymbolTable GetSymbolTable(ElfSymbolTableKind kind)
    {
        if (kind == ElfSymbolTableKind.Dynamic)
            return _dynamicSymbols ??= LoadSymbolTable(_dynamicSymbolsIndex);
        return _staticSymbols ??= LoadSymbolTable(_staticSymbolsIndex);
    }

    private ElfSymbolTable LoadSymbolTable(int index)
    {
        if (index < 0)
            return ElfSymbolTable.Empty;
        ElfSection table = _sections[index];
        // An unreadable table (I/O error, over the cap) is remembered as empty: lookups fail, quickly.
        if (!TryReadTable(_source, table, table.Type, out ReadOnlyMemory<byte> symbols)
            || !TryReadTable(_source, _sections[table.Link], ElfSectionType.StringTable, out ReadOnlyMemory<byte> strings))
            return ElfSymbolTable.Empty;
        return new ElfSymbolTable(symbols, strings);
    }

    public void Dispose() => _source.Dispose();
}
