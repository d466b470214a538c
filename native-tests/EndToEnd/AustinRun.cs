// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd;

/// <summary>
/// One austin run, reduced to what the assertions need: the exit status and stderr, the parsed samples (or
/// why they could not be parsed), and the start of stdout for messages. The full stdout is dropped once
/// parsed, because runs are cached per interpreter and a 300-frame thread makes tens of megabytes of it.
/// </summary>
public sealed class AustinRun
{
    private readonly IReadOnlyList<Sample>? _samples;
    private readonly string? _problem;

    private AustinRun(ProcessResult? result, IReadOnlyList<Sample>? samples, string? problem, string? oraclePath)
    {
        Result = result;
        _samples = samples;
        _problem = problem;
        OraclePath = oraclePath;
    }

    /// <summary>The process result with stdout cut to its first lines; null when austin did not finish.</summary>
    public ProcessResult? Result { get; }

    /// <summary>Where the target was told to write its oracle, if anywhere.</summary>
    public string? OraclePath { get; }

    /// <summary>True when austin was killed at the timeout (later runs of the same interpreter are not worth waiting for).</summary>
    public bool TimedOut => Result is null;

    /// <summary>Runs austin with <paramref name="arguments"/> and parses its stdout in <paramref name="format"/>.</summary>
    public static AustinRun Start(
        IEnumerable<string> arguments,
        CollapsedFormat format,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string?> environment,
        string? oraclePath = null)
    {
        ProcessResult result;
        try
        {
            result = AustinBinary.Run(arguments, timeout, environment);
        }
        catch (TimeoutException e)
        {
            return new AustinRun(null, null, e.Message, oraclePath);
        }
        return FromResult(result, format, oraclePath);
    }

    /// <summary>Wraps a result obtained elsewhere (e.g. an attach run next to a running target).</summary>
    public static AustinRun FromResult(ProcessResult result, CollapsedFormat format, string? oraclePath = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        IReadOnlyList<Sample>? samples = null;
        string? problem = null;
        try
        {
            samples = Collapsed.Parse(result.StandardOutput, format);
        }
        catch (CollapsedFormatException e)
        {
            problem = $"austin printed something other than samples to stdout: {e.Message}\n{result.Describe()}";
        }
        return new AustinRun(result with { StandardOutput = ProcessRunner.Head(result.StandardOutput) }, samples, problem, oraclePath);
    }

    /// <summary>A run that was not attempted, with the reason every test of it reports.</summary>
    public static AustinRun NotRun(string reason) => new(null, null, reason, null);

    /// <summary>
    /// The samples of a run that exited 0 and printed only samples, at least one. Fails the test, with
    /// austin's own words, otherwise; so every test of a broken run says why it broke.
    /// </summary>
    public IReadOnlyList<Sample> RequireSamples()
    {
        if (Result is null)
            Assert.Fail(_problem ?? "austin did not run");
        Assert.That(Result!.ExitCode, Is.Zero, () => "austin did not exit 0:\n" + Result.Describe());
        if (_problem is not null)
            Assert.Fail(_problem);
        Assert.That(_samples, Is.Not.Empty, () => "austin printed no sample:\n" + Result.Describe());
        return _samples!;
    }

    /// <summary>What the target said about itself; fails the test when it wrote nothing.</summary>
    public Oracle RequireOracle()
    {
        RequireSamples();
        if (OraclePath is null)
            throw new InvalidOperationException("this run has no oracle");
        return Oracle.Load(OraclePath);
    }
}

/// <summary>Assertions over samples, with messages that show what austin printed instead.</summary>
public static class SampleAssertions
{
    /// <summary>Asserts that some sample of thread <paramref name="tid"/> has exactly the stack <paramref name="expected"/>.</summary>
    public static void StackSeen(IReadOnlyList<Sample> samples, string role, string tid, StackPattern expected)
    {
        List<(IReadOnlyList<Frame> Frames, int Count)> stacks = DistinctStacks(samples, tid);
        // Assert.That rather than Assert.Fail, so that inside Assert.EnterMultipleScope every role is reported.
        Assert.That(
            stacks.Any(stack => expected.Matches(stack.Frames)),
            Is.True,
            () => $"thread '{role}' ({tid}): no sample has the expected stack\nexpected (outermost first):\n{expected}" + Seen(samples, tid, stacks));
    }

    /// <summary>Asserts that some sample of thread <paramref name="tid"/> has exactly the frames <paramref name="expected"/>.</summary>
    public static void FramesSeen(IReadOnlyList<Sample> samples, string role, string tid, IReadOnlyList<Frame> expected)
    {
        List<(IReadOnlyList<Frame> Frames, int Count)> stacks = DistinctStacks(samples, tid);
        Assert.That(
            stacks.Any(stack => stack.Frames.SequenceEqual(expected)),
            Is.True,
            () => $"thread '{role}' ({tid}): no sample has the stack the interpreter itself reported\n" +
                $"interpreter's view (outermost first):\n{StackPattern.Describe(expected)}" + Seen(samples, tid, stacks));
    }

    /// <summary>
    /// Asserts that every thread id austin printed is one CPython stored for a thread of the target: one the
    /// oracle lists, or, on 3.12+ only, 0 without frames (from 3.12 <c>Thread.start()</c> creates the new thread's
    /// state in the parent, Modules/_threadmodule.c, and the thread id is only set when the new thread binds it,
    /// <c>_PyThreadState_Bind</c> in Python/pystate.c; seen here on 3.12 and 3.13). Anything else was read from
    /// memory that is no thread state, e.g. one being freed while the interpreter shuts down. Bad samples are
    /// exempt: they say the read was inconsistent, so their id may be too, and they count against the 1 % budget.
    /// </summary>
    public static void OnlyThreadsOfTheTarget(IReadOnlyList<Sample> samples, Oracle oracle, PythonVersion version)
    {
        bool unboundAllowed = version.AtLeast(3, 12);
        var strangers = samples
            .Where(sample => !sample.IsBad
                && !oracle.Threads.ContainsKey(sample.ThreadId)
                && !(unboundAllowed && sample.ThreadId == "0" && sample.Frames.Count == 0))
            .GroupBy(sample => sample.ThreadId)
            .Select(group => $"{group.Key} ({group.Count()} samples, first on line {group.First().LineNumber}: {Collapsed.Render(group.First(), CollapsedFormat.Alternative)})")
            .ToList();
        Assert.That(strangers, Is.Empty, "austin printed thread ids that belong to no thread of the target");
    }

    /// <summary>The different stacks a thread was sampled with, most frequent first (bad samples left out).</summary>
    public static List<(IReadOnlyList<Frame> Frames, int Count)> DistinctStacks(IReadOnlyList<Sample> samples, string tid) =>
        samples
            .Where(sample => sample.ThreadId == tid && !sample.IsBad)
            .GroupBy(sample => sample.Frames, ReferenceEqualityComparer.Instance) // the parser shares identical stacks
            .Select(group => ((IReadOnlyList<Frame>)group.Key!, group.Count()))
            .OrderByDescending(stack => stack.Item2)
            .ToList();

    private static string Seen(IReadOnlyList<Sample> samples, string tid, List<(IReadOnlyList<Frame> Frames, int Count)> stacks)
    {
        if (stacks.Count == 0)
        {
            string threads = string.Join(", ", samples.Select(sample => sample.ThreadId).Distinct().Order(StringComparer.Ordinal));
            return $"\naustin printed no good sample for thread {tid}; threads it printed: {threads}";
        }
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"\nstacks austin printed for that thread ({stacks.Count} different, most frequent first):");
        foreach ((IReadOnlyList<Frame> frames, int count) in stacks.Take(3))
            text.Append(CultureInfo.InvariantCulture, $"\n{count} samples:\n{StackPattern.Describe(frames)}");
        return text.ToString();
    }
}
