// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Linq;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd;

/// <summary>
/// Debug builds (--with-pydebug). From 3.8 they keep the release builds' object header and are sampled like them (every
/// other end-to-end test runs on them); up to 3.7 they trace references (Py_TRACE_REFS), which puts two pointers in
/// front of every object, and austin refuses them with an error that names the build rather than misread them.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class DebugBuildTests
{

    private static IEnumerable<TestCaseData> TracingReferences()
    {
        // Discovery lists them as skipped: every other test leaves them out.
        List<Interpreter> found = Interpreters.Skipped.Select(skipped => skipped.Python).Where(python => python.Debug && !python.Version.AtLeast(3, 8)).ToList();
        if (found.Count == 0)
            yield return new TestCaseData((Interpreter?)null).SetArgDisplayNames("no debug CPython before 3.8")
                .Ignore("no debug build of CPython 3.7 or older on this machine (native-tests/Support/build-cpython.sh ... --with-pydebug builds one)");
        foreach (Interpreter python in found)
            yield return new TestCaseData(python).SetArgDisplayNames(python.DisplayName);
    }

    [TestCaseSource(nameof(TracingReferences))]
    public void ADebugBuildThatTracesReferencesIsAnErrorThatNamesIt(Interpreter? python)
    {
        ProcessResult run = Refusal.AssertRefused(python!, [],
            $@"^austin: Python {python!.Version.Major}\.{python.Version.Minor}(\.\d+)? is a debug build that traces references \(Py_TRACE_REFS\)");
        Assert.That(run.StandardOutput, Is.Empty, "no sample of a misread runtime");
    }
}
