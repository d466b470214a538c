// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.IO;
using System.Linq;
using Austin.Binary;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.Unit.Binary;

/// <summary>
/// The PE reader finds what discovery asks of python3X.dll and python.exe (exports, imports, the PyRuntime section,
/// the writable sections) in an image built byte by byte and in a DLL that MinGW-w64 links, and refuses broken ones
/// with a false, never an exception.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
internal sealed class PeFileTests
{
    private static PeFile Load(byte[] image)
    {
        Assert.That(PeFile.TryLoad(image, out PeFile? pe), Is.True);
        return pe!;
    }

    [Test]
    public void The_tiny_image_gives_its_exports_imports_and_sections()
    {
        using PeFile pe = Load(TinyPe.Build());
        Assert.Multiple(() =>
        {
            Assert.That((pe.Machine, pe.ImageBase), Is.EqualTo((PeFile.MachineAmd64, 0x1_8000_0000UL)));
            Assert.That(pe.TryGetExport("_PyRuntime", out uint runtime) ? runtime : 0, Is.EqualTo(TinyPe.RuntimeRva));
            Assert.That(pe.TryGetExport("Py_Version", out uint version) ? version : 0, Is.EqualTo(TinyPe.PyVersionRva));
            Assert.That(pe.TryGetExport("PyInterpreterState_Head", out uint head) ? head : 0, Is.EqualTo(TinyPe.HeadFunctionRva));
            Assert.That(pe.TryGetExport("Py_Forwarded", out _), Is.False, "a forwarder is another module's symbol");
            Assert.That(pe.TryGetExport("_PyRun", out _), Is.False, "a prefix is not a name");
            Assert.That(pe.ImportNames, Is.EqualTo(new[] { "Py_Main" }), "imports by ordinal have no name");
            Assert.That(pe.TryFindSection("PyRuntime", out PeSection section) ? section.VirtualAddress : 0, Is.EqualTo(TinyPe.RuntimeRva),
                "PE keeps the first 8 characters of a section's name");
            Assert.That(pe.Sections.ToArray().Where(s => s.IsWritable).Select(s => s.Name), Is.EqualTo(new[] { ".data", "PyRuntim" }));
        });
    }

    [Test]
    public void Images_that_are_not_PE32_plus_are_refused()
    {
        byte[] notMz = TinyPe.Build();
        notMz[0] = (byte)'Z';
        byte[] pe32 = TinyPe.Build();
        TinyPe.Put16(pe32, TinyPe.OptionalOffset, 0x10b);
        byte[] badSignature = TinyPe.Build();
        badSignature[TinyPe.PeOffset + 2] = 1;
        byte[] pointerPastEnd = TinyPe.Build();
        TinyPe.Put32(pointerPastEnd, 0x3c, 0x7fff_fff0);
        foreach (byte[] image in new[] { notMz, pe32, badSignature, pointerPastEnd, [], new byte[10], TinyPe.Build()[..0x100] })
            Assert.That(PeFile.TryLoad(image, out _), Is.False);
    }

    [Test]
    public void Forged_counts_and_addresses_give_no_symbols_and_no_exception()
    {
        byte[] hugeCounts = TinyPe.Build();
        TinyPe.Put32(hugeCounts, TinyPe.ExportCounts, 0xffff_ffff);
        TinyPe.Put32(hugeCounts, TinyPe.ExportCounts + 4, 0xffff_ffff);
        using (PeFile pe = Load(hugeCounts))
            Assert.That(pe.TryGetExport("_PyRuntime", out _), Is.False);

        byte[] tablesOutside = TinyPe.Build();
        TinyPe.Put32(tablesOutside, TinyPe.ExportCounts + 8, 0x7000_0000);   // AddressOfFunctions in no section
        using (PeFile pe = Load(tablesOutside))
            Assert.That(pe.TryGetExport("_PyRuntime", out _), Is.False);

        byte[] tooManySections = TinyPe.Build();
        TinyPe.Put16(tooManySections, TinyPe.PeOffset + 6, 0xffff);
        Assert.That(PeFile.TryLoad(tooManySections, out _), Is.False);
    }

    [Test]
    public void Every_truncation_of_the_image_loads_or_fails_without_an_exception()
    {
        byte[] image = TinyPe.Build();
        for (int length = 0; length <= image.Length; length += 61)
        {
            if (!PeFile.TryLoad(image.AsMemory(0, length), out PeFile? pe)) continue;
            using (pe)
            {
                pe!.TryGetExport("_PyRuntime", out _);
                _ = pe.ImportNames.Count;
            }
        }
    }

    [Test]
    public void A_DLL_linked_by_MinGW_gives_the_exports_and_the_section_that_the_C_source_declares()
    {
        if (Wine.WhyNoCompiler is string why)
        {
            TestContext.Progress.WriteLine($"SKIPPED, no PE file can be linked here: {why}");
            Assert.Ignore(why);
        }
        string directory = Directory.CreateTempSubdirectory("austin-pe-").FullName;
        try
        {
            string source = Path.Combine(directory, "tiny.c"), dll = Path.Combine(directory, "python312.dll");
            File.WriteAllText(source, """
                __declspec(dllexport) __attribute__((section("PyRuntime"))) char _PyRuntime[4096] = {1};
                __declspec(dllexport) const unsigned long Py_Version = 0x030C01F0;
                __declspec(dllexport) int Py_Main(int argc, void **argv) { return argc; }
                """);
            Wine.CompileC(["-shared", "-O1", "-o", dll, source]);
            Assert.That(PeFile.TryOpen(dll, out PeFile? pe), Is.True);
            using (pe)
            {
                Assert.That(pe!.Machine, Is.EqualTo(PeFile.MachineAmd64));
                Assert.That(pe.TryFindSection("PyRuntime", out PeSection runtimeSection), Is.True);
                Assert.That(pe.TryGetExport("_PyRuntime", out uint runtime) ? runtime : 0, Is.EqualTo(runtimeSection.VirtualAddress));
                Assert.That(pe.TryGetExport("Py_Version", out uint version), Is.True);
                PeSection data = pe.Sections.ToArray().Single(s => version >= s.VirtualAddress && version < s.VirtualAddress + s.VirtualSize);
                Assert.That(data.Name, Is.EqualTo(".rdata"), "a const is read-only data");
                Assert.That(pe.ExportNames, Is.SupersetOf(new[] { "Py_Main", "Py_Version", "_PyRuntime" }));
                Assert.That(pe.ImportNames, Does.Contain("malloc").Or.Contain("VirtualProtect").Or.Contain("ExitProcess"),
                    "MinGW's start-up code imports from the C runtime and kernel32");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
