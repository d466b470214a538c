// SPDX-License-Identifier: GPL-3.0-or-later
using System.Collections.Generic;
using System.Linq;
using Austin.Python.Abi;
using Austin.Tests.Support;
using NUnit.Framework;
using AbiVersion = Austin.Python.Abi.PythonVersion;

namespace Austin.Tests.Unit.Abi;

/// <summary>
/// Every offset our layout table gives the sampler equals the one measured by compiling
/// Support/AbiProbe/abi_probe.c against the installed interpreters' own headers, for every installed
/// interpreter that has its headers.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class AbiOffsetsTests
{
    [Test]
    public void The_headers_of_at_least_one_interpreter_were_measured()
    {
        IReadOnlyList<AbiProbeResult> results = AbiProbe.All;
        List<AbiProbeResult> measured = results.Where(r => r.Headers is not null).ToList();
        TestContext.Out.WriteLine(
            $"ABI probe: {results.Count} interpreters, {measured.Count} measured ({measured.Sum(r => r.Headers!.Rows)} rows) in {AbiProbe.Elapsed.TotalSeconds:F1} s");
        foreach (AbiProbeResult result in results.Where(r => r.Headers is null))
            TestContext.Out.WriteLine("  not measured: " + (result.Skipped ?? result.Failure));
        Assert.That(measured, Is.Not.Empty,
            "no interpreter's headers could be measured, so no offset was checked: " +
            (results.Count == 0 ? "no interpreter found" : string.Join("; ", results.Select(r => r.Skipped ?? r.Failure))));
    }

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void Every_offset_the_sampler_reads_matches_the_headers(Interpreter python)
    {
        HeaderLayout headers = AbiProbe.HeadersOf(python);
        Layout? layout = AbiTypes.Host.LayoutOf(new AbiVersion(python.Version.Major, python.Version.Minor, python.Version.Micro));
        Assert.That(layout, Is.Not.Null, $"austin has no layout for {python.Version}");
        Layout l = layout!;
        if (l.NeedsDebugOffsets || !headers.IsReleaseBuild)
            Assert.Ignore($"{python}: austin takes this build's offsets from its _Py_DebugOffsets, which DebugOffsetsHeadersTests checks against these headers");

        LayoutComparison comparison = LayoutComparison.Of(l, headers);
        TestContext.Out.WriteLine($"{python}: {comparison.Compared} offsets compared");
        Assert.That(comparison.Mismatches, Is.Empty, string.Join("\n", comparison.Mismatches));
        Assert.That(comparison.Compared, Is.GreaterThanOrEqualTo(15), "too few offsets were compared to mean anything");
        Assert.That(l.Inconsistency(), Is.Null, "the layout reads a field outside the bytes it reads");
        // The sizes we read must cover the fields we read in them.
        Assert.That(l.Thread.Size, Is.GreaterThanOrEqualTo(new[] { l.Thread.Next, l.Thread.Interp, l.Thread.Frame, l.Thread.Id, l.Thread.NativeId }.Max() + 8));
        Assert.That(l.Frame.Size, Is.GreaterThanOrEqualTo(new[] { l.Frame.Back + 8, l.Frame.Code + 8, l.Frame.Instr + 4, l.Frame.Owner + 1 }.Max()));
        Assert.That(l.Code.Size, Is.GreaterThanOrEqualTo(new[] { l.Code.Filename, l.Code.Name, l.Code.Qualname, l.Code.LineTable }.Max() + 8));
    }
}
