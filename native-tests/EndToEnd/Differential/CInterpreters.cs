// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Linq;
using Austin.Tests.Support;
using NUnit.Framework;
using NUnit.Framework.Interfaces;

namespace Austin.Tests.EndToEnd.Differential;

/// <summary>
/// The interpreters (pyenv's, from the suite's discovery) on which the two samplers can be compared, by what Debian's
/// C austin 1.0.1 makes of them, as observed on pyenv builds of 2.7.18 and 3.6.15 - 3.13.0:
/// <list type="bullet">
/// <item>3.6 - 3.9: exact stacks (the same functions, files and lines as the interpreter reports).</item>
/// <item>3.10: the right functions and files, but each line number at or next to the function's <c>def</c>: it decodes
/// 3.10's new line table (<c>co_linetable</c>, PEP 626) as if it were the old <c>co_lnotab</c>.</item>
/// <item>2.7: exact stacks most of the time; but about one attach in ten on a loaded machine (and once a launch on an
/// idle one) it takes something else for the interpreter and prints one frameless thread that is none of the
/// target's, or nothing at all ("No samples collected").</item>
/// <item>3.11 and later: nothing; in launch mode "Interpreter state search timed out" (status 33).</item>
/// </list>
/// </summary>
public static class CInterpreters
{
    /// <summary>True for the versions the C austin 1.0.1 reads exactly.</summary>
    public static bool ReadsExactly(PythonVersion version) =>
        version.Major == 3 && version.Minor is >= 6 and <= 9;

    /// <summary>Every pyenv interpreter the C austin reads exactly; a failing case when there is none.</summary>
    public static IEnumerable<TestCaseData> Exact() => Cases(ExactInterpreters(), NoExactInterpreter);

    /// <summary>Every pyenv interpreter the C austin samples reliably (3.6 - 3.10); a failing case when there is none.</summary>
    public static IEnumerable<TestCaseData> Sampled() =>
        Cases(Pyenv().Where(python => ReadsExactly(python.Version) || IsPython310(python.Version)).ToList(),
            () => Failing("no interpreter", "no pyenv CPython 3.6 - 3.10 is installed: the C austin 1.0.1 samples no other reliably"));

    /// <summary>The pyenv 3.10 interpreters; an ignored case when there is none.</summary>
    public static IEnumerable<TestCaseData> Python310() => Minor(3, 10);

    /// <summary>The pyenv 2.7 interpreters; an ignored case when there is none.</summary>
    public static IEnumerable<TestCaseData> Python27() => Minor(2, 7);

    /// <summary>The newest interpreter the C austin reads exactly: for the tests whose subject is the samplers' own code
    /// (output, errors, signals), where one interpreter is enough.</summary>
    public static IEnumerable<TestCaseData> NewestExact() => Cases(ExactInterpreters().TakeLast(1).ToList(), NoExactInterpreter);

    /// <summary>The newest pyenv interpreter from 3.11 on, which the C austin cannot read; an ignored case when there is none.</summary>
    public static IEnumerable<TestCaseData> NewestUnreadable() =>
        Cases(Pyenv().Where(python => python.Version.AtLeast(3, 11)).TakeLast(1).ToList(),
            () => new TestCaseData((object?)null).SetArgDisplayNames("no 3.11+").Ignore("no pyenv CPython 3.11 or later on this machine"));

    private static List<Interpreter> ExactInterpreters() => Pyenv().Where(python => ReadsExactly(python.Version)).ToList();

    private static TestCaseData NoExactInterpreter() =>
        Failing("no interpreter", "no pyenv CPython 3.6 - 3.9 is installed: the C austin 1.0.1 reads no other exactly and reliably, " +
            "so there is nothing to compare it on (install e.g. 3.9 with pyenv)");

    private static IEnumerable<TestCaseData> Minor(int major, int minor) =>
        Cases(Pyenv().Where(python => python.Version.Major == major && python.Version.Minor == minor).ToList(),
            () => new TestCaseData((object?)null).SetArgDisplayNames($"no {major}.{minor}").Ignore($"no pyenv CPython {major}.{minor} on this machine"));

    private static bool IsPython310(PythonVersion version) => version.Major == 3 && version.Minor == 10;

    // Oldest first, as Interpreters.All orders them.
    private static IEnumerable<Interpreter> Pyenv() => Interpreters.All.Where(python => python.PyenvVersion is not null);

    private static IEnumerable<TestCaseData> Cases(IReadOnlyList<Interpreter> pythons, Func<TestCaseData> none) =>
        pythons.Count == 0 ? [none()] : pythons.Select(python => new TestCaseData(python).SetArgDisplayNames(python.DisplayName));

    // A case that NUnit reports as failed, with the reason, without calling the test method.
    private static TestCaseData Failing(string name, string reason)
    {
        var data = new TestCaseData((object?)null).SetArgDisplayNames(name);
        data.RunState = RunState.NotRunnable;
        data.Properties.Set(NUnit.Framework.Internal.PropertyNames.SkipReason, reason);
        return data;
    }
}
