// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd;

/// <summary>
/// Distributions strip their binaries: <c>strip --strip-all</c> removes .symtab and with it interp_head
/// (2.7, 3.6), so austin must find the interpreter another way (the machine code of
/// PyInterpreterState_Head(), internals doc §2.5), and still read the exact stack.
/// </summary>
[TestFixture]
public sealed class StrippedLibraryTests : ExactEndToEndFixture
{
    public static IEnumerable<TestCaseData> SharedBuilds()
    {
        bool any = false;
        foreach (Interpreter python in Interpreters.All.Where(p => p.PyenvVersion is not null))
        {
            string lib = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(python.Path))!, "lib");
            string? so = Directory.Exists(lib)
                ? Directory.EnumerateFiles(lib, "libpython*.so.1.0").FirstOrDefault()
                : null;
            if (so is null) continue;
            any = true;
            yield return new TestCaseData(python, so).SetArgDisplayNames(python.DisplayName);
        }
        if (!any)
            yield return new TestCaseData(null, null).SetArgDisplayNames("no shared-library build found");
    }

    [TestCaseSource(nameof(SharedBuilds))]
    public void AStrippedLibpythonIsSampledExactly(Interpreter? python, string? library)
    {
        if (python is null || library is null) Assert.Ignore("no shared-library build of CPython on this machine");
        string scratch = Directory.CreateTempSubdirectory("austin-stripped-").FullName;
        try
        {
            string copy = Path.Combine(scratch, Path.GetFileName(library));
            File.Copy(library, copy);
            ProcessResult strip = ProcessRunner.Run(["strip", "--strip-all", copy], TimeSpan.FromSeconds(60));
            if (strip.ExitCode != 0) Assert.Ignore("strip is not available: " + strip.Describe());
            ProcessResult symbols = ProcessRunner.Run(["readelf", "-S", copy], TimeSpan.FromSeconds(30));
            Assert.That(symbols.StandardOutput, Does.Not.Contain(".symtab"), "the copy still has .symtab");

            // RUNPATH (not RPATH) points at the original lib/, and LD_LIBRARY_PATH wins over RUNPATH.
            var environment = PythonEnvironment.With(("LD_LIBRARY_PATH", scratch));
            ProcessResult loaded = ProcessRunner.Run([python.Path, "-c", "print(open('/proc/self/maps').read())"], TimeSpan.FromSeconds(30), environment);
            Assert.That(loaded.StandardOutput, Does.Contain(copy), "the interpreter did not load the stripped copy");
            string oracle = Path.Combine(scratch, "oracle.json");
            ProcessResult run = AustinBinary.Run(
                ["-i", "1000", python.Path, .. TinyTarget.Arguments(oracle, 1.0, "stderr")], TimeSpan.FromSeconds(30), environment);
            Assert.That(run.ExitCode, Is.Zero, run.Describe());
            IReadOnlyList<Sample> samples = Collapsed.Parse(run.StandardOutput, CollapsedFormat.Normal);

            StackPattern expected = TinyTarget.ParkedStack();
            Assert.That(samples.Any(s => !s.IsBad && expected.Matches(s.Frames)), Is.True,
                $"no sample shows {expected}; first lines:\n{ProcessRunner.Head(run.StandardOutput)}");
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
