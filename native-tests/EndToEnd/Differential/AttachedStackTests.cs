// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd.Differential;

/// <summary>
/// Both samplers attached at once to diff_target.py (<see cref="AttachSession"/>), every interpreter the C austin
/// samples: the stacks they see, the shape of their lines in every mode, and where they knowingly differ (thread ids,
/// <c>-s</c>, 3.10's line numbers).
/// </summary>
[TestFixture]
[NonParallelizable] // twenty samplers share two cores for each interpreter
public sealed class AttachedStackTests
{
    /// <summary>The modes that emit every thread that has something to emit, whatever the timing: not -m (only the GIL
    /// holder, when the memory grew since the last look) and not -s (see the difference below).</summary>
    private static readonly Mode[] EveryThreadModes = [Mode.Default, new("-a"), new("-f"), new("-e"), new("-af")];

    public static IEnumerable<TestCaseData> ExactTimesEveryThreadMode() => Times(CInterpreters.Exact(), EveryThreadModes);

    public static IEnumerable<TestCaseData> SampledTimesEveryMode() => Times(CInterpreters.Sampled(), Mode.All);

    public static IEnumerable<TestCaseData> ExactTimesSleeplessModes() => Times(CInterpreters.Exact(), Mode.All.Where(mode => mode.Sleepless));

    // Agreements ------------------------------------------------------------------------------------------------

    [TestCaseSource(nameof(ExactTimesEveryThreadMode))]
    public void BothSamplersSeeExactlyTheParkedStacksOfTheTarget(Interpreter python, Mode mode)
    {
        AttachSession session = AttachSession.Of(python);
        IReadOnlySet<string> expected = ExpectedStacks(session, python, mode);

        using (Assert.EnterMultipleScope())
        {
            foreach (Side side in Sides.Both)
                AssertSameStacks(session.Output(side, mode).DistinctStacks(), expected, $"{session.Output(side, mode).Describe()}");
        }
    }

    [TestCaseSource(nameof(SampledTimesEveryMode))]
    public void EveryLineOfBothHasTheShapeOfTheCAustinsLines(Interpreter python, Mode mode)
    {
        AttachSession session = AttachSession.Of(python);
        Regex shape = LineShapes.For(mode);

        using (Assert.EnterMultipleScope())
        {
            foreach (Side side in Sides.Both)
            {
                SamplerOutput output = session.Output(side, mode);
                Assert.That(output.Result.ExitCode, Is.Zero, () => $"{output.Describe()} did not exit 0:\n{output.Result.Describe()}");
                Assert.That(output.Text, Does.EndWith("\n"), $"{output.Describe()}: the output ends with a whole line");
                Assert.That(output.Lines, Is.Not.Empty, $"{output.Describe()} wrote no line");
                Assert.That(output.Lines.Where(line => !shape.IsMatch(line)).Take(3), Is.Empty,
                    $"lines of {output.Describe()} that do not match {shape}");
            }
        }
    }

    // Intended differences ----------------------------------------------------------------------------------------

    [TestCaseSource(typeof(CInterpreters), nameof(CInterpreters.Sampled))]
    public void OursPrintsThePythonThreadIdsAndTheCAustinDoesOnlyBefore37(Interpreter python)
    {
        AttachSession session = AttachSession.Of(python);
        IReadOnlySet<string> ours = ThreadIds(session.Output(Side.Ours, Mode.Default));
        IReadOnlySet<string> theirs = ThreadIds(session.Output(Side.C, Mode.Default));
        string known = string.Join(", ", session.ThreadIds.Order(StringComparer.Ordinal));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ours, Is.EquivalentTo(session.ThreadIds), $"ours: the ids of threading.get_ident() ({known})");
            if (python.Version.AtLeast(3, 7))
            {
                // From 3.7 the C austin 1.0.1 prints something else for each thread (addresses in the heap, where
                // CPython keeps the thread states); a flame graph still separates the threads, a debugger cannot find them.
                Assert.That(theirs, Has.Count.EqualTo(session.ThreadIds.Count), "the C austin: one id per thread");
                Assert.That(theirs.Intersect(session.ThreadIds), Is.Empty, $"the C austin from 3.7: none of the thread ids ({known})");
            }
            else
            {
                Assert.That(theirs, Is.EquivalentTo(session.ThreadIds), $"the C austin before 3.7: the ids of threading.get_ident() ({known})");
            }
        }
    }

    [TestCaseSource(nameof(ExactTimesSleeplessModes))]
    public void UnderSleeplessTheCAustinStillEmitsTheIdleThreadsWhichOursDrops(Interpreter python, Mode mode)
    {
        AttachSession session = AttachSession.Of(python);
        IReadOnlySet<string> running = new[] { "busy", "grower" }.Select(role => Stacks.Key(session.Oracle.StackOf(role))).ToHashSet();
        string busy = Stacks.Key(session.Oracle.StackOf("busy"));
        IReadOnlySet<string> ours = session.Output(Side.Ours, mode).DistinctStacks();

        using (Assert.EnterMultipleScope())
        {
            // The C austin 1.0.1 drops nothing under -s here, on any version: every parked thread is in its output.
            AssertSameStacks(session.Output(Side.C, mode).DistinctStacks(), ExpectedStacks(session, python, mode),
                $"the C austin in mode {mode}: every stack, the sleeping threads' too");
            Assert.That(ours.Except(running), Is.Empty, $"ours in mode {mode}: stacks other than those of the threads that run (busy, grower)");
            Assert.That(ours, Does.Contain(busy), $"ours in mode {mode}: the busy thread, which always runs");
        }
    }

    [TestCaseSource(typeof(CInterpreters), nameof(CInterpreters.Python310))]
    public void OnPython310TheCAustinPutsTheTargetsFramesOnTheirDefLines(Interpreter python)
    {
        AttachSession session = AttachSession.Of(python);
        IReadOnlyList<Sample> theirs = session.Output(Side.C, Mode.Default).RequireSamples();
        IReadOnlySet<string> ours = session.Output(Side.Ours, Mode.Default).DistinctStacks();
        string target = Targets.PathOf(DiffTarget.Script);

        List<string> misplaced = theirs
            .Where(sample => !sample.IsBad)
            .SelectMany(sample => sample.Frames)
            .Where(frame => frame.File == target && frame.Line != DefLine(target, frame.Function))
            .Select(frame => frame.ToString())
            .Distinct()
            .ToList();

        using (Assert.EnterMultipleScope())
        {
            AssertSameStacks(ours, ExpectedStacks(session, python, Mode.Default), "ours on 3.10");
            // The same functions and files, line numbers aside: it decodes the 3.10 line table (PEP 626) as an lnotab.
            AssertSameStacks(
                theirs.Where(sample => !sample.IsBad).Select(sample => WithoutLines(sample.Frames)).ToHashSet(),
                ours.Select(WithoutLines).ToHashSet(),
                "the C austin on 3.10, line numbers aside");
            Assert.That(misplaced, Is.Empty, "frames of diff_target.py that the C austin does not put on the line of their def");
        }
    }

    [TestCaseSource(typeof(CInterpreters), nameof(CInterpreters.Python27))]
    public void OnPython27OursAlwaysSeesTheParkedStacksWhereTheCAustinSometimesSeesNoFrameAtAll(Interpreter python)
    {
        AttachSession session = AttachSession.Of(python);

        using (Assert.EnterMultipleScope())
        {
            foreach (Mode mode in EveryThreadModes)
            {
                IReadOnlySet<string> expected = ExpectedStacks(session, python, mode);
                AssertSameStacks(session.Output(Side.Ours, mode).DistinctStacks(), expected, $"ours on 2.7 in mode {mode}");

                // The C austin either reads the target exactly, or has taken something else for its interpreter: then it
                // prints nothing ("No samples collected") or one frameless thread that is none of the target's.
                SamplerOutput theirs = session.Output(Side.C, mode);
                Assert.That(theirs.Result.ExitCode, Is.Zero, () => $"{theirs.Describe()} did not exit 0:\n{theirs.Result.Describe()}");
                IReadOnlyList<Sample> samples = Collapsed.Parse(theirs.Text, mode.Format, mode.MetricCount);
                var stacks = samples.Where(sample => !sample.IsBad).Select(sample => Stacks.Key(sample.Frames)).ToHashSet();
                bool exact = stacks.SetEquals(expected);
                bool lost = stacks.All(stack => stack == Stacks.Key([])) && !samples.Any(sample => session.ThreadIds.Contains(sample.ThreadId));
                Assert.That(exact || lost, Is.True,
                    () => $"{theirs.Describe()} on 2.7: neither the parked stacks nor no frame at all\n" +
                        $"expected:\n{Stacks.Describe(expected)}\nseen:\n{Stacks.Describe(stacks)}");
            }
        }
    }

    // Helpers -----------------------------------------------------------------------------------------------------

    /// <summary>
    /// The stacks a sampler must see in <paramref name="mode"/>: each parked role's, as the oracle has it; the
    /// reporter's at its linger; the frameless thread's (not under -e).
    /// </summary>
    private static IReadOnlySet<string> ExpectedStacks(AttachSession session, Interpreter python, Mode mode)
    {
        var stacks = DiffTarget.ParkedRoles.Select(role => Stacks.Key(session.Oracle.StackOf(role))).ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<Frame> polling = session.Oracle.StackOf(Oracle.Reporter);
        var lingering = new Frame(polling[^1].Function, polling[^1].File, Targets.Line("target_support.py", "support-linger"));
        stacks.Add(Stacks.Key([.. polling.Take(polling.Count - 1), lingering]));
        if (!mode.ExcludeEmpty)
            stacks.Add(Stacks.Key([]));
        Assert.That(session.Oracle.Version, Is.EqualTo(python.Version), "the oracle comes from another interpreter");
        return stacks;
    }

    private static void AssertSameStacks(IReadOnlySet<string> seen, IReadOnlySet<string> expected, string who)
    {
        Assert.That(seen.Except(expected).ToList(), Is.Empty,
            () => $"{who}: stacks that were not expected\nexpected:\n{Stacks.Describe(expected)}\nseen:\n{Stacks.Describe(seen)}");
        Assert.That(expected.Except(seen).ToList(), Is.Empty,
            () => $"{who}: expected stacks never seen\nexpected:\n{Stacks.Describe(expected)}\nseen:\n{Stacks.Describe(seen)}");
    }

    private static IReadOnlySet<string> ThreadIds(SamplerOutput output) =>
        output.RequireSamples().Where(sample => !sample.IsBad).Select(sample => sample.ThreadId).ToHashSet(StringComparer.Ordinal);

    private static string WithoutLines(IReadOnlyList<Frame> frames) => Stacks.Key(frames.Select(frame => frame with { Line = 0 }).ToList());

    private static string WithoutLines(string key) => Regex.Replace(key, @":[0-9]+\)(?=;|$)", ":0)");

    // The line of "def <function>(" in a file; 1 for <module>, whose code starts at the top of the file.
    private static int DefLine(string path, string function)
    {
        if (function == "<module>")
            return 1;
        string[] lines = File.ReadAllLines(path);
        int index = Array.FindIndex(lines, line => line.StartsWith($"def {function}(", StringComparison.Ordinal));
        return index + 1; // 0 when there is none: no frame is on line 0
    }

    private static IEnumerable<TestCaseData> Times(IEnumerable<TestCaseData> interpreters, IEnumerable<Mode> modes)
    {
        foreach (TestCaseData data in interpreters)
        {
            if (data.Arguments is not [Interpreter python])
            {
                yield return data; // the failing or ignored case of a machine without such an interpreter
                continue;
            }
            foreach (Mode mode in modes)
                yield return new TestCaseData(python, mode).SetArgDisplayNames(python.DisplayName, mode.ToString());
        }
    }
}
