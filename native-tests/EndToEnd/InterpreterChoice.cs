// SPDX-License-Identifier: GPL-3.0-or-later
using System.Collections.Generic;
using System.Linq;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd;

/// <summary>
/// Test case sources for tests whose subject does not depend on the interpreter (austin's own error paths,
/// signal handling, its timer): one interpreter is enough, and the suite stays short.
/// </summary>
public static class InterpreterChoice
{
    /// <summary>The newest interpreter on the machine (or the failing case <see cref="Interpreters.Cases"/> gives when there is none).</summary>
    public static IEnumerable<TestCaseData> Newest()
    {
        IReadOnlyList<Interpreter> all = Interpreters.All;
        if (all.Count == 0)
        {
            foreach (TestCaseData failing in Interpreters.Cases())
                yield return failing;
            yield break;
        }
        yield return new TestCaseData(all[^1]).SetArgDisplayNames(all[^1].DisplayName);
    }

    /// <summary>
    /// Every interpreter, as <see cref="Interpreters.Cases"/>, but those older than
    /// <paramref name="major"/>.<paramref name="minor"/> marked explicit with <paramref name="reason"/>: for a known
    /// austin bug on those versions, so that the normal run stays green and the cases can still be run by name.
    /// </summary>
    public static IEnumerable<TestCaseData> ExplicitBefore(int major, int minor, string reason) =>
        Interpreters.Cases().Select(data =>
            data.Arguments is [Interpreter python] && !python.Version.AtLeast(major, minor) ? data.Explicit(reason) : data);

    /// <summary>
    /// Every interpreter, as <see cref="Interpreters.Cases"/>, but each free-threaded one an ignored case: for what
    /// needs a GIL (<paramref name="what"/>), which such a build does not have.
    /// </summary>
    public static IEnumerable<TestCaseData> WithGil(string what) =>
        Interpreters.Cases().Select(data => data.Arguments is [Interpreter { FreeThreaded: true } python]
            ? new TestCaseData(python).SetArgDisplayNames(python.DisplayName).Ignore($"{python.DisplayName} is free-threaded: it has no GIL for {what}")
            : data);

    /// <summary>
    /// The release (GIL) builds of 3.<paramref name="fromMinor"/> to 3.<paramref name="toMinor"/>, for a feature austin
    /// has there only (<paramref name="what"/>); each newer or free-threaded interpreter is an ignored case that says
    /// so, and one ignored case stands for none at all.
    /// </summary>
    public static IEnumerable<TestCaseData> Python3Between(int fromMinor, int toMinor, string what)
    {
        var cases = new List<TestCaseData>();
        foreach (TestCaseData data in From(3, fromMinor, what))
        {
            if (data.Arguments is [Interpreter python] && (python.Version.Minor > toMinor || python.FreeThreaded))
                cases.Add(new TestCaseData(python).SetArgDisplayNames(python.DisplayName)
                    .Ignore($"austin reads {what} of 3.{fromMinor}-3.{toMinor} with a GIL only, not of {python.DisplayName} (it refuses it, see the refusal test)"));
            else
                cases.Add(data);
        }
        return cases;
    }

    /// <summary>
    /// The interpreters that have the asyncio task stacks of --asyncio: 3.11 and later, free-threaded builds from 3.14
    /// (a free-threaded 3.13 is an ignored case: austin refuses it, see the refusal test).
    /// </summary>
    public static IEnumerable<TestCaseData> WithAsyncioTasks() =>
        From(3, 11, "the asyncio task stacks").Select(data =>
            data.Arguments is [Interpreter { FreeThreaded: true } python] && !python.Version.AtLeast(3, 14)
                ? new TestCaseData(python).SetArgDisplayNames(python.DisplayName)
                    .Ignore($"austin reads the asyncio tasks of free-threaded builds from 3.14 only, not of {python.DisplayName} (it refuses it, see the refusal test)")
                : data);

    /// <summary>
    /// The interpreters of version <paramref name="major"/>.<paramref name="minor"/> and later, for a feature older
    /// versions do not have (<paramref name="what"/>); one ignored case, saying so, when there is none.
    /// </summary>
    public static IEnumerable<TestCaseData> From(int major, int minor, string what)
    {
        List<TestCaseData> cases = Interpreters.Cases()
            .Where(data => data.Arguments is not [Interpreter python] || python.Version.AtLeast(major, minor)).ToList();
        if (!cases.Any(data => data.Arguments is [Interpreter]))
            cases.Add(new TestCaseData((Interpreter?)null).SetArgDisplayNames($"no CPython {major}.{minor}+")
                .Ignore($"no CPython {major}.{minor} or later on this machine, and only they have {what}"));
        return cases;
    }
}
