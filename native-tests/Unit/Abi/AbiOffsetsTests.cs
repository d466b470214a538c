// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Austin.Python.Abi;
using NUnit.Framework;

namespace Austin.Tests.Unit.Abi;

/// <summary>
/// Every offset our ABI structs give the sampler equals the one measured by compiling C against the installed
/// interpreters' own headers (shared/tools/abi-probe/run.sh), for every installed version.
/// </summary>
[TestFixture]
public sealed class AbiOffsetsTests
{
    private static Dictionary<string, Dictionary<string, (int Offset, int Size)>>? s_measured;

    /// <summary>Runs the probe once and groups its rows by interpreter version.</summary>
    private static Dictionary<string, Dictionary<string, (int Offset, int Size)>> Measured()
    {
        if (s_measured is not null) return s_measured;
        string runSh = Path.Combine(Repo.SharedDirectory(), "tools", "abi-probe", "run.sh");
        Assert.That(File.Exists(runSh), Is.True, $"the ABI probe is missing: {runSh}");
        var start = new ProcessStartInfo("bash", [runSh]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process p = Process.Start(start)!;
        string stdout = p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        Assert.That(p.WaitForExit(120_000), Is.True, "run.sh did not finish in 2 minutes");
        var result = new Dictionary<string, Dictionary<string, (int, int)>>();
        foreach (string line in stdout.Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            string[] f = line.Split(' ');
            if (f.Length != 5) continue;
            if (!result.TryGetValue(f[0], out var rows)) result[f[0]] = rows = new();
            rows[f[1] + "." + f[2]] = (int.Parse(f[3]), int.Parse(f[4]));
        }
        return s_measured = result;
    }

    public static IEnumerable<TestCaseData> MeasuredVersions()
    {
        var versions = Measured().Keys.ToList();
        if (versions.Count == 0)
        {
            yield return new TestCaseData("none").SetName("The ABI probe measured at least one interpreter");
            yield break;
        }
        foreach (string v in versions)
            yield return new TestCaseData(v).SetName($"Every offset the sampler reads matches the headers of Python {v}");
    }

    [TestCaseSource(nameof(MeasuredVersions))]
    public void Offsets_match_the_measured_headers(string version)
    {
        Assert.That(version, Is.Not.EqualTo("none"), "run.sh found no interpreter with headers: nothing was checked");
        Dictionary<string, (int Offset, int Size)> rows = Measured()[version];
        Assert.That(PythonVersion.TryParse(version, out PythonVersion v), Is.True);
        Layout? layout = VersionTable.For(v);
        Assert.That(layout, Is.Not.Null, $"no layout for {version}");

        var mismatches = new List<string>();
        int checkedCount = 0;
        void Check(string what, int ours, params string[] candidates)
        {
            if (ours < 0) return;   // the sampler does not read this field on this version
            string? key = candidates.FirstOrDefault(rows.ContainsKey);
            if (key is null) { mismatches.Add($"{what}: we read offset {ours} but the probe measured none of {string.Join(", ", candidates)}"); return; }
            int measured = key.EndsWith(".__sizeof__", StringComparison.Ordinal) ? rows[key].Size : rows[key].Offset;
            checkedCount++;
            if (measured != ours) mismatches.Add($"{what} ({key}): ours {ours}, measured {measured}");
        }

        Layout l = layout!;
        Check(nameof(l.RuntimeInterpretersHead), l.RuntimeInterpretersHead, "_PyRuntimeState.interpreters.head");
        Check(nameof(l.RuntimeGilLastHolder), l.RuntimeGilLastHolder, "_PyRuntimeState.ceval.gil.last_holder");
        Check(nameof(l.RuntimeGilLocked), l.RuntimeGilLocked, "_PyRuntimeState.ceval.gil.locked");
        Check(nameof(l.RuntimeTstateCurrent), l.RuntimeTstateCurrent, "_PyRuntimeState.gilstate.tstate_current");
        Check(nameof(l.InterpNext), l.InterpNext, "PyInterpreterState.next");
        Check(nameof(l.InterpThreadsHead), l.InterpThreadsHead, "PyInterpreterState.tstate_head", "PyInterpreterState.threads.head");
        Check(nameof(l.InterpModules), l.InterpModules, "PyInterpreterState.modules", "PyInterpreterState.imports.modules");
        Check(nameof(l.InterpCevalGil), l.InterpCevalGil, "PyInterpreterState.ceval.gil");
        Check(nameof(l.InterpGcCollecting), l.InterpGcCollecting, "PyInterpreterState.gc.collecting");
        Check(nameof(l.ThreadNext), l.ThreadNext, "PyThreadState.next");
        Check(nameof(l.ThreadInterp), l.ThreadInterp, "PyThreadState.interp");
        Check(nameof(l.ThreadFrame), l.ThreadFrame, "PyThreadState.frame", "PyThreadState.cframe", "PyThreadState.current_frame");
        Check(nameof(l.CFrameCurrentFrame), l.CFrameCurrentFrame, "_PyCFrame.current_frame");
        Check(nameof(l.ThreadId), l.ThreadId, "PyThreadState.thread_id");
        Check(nameof(l.ThreadNativeId), l.ThreadNativeId, "PyThreadState.native_thread_id");
        Check(nameof(l.ThreadDatastackChunk), l.ThreadDatastackChunk, "PyThreadState.datastack_chunk");
        string frame = l.Frames == FrameModel.FrameObjects ? "PyFrameObject" : "_PyInterpreterFrame";
        Check(nameof(l.FrameBack), l.FrameBack, frame + ".f_back", frame + ".previous");
        Check(nameof(l.FrameCode), l.FrameCode, frame + ".f_code", frame + ".f_executable");
        Check(nameof(l.FrameInstr), l.FrameInstr, frame + ".f_lasti", frame + ".prev_instr", frame + ".instr_ptr");
        Check(nameof(l.FrameOwner), l.FrameOwner, "_PyInterpreterFrame.owner");
        Check(nameof(l.CodeFilename), l.CodeFilename, "PyCodeObject.co_filename");
        Check(nameof(l.CodeName), l.CodeName, "PyCodeObject.co_name");
        Check(nameof(l.CodeQualname), l.CodeQualname, "PyCodeObject.co_qualname");
        Check(nameof(l.CodeLineTable), l.CodeLineTable, "PyCodeObject.co_lnotab", "PyCodeObject.co_linetable");
        Check(nameof(l.CodeFirstLineno), l.CodeFirstLineno, "PyCodeObject.co_firstlineno");
        Check(nameof(l.CodeFirstTraceable), l.CodeFirstTraceable, "PyCodeObject._co_firsttraceable");
        Check(nameof(l.CodeAdaptive), l.CodeAdaptive, "PyCodeObject.co_code_adaptive");
        Check(nameof(l.BytesData), l.BytesData, "PyBytesObject.ob_sval", "PyStringObject.ob_sval");
        if (!l.Py2Strings)
        {
            Check(nameof(l.UnicodeAsciiSize), l.UnicodeAsciiSize, "PyASCIIObject.__sizeof__");
            Check(nameof(l.UnicodeCompactSize), l.UnicodeCompactSize, "PyCompactUnicodeObject.__sizeof__");
            Check(nameof(l.UnicodeDataPointer), l.UnicodeDataPointer, "PyUnicodeObject.data");
        }
        if (l.FrameOwnerSkipFrom > 0)
            Check(nameof(l.FrameOwnerSkipFrom), l.FrameOwnerSkipFrom, "_const.FRAME_OWNED_BY_CSTACK");

        Assert.That(mismatches, Is.Empty, string.Join("\n", mismatches));
        Assert.That(l.IsConsistent(), Is.True, "the layout reads a field outside the bytes it reads");
        Assert.That(checkedCount, Is.GreaterThanOrEqualTo(15), "too few offsets were compared to mean anything");
        // The sizes we read must cover the fields we read in them.
        Assert.That(l.ThreadSize, Is.GreaterThanOrEqualTo(new[] { l.ThreadNext, l.ThreadInterp, l.ThreadFrame, l.ThreadId, l.ThreadNativeId }.Max() + 8));
        Assert.That(l.FrameSize, Is.GreaterThanOrEqualTo(new[] { l.FrameBack + 8, l.FrameCode + 8, l.FrameInstr + 4, l.FrameOwner + 1 }.Max()));
        Assert.That(l.CodeSize, Is.GreaterThanOrEqualTo(new[] { l.CodeFilename, l.CodeName, l.CodeQualname, l.CodeLineTable }.Max() + 8));
    }
}
