// SPDX-License-Identifier: GPL-3.0-or-later
using System.Collections.Generic;
using System.Linq;
using Austin.Python.Abi;
using Austin.Tests.Support;
using NUnit.Framework;
using AbiVersion = Austin.Python.Abi.PythonVersion;

namespace Austin.Tests.Unit.Abi;

/// <summary>
/// The windows-x64 layouts (LLP64) equal what the headers give once compiled for Windows x64 by MinGW-w64 and run
/// under Wine (Support/AbiProbe/WindowsAbiProbe.cs), for every minor version from 3.8 whose headers are here.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class WindowsAbiOffsetsTests
{
    [Test]
    public void On_windows_x64_every_offset_the_sampler_reads_matches_the_headers_compiled_for_Windows()
    {
        Wine.Require();
        IReadOnlyList<WindowsProbeResult> results = WindowsAbiProbe.All;
        TestContext.Out.WriteLine($"Windows ABI probe: {results.Count} header sets in {WindowsAbiProbe.Elapsed.TotalSeconds:F1} s");
        Assert.That(results, Is.Not.Empty, "no headers of CPython 3.8+ were found to compile for Windows");
        var failures = new List<string>();
        foreach (WindowsProbeResult result in results)
        {
            if (result.Headers is not HeaderLayout headers)
            {
                failures.Add($"{result.Version} ({result.Source}): {result.Failure}");
                continue;
            }
            AbiVersion v = AbiVersion.FromHex(headers.VersionHex);
            Layout? layout = TargetAbi.WindowsX64.LayoutOf(v);
            if (layout is null)
            {
                failures.Add($"{headers.Version}: austin has no windows-x64 layout");
                continue;
            }
            LayoutComparison comparison = LayoutComparison.Of(layout, headers);
            TestContext.Out.WriteLine($"  {headers.Version} from {result.Source}: {headers.Rows} rows, {comparison.Compared} offsets compared, {comparison.Mismatches.Count} mismatches");
            failures.AddRange(comparison.Mismatches.Select(m => $"{headers.Version} ({result.Source}): {m}"));
            if (comparison.Compared < 15) failures.Add($"{headers.Version}: only {comparison.Compared} offsets compared");
            // The LLP64 facts themselves, as the headers compiled for Windows state them.
            Assert.That(headers.TryGetOffset("PyThreadState", "thread_id", out _, out int idSize) ? idSize : 0, Is.EqualTo(4),
                $"{headers.Version}: thread_id is an unsigned long, 4 bytes on Windows");
        }
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
    }
}
