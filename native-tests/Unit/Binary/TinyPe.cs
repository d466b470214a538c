// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace Austin.Tests.Unit.Binary;

/// <summary>
/// A minimal, valid PE32+ DLL image built byte by byte, for the tests to read and break: the DOS header, the PE
/// signature, the COFF header, IMAGE_OPTIONAL_HEADER64 with 16 data directories, then four sections: .text, .rdata
/// (the export directory and the import table), .data (writable) and PyRuntim (what MSVC's
/// <c>__declspec(allocate("PyRuntime"))</c> makes of the section's name). File offsets equal RVAs, less 0x1000.
/// </summary>
internal static class TinyPe
{
    public const uint TextRva = 0x1000, RdataRva = 0x2000, DataRva = 0x3000, RuntimeRva = 0x4000;
    public const uint PyVersionRva = DataRva + 0x10, HeadFunctionRva = TextRva + 0x20;

    /// <summary>Where the PE signature starts (e_lfanew), and the section table.</summary>
    public const int PeOffset = 0x80, OptionalOffset = PeOffset + 24, SectionTable = OptionalOffset + 240;

    /// <summary>The offset in the file of the export directory's counts (NumberOfFunctions, NumberOfNames).</summary>
    public static int ExportCounts => (int)(RdataRva - 0x1000) + 20;

    public static byte[] Build()
    {
        byte[] image = new byte[0x1000 + 4 * 0x1000];
        Span<byte> e = image;
        e[0] = (byte)'M';
        e[1] = (byte)'Z';
        Put32(image, 0x3c, PeOffset);
        "PE\0\0"u8.CopyTo(e[PeOffset..]);
        Put16(image, PeOffset + 4, 0x8664);          // Machine: x64
        Put16(image, PeOffset + 6, 4);               // NumberOfSections
        Put16(image, PeOffset + 20, 240);            // SizeOfOptionalHeader
        Put16(image, PeOffset + 22, 0x2022);         // Characteristics: executable, large-address aware, DLL
        Put16(image, OptionalOffset, 0x20b);         // PE32+
        Put64(image, OptionalOffset + 24, 0x1_8000_0000);   // ImageBase
        Put32(image, OptionalOffset + 108, 16);      // NumberOfRvaAndSizes

        Section(image, 0, ".text", TextRva, 0x60000020);
        Section(image, 1, ".rdata", RdataRva, 0x40000040);
        Section(image, 2, ".data", DataRva, 0xC0000040);
        Section(image, 3, "PyRuntim", RuntimeRva, 0xC0000040);

        // .rdata: the export directory at its start, its tables and names after it.
        int rdata = (int)(RdataRva - 0x1000);
        var names = new List<(string Name, uint Rva)>
        {
            ("PyInterpreterState_Head", HeadFunctionRva),
            ("Py_Version", PyVersionRva),
            ("_PyRuntime", RuntimeRva),
            ("Py_Forwarded", RdataRva + 0x20),   // inside the export directory: a forwarder string
        };
        uint at = RdataRva + 0x100;
        uint Place(byte[] bytes)
        {
            uint rva = at;
            bytes.CopyTo(image, (int)(rva - 0x1000));
            at += (uint)bytes.Length;
            return rva;
        }
        uint functions = Place(new byte[4 * names.Count]);
        uint nameTable = Place(new byte[4 * names.Count]);
        uint ordinals = Place(new byte[2 * names.Count]);
        for (int i = 0; i < names.Count; i++)
        {
            Put32(image, (int)(functions - 0x1000) + 4 * i, names[i].Rva);
            Put32(image, (int)(nameTable - 0x1000) + 4 * i, Place(Encoding.ASCII.GetBytes(names[i].Name + "\0")));
            Put16(image, (int)(ordinals - 0x1000) + 2 * i, (ushort)i);
        }
        Encoding.ASCII.GetBytes("NTDLL.Fwd\0").CopyTo(image, rdata + 0x20);
        Put32(image, rdata + 12, Place("python3XY.dll\0"u8.ToArray()));
        Put32(image, rdata + 16, 1);                       // Base
        Put32(image, rdata + 20, (uint)names.Count);       // NumberOfFunctions
        Put32(image, rdata + 24, (uint)names.Count);       // NumberOfNames
        Put32(image, rdata + 28, functions);
        Put32(image, rdata + 32, nameTable);
        Put32(image, rdata + 36, ordinals);
        Directory(image, 0, RdataRva, 0x40);

        // The import table: one descriptor for the C runtime, by name and by ordinal, then the null descriptor.
        uint hint = Place("\0\0Py_Main\0"u8.ToArray());
        uint lookup = Place(new byte[24]);
        Put64(image, (int)(lookup - 0x1000), hint);
        Put64(image, (int)(lookup - 0x1000) + 8, 0x8000_0000_0000_0007);   // by ordinal 7: no name
        uint dll = Place("python312.dll\0"u8.ToArray());
        at = (at + 7) & ~7u;
        uint descriptors = Place(new byte[40]);
        Put32(image, (int)(descriptors - 0x1000), lookup);
        Put32(image, (int)(descriptors - 0x1000) + 12, dll);
        Put32(image, (int)(descriptors - 0x1000) + 16, lookup);
        Directory(image, 1, descriptors, 40);

        Put32(image, (int)(PyVersionRva - 0x1000), 0x030C01F0);
        return image;
    }

    private static void Section(byte[] image, int index, string name, uint rva, uint characteristics)
    {
        int h = SectionTable + 40 * index;
        Encoding.ASCII.GetBytes(name).CopyTo(image, h);
        Put32(image, h + 8, 0x1000);         // VirtualSize
        Put32(image, h + 12, rva);           // VirtualAddress
        Put32(image, h + 16, 0x1000);        // SizeOfRawData
        Put32(image, h + 20, rva - 0x1000);  // PointerToRawData
        Put32(image, h + 36, characteristics);
    }

    private static void Directory(byte[] image, int index, uint rva, uint size)
    {
        Put32(image, OptionalOffset + 112 + 8 * index, rva);
        Put32(image, OptionalOffset + 116 + 8 * index, size);
    }

    public static void Put16(byte[] image, int at, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(at), value);

    public static void Put32(byte[] image, int at, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(at), value);

    public static void Put64(byte[] image, int at, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan(at), value);
}
