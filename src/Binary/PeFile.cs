// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace Austin.Binary;

/// <summary>A PE section header, as far as austin needs it.</summary>
/// <param name="Name">The 8-byte name, NULs removed (longer names are cut to 8 bytes by the linker in images).</param>
internal readonly record struct PeSection(string Name, uint VirtualAddress, uint VirtualSize, uint RawOffset, uint RawSize, uint Characteristics)
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(PeSection);

    public const uint MemWrite = 0x8000_0000;   // IMAGE_SCN_MEM_WRITE

    public bool IsWritable => (Characteristics & MemWrite) != 0;
}

/// <summary>
/// A PE32+ image (a Windows x64 .exe or .dll), read only as far as a sampler needs: the section headers, the export
/// table (python3X.dll exports <c>_PyRuntime</c>, <c>Py_Version</c>, <c>PyInterpreterState_Head</c>...) and the
/// names the import table brings in (python.exe imports <c>Py_Main</c>). Addresses are RVAs: the module's base in
/// the target plus an RVA is the address there (Windows maps an image whole, its sections at their RVAs).
/// </summary>
/// <remarks>
/// The input is untrusted, as for <see cref="ElfFile"/>: every count is capped, every RVA is mapped through a section
/// and checked against the file before it is read, and every failure is a false return, never an exception. Tables
/// load once, on first use. The layout is Microsoft's PE format specification (IMAGE_DOS_HEADER.e_lfanew, the COFF
/// file header, IMAGE_OPTIONAL_HEADER64's data directories, IMAGE_EXPORT_DIRECTORY, IMAGE_IMPORT_DESCRIPTOR).
/// </remarks>
internal sealed class PeFile : IDisposable
{
    public const ushort MachineAmd64 = 0x8664;
    public const ushort MachineArm64 = 0xaa64;

    private const ushort Pe32PlusMagic = 0x20b;
    private const int CoffHeaderSize = 20;
    private const int SectionHeaderSize = 40;
    private const int ExportDirectory = 0, ImportDirectory = 1;
    private const int MaxNameLength = 512;

    private readonly ElfSource _source;
    private readonly PeSection[] _sections;
    private readonly (uint Rva, uint Size)[] _directories;
    private Dictionary<string, uint>? _exports;
    private List<string>? _imports;

    private PeFile(ElfSource source, ushort machine, ulong imageBase, PeSection[] sections, (uint, uint)[] directories)
    {
        _source = source;
        Machine = machine;
        ImageBase = imageBase;
        _sections = sections;
        _directories = directories;
    }

    /// <summary>The COFF machine (0x8664 x64, 0xaa64 arm64).</summary>
    public ushort Machine { get; }

    /// <summary>The address the image prefers (where a running one is, only if ASLR did not move it).</summary>
    public ulong ImageBase { get; }

    public ReadOnlySpan<PeSection> Sections => _sections;

    /// <summary>Opens and parses the headers of the file at <paramref name="path"/>; the caller owns <paramref name="pe"/>.</summary>
    public static bool TryOpen(string path, out PeFile? pe)
    {
        pe = null;
        if (!FileElfSource.TryOpen(path, out FileElfSource? source)) return false;
        if (TryLoad(source!, out pe)) return true;
        source!.Dispose();
        return false;
    }

    /// <summary>Parses an image already in memory.</summary>
    public static bool TryLoad(ReadOnlyMemory<byte> image, out PeFile? pe) => TryLoad(new MemoryElfSource(image), out pe);

    private static bool TryLoad(ElfSource source, out PeFile? pe)
    {
        pe = null;
        if (!source.TryRead(0, 64, out ReadOnlyMemory<byte> dos) || dos.Span[0] != (byte)'M' || dos.Span[1] != (byte)'Z') return false;
        uint peOffset = BinaryPrimitives.ReadUInt32LittleEndian(dos.Span[0x3c..]);
        if (!source.TryRead(peOffset, 4 + CoffHeaderSize, out ReadOnlyMemory<byte> coffMemory)) return false;
        ReadOnlySpan<byte> coff = coffMemory.Span;
        if (!coff[..4].SequenceEqual("PE\0\0"u8)) return false;
        ushort machine = BinaryPrimitives.ReadUInt16LittleEndian(coff[4..]);
        int sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(coff[6..]);
        int optionalSize = BinaryPrimitives.ReadUInt16LittleEndian(coff[20..]);
        ulong optionalOffset = peOffset + 4UL + CoffHeaderSize;
        // PE32+ only: austin reads 64-bit processes. The data directories start at 112 in IMAGE_OPTIONAL_HEADER64.
        if (sectionCount > Limits.PeSections || optionalSize < 112 || !source.TryRead(optionalOffset, optionalSize, out ReadOnlyMemory<byte> optionalMemory))
            return false;
        ReadOnlySpan<byte> optional = optionalMemory.Span;
        if (BinaryPrimitives.ReadUInt16LittleEndian(optional) != Pe32PlusMagic) return false;
        ulong imageBase = BinaryPrimitives.ReadUInt64LittleEndian(optional[24..]);
        uint directoryCount = Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(optional[108..]), (uint)(optionalSize - 112) / 8);
        var directories = new (uint, uint)[Math.Min(directoryCount, 16u)];
        for (int i = 0; i < directories.Length; i++)
            directories[i] = (BinaryPrimitives.ReadUInt32LittleEndian(optional[(112 + 8 * i)..]), BinaryPrimitives.ReadUInt32LittleEndian(optional[(116 + 8 * i)..]));

        if (!source.TryRead(optionalOffset + (ulong)optionalSize, sectionCount * SectionHeaderSize, out ReadOnlyMemory<byte> headers)) return false;
        var sections = new PeSection[sectionCount];
        for (int i = 0; i < sectionCount; i++)
        {
            ReadOnlySpan<byte> h = headers.Span.Slice(i * SectionHeaderSize, SectionHeaderSize);
            int nameLength = h[..8].IndexOf((byte)0);
            string name = System.Text.Encoding.UTF8.GetString(h[..(nameLength < 0 ? 8 : nameLength)]);
            name = LongName(source, coff, name) ?? name;
            sections[i] = new PeSection(name, BinaryPrimitives.ReadUInt32LittleEndian(h[12..]), BinaryPrimitives.ReadUInt32LittleEndian(h[8..]),
                BinaryPrimitives.ReadUInt32LittleEndian(h[20..]), BinaryPrimitives.ReadUInt32LittleEndian(h[16..]), BinaryPrimitives.ReadUInt32LittleEndian(h[36..]));
        }
        pe = new PeFile(source, machine, imageBase, sections, directories);
        return true;
    }

    /// <summary>
    /// GNU ld writes a longer name as "/N", N an offset into the COFF string table (after the symbol table, which an
    /// unstripped MinGW image keeps); MSVC's link cuts it to 8 bytes. Null when the name is not such a reference.
    /// </summary>
    private static string? LongName(ElfSource source, ReadOnlySpan<byte> coff, string name)
    {
        if (name.Length < 2 || name[0] != '/' || !uint.TryParse(name.AsSpan(1), System.Globalization.NumberStyles.None, null, out uint offset)) return null;
        ulong symbols = BinaryPrimitives.ReadUInt32LittleEndian(coff[12..]);
        ulong strings = symbols + 18UL * BinaryPrimitives.ReadUInt32LittleEndian(coff[16..]);
        if (symbols == 0 || !source.TryRead(strings + offset, (int)Math.Min(MaxNameLength, Math.Max(0, source.Length - (long)(strings + offset))), out ReadOnlyMemory<byte> text))
            return null;
        int nul = text.Span.IndexOf((byte)0);
        return nul < 0 ? null : System.Text.Encoding.UTF8.GetString(text.Span[..nul]);
    }

    /// <summary>The RVA of an exported symbol (data or function); false for a name not exported or forwarded elsewhere.</summary>
    public bool TryGetExport(string name, out uint rva)
    {
        _exports ??= ReadExports();
        return _exports.TryGetValue(name, out rva);
    }

    /// <summary>Every name exported, in the table's order (sorted, as the linker writes it).</summary>
    public IEnumerable<string> ExportNames
    {
        get
        {
            _exports ??= ReadExports();
            return _exports.Keys;
        }
    }

    /// <summary>Every function or variable imported by name, from any module.</summary>
    public IReadOnlyList<string> ImportNames => _imports ??= ReadImports();

    /// <summary>
    /// The section named <paramref name="name"/>, in full (GNU ld's long names) or cut to 8 bytes (MSVC's), if any.
    /// </summary>
    public bool TryFindSection(string name, out PeSection section)
    {
        string cut = name.Length > 8 ? name[..8] : name;
        foreach (PeSection s in _sections)
            if (s.Name == name || s.Name == cut) { section = s; return true; }
        section = default;
        return false;
    }

    private Dictionary<string, uint> ReadExports()
    {
        var exports = new Dictionary<string, uint>(StringComparer.Ordinal);
        if (_directories.Length <= ExportDirectory) return exports;
        (uint directoryRva, uint directorySize) = _directories[ExportDirectory];
        if (directoryRva == 0 || !TryReadRva(directoryRva, 40, out ReadOnlySpan<byte> d)) return exports;
        uint functionCount = BinaryPrimitives.ReadUInt32LittleEndian(d[20..]);
        uint nameCount = BinaryPrimitives.ReadUInt32LittleEndian(d[24..]);
        uint functions = BinaryPrimitives.ReadUInt32LittleEndian(d[28..]);
        uint names = BinaryPrimitives.ReadUInt32LittleEndian(d[32..]);
        uint ordinals = BinaryPrimitives.ReadUInt32LittleEndian(d[36..]);
        if (functionCount > Limits.PeExports || nameCount > Limits.PeExports) return exports;
        if (!TryReadRva(functions, (int)functionCount * 4, out ReadOnlySpan<byte> functionRvas) ||
            !TryReadRva(names, (int)nameCount * 4, out ReadOnlySpan<byte> nameRvas) ||
            !TryReadRva(ordinals, (int)nameCount * 2, out ReadOnlySpan<byte> nameOrdinals))
            return exports;
        byte[] functionTable = functionRvas.ToArray(), nameTable = nameRvas.ToArray(), ordinalTable = nameOrdinals.ToArray();
        for (int i = 0; i < nameCount; i++)
        {
            int ordinal = BinaryPrimitives.ReadUInt16LittleEndian(ordinalTable.AsSpan(2 * i));
            if (ordinal >= functionCount) continue;
            uint rva = BinaryPrimitives.ReadUInt32LittleEndian(functionTable.AsSpan(4 * ordinal));
            // An RVA inside the export directory is a forwarder ("NTDLL.RtlAllocateHeap"), not something of this module.
            if (rva == 0 || (rva >= directoryRva && rva - directoryRva < directorySize)) continue;
            if (TryReadName(BinaryPrimitives.ReadUInt32LittleEndian(nameTable.AsSpan(4 * i)), out string? name))
                exports.TryAdd(name!, rva);
        }
        return exports;
    }

    private List<string> ReadImports()
    {
        var imports = new List<string>();
        if (_directories.Length <= ImportDirectory || _directories[ImportDirectory].Rva == 0) return imports;
        uint descriptor = _directories[ImportDirectory].Rva;
        for (int module = 0; module < Limits.PeImportedModules; module++, descriptor += 20)
        {
            if (!TryReadRva(descriptor, 20, out ReadOnlySpan<byte> d)) break;
            uint lookup = BinaryPrimitives.ReadUInt32LittleEndian(d);           // OriginalFirstThunk
            uint moduleName = BinaryPrimitives.ReadUInt32LittleEndian(d[12..]);
            uint addresses = BinaryPrimitives.ReadUInt32LittleEndian(d[16..]);  // FirstThunk: the same entries on disk
            if (moduleName == 0 && addresses == 0) break;                       // the null descriptor ends the table
            uint thunk = lookup != 0 ? lookup : addresses;
            for (int i = 0; i < Limits.PeImportsPerModule; i++, thunk += 8)
            {
                if (!TryReadRva(thunk, 8, out ReadOnlySpan<byte> entry)) break;
                ulong value = BinaryPrimitives.ReadUInt64LittleEndian(entry);
                if (value == 0) break;
                if ((value >> 63) != 0) continue;   // imported by ordinal: no name
                // IMAGE_IMPORT_BY_NAME: a 2-byte hint, then the name.
                if (TryReadName((uint)value + 2, out string? name)) imports.Add(name!);
            }
        }
        return imports;
    }

    private bool TryReadName(uint rva, out string? name)
    {
        name = null;
        if (!TryMap(rva, out ulong offset, out uint available)) return false;
        int length = (int)Math.Min(available, MaxNameLength);
        if (!_source.TryRead(offset, length, out ReadOnlyMemory<byte> bytes)) return false;
        int nul = bytes.Span.IndexOf((byte)0);
        if (nul < 0) return false;
        name = System.Text.Encoding.UTF8.GetString(bytes.Span[..nul]);
        return true;
    }

    private bool TryReadRva(uint rva, int size, out ReadOnlySpan<byte> data)
    {
        data = default;
        if (size < 0 || !TryMap(rva, out ulong offset, out uint available) || (uint)size > available ||
            !_source.TryRead(offset, size, out ReadOnlyMemory<byte> memory))
            return false;
        data = memory.Span;
        return true;
    }

    /// <summary>The file offset of an RVA, and how many bytes of its section's file data follow it.</summary>
    private bool TryMap(uint rva, out ulong offset, out uint available)
    {
        foreach (PeSection s in _sections)
        {
            uint size = s.RawSize;
            if (rva >= s.VirtualAddress && rva - s.VirtualAddress < size)
            {
                offset = s.RawOffset + (ulong)(rva - s.VirtualAddress);
                available = size - (rva - s.VirtualAddress);
                return true;
            }
        }
        offset = 0;
        available = 0;
        return false;
    }

    public void Dispose() => _source.Dispose();
}
