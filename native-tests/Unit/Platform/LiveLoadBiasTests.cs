// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Austin.Binary;
using Austin.Platform.Linux;
using Austin.Tests.Unit.Binary;
using NUnit.Framework;

namespace Austin.Tests.Unit.Platform;

/// <summary>
/// The load-bias recipe of cpython-internals.md §2.2 end to end: a live interpreter says (through
/// <c>dlsym</c>, i.e. ctypes) where its symbols are; the maps of that process plus the ELF reader must
/// compute the same addresses.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
internal sealed class LiveLoadBiasTests
{
    private const string Script = """
        import ctypes, sys
        api = ctypes.pythonapi
        head = ctypes.cast(api.PyInterpreterState_Head, ctypes.c_void_p).value
        try:
            runtime = ctypes.addressof(ctypes.c_char.in_dll(api, "_PyRuntime"))
        except ValueError:
            runtime = 0
        sys.stdout.write("%d %d\n" % (head, runtime))
        sys.stdout.flush()
        sys.stdin.read()
        """;

    private static IEnumerable<TestCaseData> Binaries() => PythonBinary.Cases();

    [TestCaseSource(nameof(Binaries))]
    public void Bias_plus_symbol_value_is_the_address_the_interpreter_reports(PythonBinary? binary)
    {
        PythonBinary b = PythonBinary.Require(binary);
        string executable = b.IsStaticExecutable ? b.Path : Path.Combine(Path.GetDirectoryName(b.Path)!, "..", "bin", "python");
        var psi = new ProcessStartInfo(executable) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-E");
        psi.ArgumentList.Add("-S");
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(Script);
        using Process python = Process.Start(psi)!;
        try
        {
            string[] reported = (python.StandardOutput.ReadLine() ?? "").Split(' ');
            Assert.That(reported, Has.Length.EqualTo(2), "the interpreter printed no addresses");
            ulong headAddress = ulong.Parse(reported[0], CultureInfo.InvariantCulture);
            ulong runtimeAddress = ulong.Parse(reported[1], CultureInfo.InvariantCulture);

            var maps = new List<MemoryMapping>();
            Assert.That(ProcMaps.TryRead(python.Id, maps), Is.EqualTo(ProcMapsStatus.Ok));
            // The kernel shows the canonical path; find the mapping by file name rather than by our spelling of it.
            string? mapped = maps.Select(m => m.Path).FirstOrDefault(p => p is not null && Path.GetFileName(p) == Path.GetFileName(b.Path));
            Assert.That(mapped, Is.Not.Null, $"{b.Path} is not mapped by {executable}");

            ElfStatus status = ElfFile.TryOpen(b.Path, out ElfFile? elf);
            Assert.That(status, Is.EqualTo(ElfStatus.Ok));
            using (elf)
            {
                Assert.That(elf!.TryGetFirstLoadSegment(out ElfProgramHeader first), Is.True);
                ulong pageOffset = first.Offset & ~(ulong)(Environment.SystemPageSize - 1);
                Assert.That(ProcMaps.TryFindLowestStart(maps.ToArray(), mapped!, pageOffset, out ulong start), Is.True);
                Assert.That(elf.TryGetLoadBias(start, out ulong bias), Is.True);

                Assert.That(elf.TryFindSymbol("PyInterpreterState_Head"u8, out ElfSymbol head), Is.True);
                TestContext.Out.WriteLine($"{mapped}: first mapping 0x{start:x}, bias 0x{bias:x}, PyInterpreterState_Head 0x{headAddress:x}, _PyRuntime 0x{runtimeAddress:x}");
                Assert.Multiple(() =>
                {
                    Assert.That(bias + head.Value, Is.EqualTo(headAddress), "PyInterpreterState_Head");
                    if (b.IsStaticExecutable)
                        Assert.That(bias, Is.Zero, "ET_EXEC");
                    if (elf.TryFindSymbol("_PyRuntime"u8, ElfSymbolTableKind.Dynamic, out ElfSymbol runtime))
                        Assert.That(bias + runtime.Value, Is.EqualTo(runtimeAddress), "_PyRuntime");
                    if (elf.TryFindSection(".PyRuntime"u8, out ElfSection section))
                        Assert.That(bias + section.Address, Is.EqualTo(runtimeAddress), ".PyRuntime");
                    Assert.That(maps.Any(m => m.Path == mapped && m.Contains(headAddress) && m.Permissions.HasFlag(MapPermissions.Execute)), Is.True,
                        "the function lies in an executable mapping of the file");
                });
            }
        }
        finally
        {
            python.StandardInput.Close();
            if (!python.WaitForExit(10_000))
                python.Kill();
        }
    }
}
