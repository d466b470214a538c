// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Linq;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd;

/// <summary>
/// What a free-threaded build (3.13+, --disable-gil) lacks: a GIL. Its stacks are tested by every other end-to-end
/// test (the interpreter is one of <see cref="Interpreters.All"/>); here, what austin refuses to pretend.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class FreeThreadedTests
{

    private static IEnumerable<TestCaseData> FreeThreaded()
    {
        List<Interpreter> found = Interpreters.All.Where(python => python.FreeThreaded).ToList();
        if (found.Count == 0)
            yield return new TestCaseData((Interpreter?)null).SetArgDisplayNames("no free-threaded CPython")
                .Ignore("no free-threaded CPython on this machine (native-tests/Support/build-cpython.sh ... --disable-gil builds one)");
        foreach (Interpreter python in found)
            yield return new TestCaseData(python).SetArgDisplayNames(python.DisplayName);
    }

    [TestCaseSource(nameof(FreeThreaded))]
    public void GilOnlyOnAFreeThreadedBuildIsAnErrorThatSaysItHasNoGil(Interpreter? python)
        => Refusal.AssertRefused(python!, ["--gil"], $@"^austin: Python {python!.Version.Major}\.{python.Version.Minor}\.\d+ is a free-threaded build: it has no GIL");

    /// <summary>
    /// -m gives each memory delta to the thread that holds the GIL; a free-threaded build has none, and a run that
    /// printed nothing at all (as austin did) would look like a program that allocates nothing.
    /// </summary>
    [TestCaseSource(nameof(FreeThreaded))]
    public void MemoryOnAFreeThreadedBuildIsAnErrorThatSaysItHasNoGil(Interpreter? python)
        => Refusal.AssertRefused(python!, ["-m"], $@"^austin: Python {python!.Version.Major}\.{python.Version.Minor}\.\d+ is a free-threaded build: it has no GIL, so -m has no thread to give memory to$");
}
