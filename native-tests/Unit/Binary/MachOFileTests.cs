// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using Austin.Binary;
using Austin.Platform;
using Austin.Platform.MacOS;
using NUnit.Framework;

namespace Austin.Tests.Unit.Binary;

/// <summary>
/// The Mach-O reader on images built byte by byte (<see cref="TinyMachO"/>): thin and universal, and broken ones,
/// which must give a status, never an exception. No Mac is needed, and none verified these against Apple's tools.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
internal sealed class MachOFileTests
{
    private const ulong Runtime = TinyMachO.DataAddress + 0x100;

    private static MachOStatus Open(byte[] image, int cpu, out MachOFile? file) => MachOFile.TryOpen(new MemoryElfSource(image), cpu, out file);

    private static MachOStatus Open(byte[] image, int cpu = TinyMachO.CpuArm64) => Open(image, cpu, out _);

    [Test]
    public void A_libpython_s_symbols_are_found_by_their_C_names_without_Darwin_s_underscore()
    {
        Assert.That(Open(TinyMachO.Build(TinyMachO.CpuArm64, TinyMachO.PythonSymbols(Runtime)), TinyMachO.CpuArm64, out MachOFile? file), Is.EqualTo(MachOStatus.Ok));
        using (file)
        {
            Assert.Multiple(() =>
            {
                Assert.That(file!.TryFindSymbol("_PyRuntime", out ulong runtime) ? runtime : 0, Is.EqualTo(Runtime));
                Assert.That(file.TryFindSymbol("Py_Version", out ulong version) ? version : 0, Is.EqualTo(TinyMachO.DataAddress + 0x10));
                Assert.That(file.TryFindSymbol("interp_head", out ulong head) ? head : 0, Is.EqualTo(TinyMachO.DataAddress + 0x20), "a local symbol (a static) is found too");
                Assert.That(file.TryFindSymbol("__PyRuntime", out _), Is.False, "the file's spelling is not the C name");
                Assert.That(file.TryFindSymbol("malloc", out _), Is.False, "an import is not a definition");
                Assert.That(file.TryFindSymbol("PyStab", out _), Is.False, "a debugger entry is not a symbol");
                Assert.That(file.NamesExternalStartingWith("Py_"), Is.True);
                Assert.That(file.NamesExternalStartingWith("mall"), Is.True, "imports count as names");
                Assert.That(file.NamesExternalStartingWith("interp"), Is.False, "a local symbol is not in the dynamic table");
                Assert.That(file.TryGetTextAddress(out ulong text) ? text : 0, Is.EqualTo(TinyMachO.TextAddress));
                Assert.That(file.TryFindDataSection("PyRuntime", out MachOSection section) ? section.Address : 0, Is.EqualTo(TinyMachO.PyRuntimeSection));
                Assert.That(file.TryFindDataSection("__text", out _), Is.False);
                Assert.That(file.Segments, Has.Count.EqualTo(2));
                Assert.That(file.Segments[1].InitialProtection & MachOFile.VM_PROT_WRITE, Is.Not.Zero, "__DATA is writable");
            });
        }
    }

    [Test]
    public void The_module_symbols_slide_every_address_by_where_dyld_put_the_header()
    {
        const ulong slide = 0x7_2340_0000;
        Assert.That(Open(TinyMachO.Build(TinyMachO.CpuX64, TinyMachO.PythonSymbols(Runtime)), TinyMachO.CpuX64, out MachOFile? file), Is.EqualTo(MachOStatus.Ok));
        using MachOModuleSymbols symbols = MachOModuleSymbols.Of(new LoadedModule("/opt/python/lib/libpython3.12.dylib", TinyMachO.TextAddress + slide), file!)!;
        Assert.Multiple(() =>
        {
            Assert.That(symbols.Slide, Is.EqualTo(slide));
            Assert.That(symbols.TryGetSymbol("_PyRuntime", out ulong runtime) ? runtime : 0, Is.EqualTo(Runtime + slide));
            Assert.That(symbols.TryGetDataSection("PyRuntime", out ulong section) ? section : 0, Is.EqualTo(TinyMachO.PyRuntimeSection + slide));
            Assert.That(symbols.NamesSymbolStartingWith("_Py"), Is.True);
        });
    }

    [Test]
    public void A_universal_file_is_read_at_the_slice_of_the_CPU_asked_for()
    {
        byte[] fat = TinyMachO.Fat(
            (TinyMachO.CpuX64, TinyMachO.Build(TinyMachO.CpuX64, TinyMachO.PythonSymbols(Runtime + 0x8))),
            (TinyMachO.CpuArm64, TinyMachO.Build(TinyMachO.CpuArm64, TinyMachO.PythonSymbols(Runtime + 0x18))));
        Assert.Multiple(() =>
        {
            Assert.That(Open(fat, TinyMachO.CpuX64, out MachOFile? x64), Is.EqualTo(MachOStatus.Ok));
            using (x64) Assert.That(x64!.TryFindSymbol("_PyRuntime", out ulong a) ? a : 0, Is.EqualTo(Runtime + 0x8));
            Assert.That(Open(fat, TinyMachO.CpuArm64, out MachOFile? arm64), Is.EqualTo(MachOStatus.Ok));
            using (arm64)
            {
                Assert.That(arm64!.CpuType, Is.EqualTo(TinyMachO.CpuArm64));
                Assert.That(arm64.TryFindSymbol("_PyRuntime", out ulong b) ? b : 0, Is.EqualTo(Runtime + 0x18), "the symbol table's offsets are the slice's");
            }
            Assert.That(Open(TinyMachO.Fat((TinyMachO.CpuX64, TinyMachO.Build(TinyMachO.CpuX64, []))), TinyMachO.CpuArm64), Is.EqualTo(MachOStatus.Unsupported), "no slice for the CPU");
        });
    }

    [Test]
    public void A_thin_file_of_another_CPU_is_unsupported_not_misread()
    {
        Assert.That(Open(TinyMachO.Build(TinyMachO.CpuX64, TinyMachO.PythonSymbols(Runtime)), TinyMachO.CpuArm64), Is.EqualTo(MachOStatus.Unsupported));
    }

    [Test]
    public void An_image_without_symbols_opens_and_finds_none()
    {
        Assert.That(Open(TinyMachO.Build(TinyMachO.CpuArm64, []), TinyMachO.CpuArm64, out MachOFile? file), Is.EqualTo(MachOStatus.Ok));
        using (file) Assert.That(file!.TryFindSymbol("_PyRuntime", out _), Is.False);
    }

    private static byte[] Patched(byte[] image, int offset, params byte[] bytes)
    {
        byte[] copy = (byte[])image.Clone();
        bytes.CopyTo(copy, offset);
        return copy;
    }

    private static readonly byte[] Good = TinyMachO.Build(TinyMachO.CpuArm64, TinyMachO.PythonSymbols(Runtime));

    [TestCase(0, TestName = "An empty file is not Mach-O")]
    [TestCase(7, TestName = "Seven bytes are not Mach-O")]
    [TestCase(31, TestName = "A header cut short is not Mach-O")]
    [TestCase(100, TestName = "Load commands cut short are invalid")]
    [TestCase(300, TestName = "A symbol table cut short is invalid")]
    public void A_truncated_image_gives_a_status(int length)
    {
        MachOStatus status = Open(Good.AsSpan(0, Math.Min(length, Good.Length)).ToArray());
        Assert.That(status, Is.Not.EqualTo(MachOStatus.Ok));
        Assert.That(status, length < 32 ? Is.EqualTo(MachOStatus.NotMachO) : Is.EqualTo(MachOStatus.Invalid));
    }

    [Test]
    public void Forged_counts_and_sizes_give_Invalid_without_allocating_what_they_claim()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Open(TinyMachO.Build(TinyMachO.CpuArm64, [], commandCount: 1000)), Is.EqualTo(MachOStatus.Invalid), "more commands than their bytes hold");
            Assert.That(Open(TinyMachO.Build(TinyMachO.CpuArm64, [], sizeOfCommands: 0xffff_fff0)), Is.EqualTo(MachOStatus.Invalid), "sizeofcmds beyond the file");
            Assert.That(Open(TinyMachO.Build(TinyMachO.CpuArm64, TinyMachO.PythonSymbols(Runtime), symbolCount: 0x7fff_ffff)), Is.EqualTo(MachOStatus.Invalid), "nsyms beyond the file");
            Assert.That(Open(TinyMachO.Build(TinyMachO.CpuArm64, TinyMachO.PythonSymbols(Runtime), stringSize: 0xffff_ffff)), Is.EqualTo(MachOStatus.Invalid), "strsize beyond the file");
            // cmdsize 0 would loop for ever on the same command.
            Assert.That(Open(Patched(Good, 32 + 4, 0, 0, 0, 0)), Is.EqualTo(MachOStatus.Invalid), "a load command of size 0");
            // nsects of __DATA forged beyond its cmdsize.
            Assert.That(Open(Patched(Good, 32 + 72 + 64, 0xff, 0, 0, 0)), Is.EqualTo(MachOStatus.Invalid), "more sections than the command holds");
            // A fat header that claims 2^31 slices is not a fat file (Java's class files start with 0xcafebabe too).
            Assert.That(Open([0xca, 0xfe, 0xba, 0xbe, 0x80, 0, 0, 0]), Is.EqualTo(MachOStatus.NotMachO));
            Assert.That(Open([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 0x34, 0, 0x37]), Is.EqualTo(MachOStatus.NotMachO), "a Java class file (version 52)");
            // A slice that lies beyond the file.
            byte[] fat = TinyMachO.Fat((TinyMachO.CpuArm64, Good));
            Assert.That(Open(Patched(fat, 8 + 12, 0x7f, 0, 0, 0)), Is.EqualTo(MachOStatus.Invalid));
        });
    }

    [TestCase(0xfeedfaceu, ExpectedResult = MachOStatus.Unsupported, TestName = "A 32-bit Mach-O is unsupported")]
    [TestCase(0xcffaedfeu, ExpectedResult = MachOStatus.Unsupported, TestName = "A big-endian Mach-O is unsupported")]
    [TestCase(0x464c457fu, ExpectedResult = MachOStatus.NotMachO, TestName = "An ELF file is not Mach-O")]
    public MachOStatus Other_magics(uint magic) => Open(TinyMachO.Build(TinyMachO.CpuArm64, [], magic: magic));

    [Test]
    public void A_name_offset_past_the_string_table_or_unterminated_is_skipped()
    {
        TinyMachO.Symbol[] symbols = [new("__PyRuntime", TinyMachO.Exported, Runtime), new("_Py_Version", TinyMachO.Exported, 1)];
        byte[] image = TinyMachO.Build(TinyMachO.CpuArm64, symbols);
        // The first nlist's n_strx (the symbol table follows the commands at an 8-byte boundary).
        int symbolOffset = (32 + 72 + 72 + 160 + 24 + 7) & ~7;
        Assert.That(Open(Patched(image, symbolOffset, 0xff, 0xff, 0, 0), TinyMachO.CpuArm64, out MachOFile? file), Is.EqualTo(MachOStatus.Ok));
        using (file)
        {
            Assert.That(file!.TryFindSymbol("_PyRuntime", out _), Is.False);
            Assert.That(file.TryFindSymbol("Py_Version", out _), Is.True);
        }
    }
}
