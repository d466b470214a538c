// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Austin.Binary;
using NUnit.Framework;

namespace Austin.Tests.Unit.Binary;

/// <summary>
/// The ELF reader on the interpreters of this machine, checked against readelf and against the facts
/// of cpython-internals.md §2.2–2.3.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
internal sealed class RealBinariesTests
{
    private static IEnumerable<TestCaseData> Binaries() => PythonBinary.Cases();

    private static ElfFile Open(PythonBinary binary)
    {
        ElfStatus status = ElfFile.TryOpen(binary.Path, out ElfFile? elf);
        Assert.That(status, Is.EqualTo(ElfStatus.Ok), binary.Path);
        return elf!;
    }

    [TestCaseSource(nameof(Binaries))]
    public void The_file_type_and_first_load_segment_agree_with_readelf(PythonBinary? binary)
    {
        PythonBinary b = PythonBinary.Require(binary);
        using ElfFile elf = Open(b);
        (ulong Offset, ulong VirtualAddress) lowest = Readelf.LoadSegments(b.Path).MinBy(l => l.VirtualAddress);

        Assert.That(elf.TryGetFirstLoadSegment(out ElfProgramHeader first), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(elf.Type, Is.EqualTo(Readelf.FileType(b.Path) == "EXEC" ? ElfType.Executable : ElfType.SharedObject));
            Assert.That((first.Offset, first.VirtualAddress), Is.EqualTo(lowest));
            Assert.That(elf.Machine, Is.EqualTo(62), "x86-64");
            if (b.IsStaticExecutable)
            {
                // Debian's python3.11: a non-PIE executable linked at 0x400000, so its bias is 0.
                Assert.That(elf.Type, Is.EqualTo(ElfType.Executable));
                Assert.That(first.VirtualAddress, Is.EqualTo(0x400000UL));
                Assert.That(elf.TryGetLoadBias(0x400000, out ulong bias) && bias == 0, Is.True);
            }
            else
            {
                Assert.That(elf.Type, Is.EqualTo(ElfType.SharedObject));
                Assert.That((first.Offset, first.VirtualAddress), Is.EqualTo((0UL, 0UL)));
                Assert.That(elf.TryGetLoadBias(0x7ff912e00000, out ulong bias) && bias == 0x7ff912e00000, Is.True);
            }
        });
    }

    [TestCaseSource(nameof(Binaries))]
    public void Every_section_header_agrees_with_readelf(PythonBinary? binary)
    {
        PythonBinary b = PythonBinary.Require(binary);
        using ElfFile elf = Open(b);
        List<ReadelfSection> expected = Readelf.Sections(b.Path);
        var actual = new List<ReadelfSection>();
        foreach (ElfSection s in elf.Sections)
            actual.Add(new ReadelfSection(s.Index, Encoding.UTF8.GetString(elf.GetSectionName(s)), s.Address, s.Offset, s.Size));
        Assert.That(actual, Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(Binaries))]
    public void Every_symbol_of_both_tables_agrees_with_readelf(PythonBinary? binary)
    {
        PythonBinary b = PythonBinary.Require(binary);
        using ElfFile elf = Open(b);
        Dictionary<string, List<ReadelfSymbol>> expected = Readelf.Symbols(b.Path);
        Assert.Multiple(() =>
        {
            foreach ((ElfSymbolTableKind kind, string name) in new[] { (ElfSymbolTableKind.Dynamic, ".dynsym"), (ElfSymbolTableKind.Static, ".symtab") })
            {
                Assert.That(elf.HasSymbolTable(kind), Is.EqualTo(expected.ContainsKey(name)), name);
                List<ReadelfSymbol> want = expected.TryGetValue(name, out List<ReadelfSymbol>? list) ? list.Skip(1).ToList() : [];
                Assert.That(Symbols(elf, kind), Is.EqualTo(want), name);
            }
        });
    }

    [TestCaseSource(nameof(Binaries))]
    public void Lookups_by_name_find_the_value_readelf_prints(PythonBinary? binary)
    {
        PythonBinary b = PythonBinary.Require(binary);
        using ElfFile elf = Open(b);
        Dictionary<string, List<ReadelfSymbol>> tables = Readelf.Symbols(b.Path);
        int looked = 0;
        Assert.Multiple(() =>
        {
            foreach ((ElfSymbolTableKind kind, string name) in new[] { (ElfSymbolTableKind.Dynamic, ".dynsym"), (ElfSymbolTableKind.Static, ".symtab") })
            {
                if (!tables.TryGetValue(name, out List<ReadelfSymbol>? symbols))
                    continue;
                // Names defined exactly once in the table (statics repeat across files), every 40th of them.
                List<ReadelfSymbol> unique = symbols.Where(s => s.Name.Length > 0 && s.SectionIndex != 0)
                    .GroupBy(s => s.Name, StringComparer.Ordinal).Where(g => g.Count() == 1).Select(g => g.First()).ToList();
                for (int i = 0; i < unique.Count; i += 40)
                {
                    looked++;
                    ReadelfSymbol want = unique[i];
                    bool found = elf.TryFindSymbol(Encoding.UTF8.GetBytes(want.Name), kind, out ElfSymbol got);
                    Assert.That(found && got.Value == want.Value && got.Size == want.Size, Is.True, $"{name} {want.Name}");
                }
                Assert.That(elf.TryFindSymbol("no_such_symbol_anywhere"u8, kind, out _), Is.False);
            }
        });
        Assert.That(looked, Is.GreaterThan(20));
    }

    [TestCaseSource(nameof(Binaries))]
    public void The_runtime_anchor_is_where_the_version_puts_it(PythonBinary? binary)
    {
        PythonBinary b = PythonBinary.Require(binary);
        using ElfFile elf = Open(b);
        bool hasRuntime = elf.TryFindSymbol("_PyRuntime"u8, ElfSymbolTableKind.Dynamic, out ElfSymbol runtime);
        bool hasSection = elf.TryFindSection(".PyRuntime"u8, out ElfSection section);
        Assert.Multiple(() =>
        {
            Assert.That(hasRuntime, Is.EqualTo(b.AtLeast(3, 7)), "_PyRuntime in .dynsym from 3.7");
            Assert.That(hasSection, Is.EqualTo(b.AtLeast(3, 10)), ".PyRuntime section from 3.10");
            if (hasRuntime && hasSection)
                Assert.That(section.Address, Is.EqualTo(runtime.Value), ".PyRuntime's sh_addr is _PyRuntime");
            if (!b.AtLeast(3, 7))
            {
                Assert.That(elf.TryFindSymbol("interp_head"u8, ElfSymbolTableKind.Dynamic, out _), Is.False, "interp_head is static");
                Assert.That(elf.TryFindSymbol("interp_head"u8, ElfSymbolTableKind.Static, out ElfSymbol head), Is.True, "interp_head in .symtab");
                Assert.That(head.Binding, Is.EqualTo(ElfSymbolBinding.Local));
                Assert.That(head.Type, Is.EqualTo(ElfSymbolType.Object));
                Assert.That(elf.TryFindSymbol("interp_head"u8, out ElfSymbol either) && either == head, Is.True, "the two-table lookup falls back to .symtab");
            }
            Assert.That(elf.TryFindSymbol("PyInterpreterState_Head"u8, ElfSymbolTableKind.Dynamic, out ElfSymbol function), Is.True);
            Assert.That(function.Type, Is.EqualTo(ElfSymbolType.Function));
            if (b.IsStaticExecutable)
                Assert.That(elf.HasSymbolTable(ElfSymbolTableKind.Static), Is.False, "Debian strips its executable");
        });
    }

    [Test]
    public void Reading_an_image_in_memory_gives_what_reading_the_file_gives()
    {
        PythonBinary b = PythonBinary.Require(PythonBinary.All.OrderBy(x => new FileInfo(x.Path).Length).FirstOrDefault());
        using ElfFile fromFile = Open(b);
        Assert.That(ElfFile.TryLoad(File.ReadAllBytes(b.Path), out ElfFile? fromMemory), Is.EqualTo(ElfStatus.Ok));
        using (fromMemory)
        {
            Assert.Multiple(() =>
            {
                Assert.That(fromMemory!.Type, Is.EqualTo(fromFile.Type));
                Assert.That(fromMemory.ProgramHeaders.ToArray(), Is.EqualTo(fromFile.ProgramHeaders.ToArray()));
                Assert.That(fromMemory.Sections.ToArray(), Is.EqualTo(fromFile.Sections.ToArray()));
                foreach (ElfSymbolTableKind kind in new[] { ElfSymbolTableKind.Dynamic, ElfSymbolTableKind.Static })
                    Assert.That(Symbols(fromMemory, kind), Is.EqualTo(Symbols(fromFile, kind)), kind.ToString());
            });
        }
    }

    private static List<ReadelfSymbol> Symbols(ElfFile elf, ElfSymbolTableKind kind)
    {
        var list = new List<ReadelfSymbol>();
        foreach (ElfSymbolEntry e in elf.EnumerateSymbols(kind))
        {
            ElfSymbol s = e.Symbol;
            list.Add(new ReadelfSymbol(e.Index, s.Value, s.Size, TypeName(s.Type), BindingName(s.Binding), s.SectionIndex, Encoding.UTF8.GetString(e.Name)));
        }
        return list;
    }

    // readelf's spelling of st_info.
    private static string TypeName(ElfSymbolType t) => t switch
    {
        ElfSymbolType.NoType => "NOTYPE",
        ElfSymbolType.Object => "OBJECT",
        ElfSymbolType.Function => "FUNC",
        ElfSymbolType.Section => "SECTION",
        ElfSymbolType.File => "FILE",
        ElfSymbolType.Common => "COMMON",
        ElfSymbolType.Tls => "TLS",
        (ElfSymbolType)10 => "IFUNC",
        _ => ((int)t).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string BindingName(ElfSymbolBinding b) => b switch
    {
        ElfSymbolBinding.Local => "LOCAL",
        ElfSymbolBinding.Global => "GLOBAL",
        ElfSymbolBinding.Weak => "WEAK",
        ElfSymbolBinding.GnuUnique => "UNIQUE",
        _ => ((int)b).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
