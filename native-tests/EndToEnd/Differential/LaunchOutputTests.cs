// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd.Differential;

/// <summary>
/// Both samplers launching chatty_target.py, a program that prints on its stdout while it is sampled: where its lines
/// go, what a shell's redirection to a file ends up holding; and, from a quiet run, what else each writes and how
/// often it samples by default. The output is the samplers' own code, so one interpreter is enough: the newest that
/// the C austin reads exactly.
/// </summary>
[TestFixture]
[NonParallelizable] // they time things, and two cores are shared
public sealed class LaunchOutputTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);

    // How long the quiet runs last.
    private const double QuietSeconds = 1.0;

    // The default interval, in microseconds (no -i on these command lines).
    private const long DefaultIntervalUs = 500;

    private const int ChattyLines = 5;

    private readonly ConcurrentDictionary<(string Python, Side Side), Lazy<ProcessResult>> _quietRuns = new();

    // Agreements ------------------------------------------------------------------------------------------------

    [TestCaseSource(typeof(CInterpreters), nameof(CInterpreters.NewestExact))]
    public void TheProgramsOwnLinesNeverReachTheSamplesOnStdout(Interpreter python)
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (Side side in Sides.Both)
            {
                ProcessResult result = Sides.Run(side, ChattyTarget.Command(python, seconds: 0.6, ChattyLines), RunTimeout);
                string who = $"{Sides.Name(side)}, samples on stdout";
                Assert.That(result.ExitCode, Is.Zero, () => $"{who}: exit status\n{result.Describe()}");
                Assert.That(ChattyLinesIn(result.StandardOutput), Is.Empty, $"{who}: the program's own lines in the samples (its stdout must be /dev/null)");
                ChattyTarget.AssertTalking(who, result.StandardOutput, "chatty-sleep");
            }
        }
    }

    [TestCaseSource(typeof(CInterpreters), nameof(CInterpreters.NewestExact))]
    public void WithAnOutputFileTheProgramsLinesGoToStdoutAndTheSamplesToTheFile(Interpreter python)
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (Side side in Sides.Both)
            {
                string output = Scratch.NewPath($"{side}-o.txt");
                ProcessResult result = Sides.Run(side, ["-o", output, .. ChattyTarget.Command(python, seconds: 0.6, ChattyLines)], RunTimeout);
                string who = $"{Sides.Name(side)}, -o FILE";
                Assert.That(result.ExitCode, Is.Zero, () => $"{who}: exit status\n{result.Describe()}");
                Assert.That(result.StandardOutput, Is.EqualTo(AllChattyLines()), $"{who}: stdout is the program's");
                ChattyTarget.AssertTalking(who, File.ReadAllText(output), "chatty-sleep");
            }
        }
    }

    [TestCaseSource(typeof(CInterpreters), nameof(CInterpreters.NewestExact))]
    public void ARedirectedFileKeepsWhatTheShellWroteBeforeAndAfterTheSamples(Interpreter python)
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (Side side in Sides.Both)
            {
                // { echo HDR; austin ...; echo FTR; } > f: the three share the file's offset, so each appends.
                string file = Scratch.NewPath($"{side}-braces.txt");
                ProcessResult shell = ProcessRunner.Run(
                    ["bash", "-c", "out=$1; shift; { echo HDR; \"$@\"; echo FTR; } > \"$out\"", "bash", file,
                        .. Sides.Command(side, ChattyTarget.Command(python, seconds: 0.6, ChattyLines))],
                    RunTimeout, Sides.Quiet);
                string who = $"{Sides.Name(side)} between two echoes into one file";
                Assert.That(shell.ExitCode, Is.Zero, () => $"{who}: exit status\n{shell.Describe()}");
                string[] lines = File.ReadAllText(file).Split('\n');
                Assert.That(lines[0], Is.EqualTo("HDR"), $"{who}: the first line");
                Assert.That(lines[^2..], Is.EqualTo(new[] { "FTR", "" }), $"{who}: the last line");
                if (lines.Length >= 3)
                    ChattyTarget.AssertTalking(who, string.Join('\n', lines[1..^2]) + "\n", "chatty-sleep");
            }
        }
    }

    [TestCaseSource(typeof(CInterpreters), nameof(CInterpreters.NewestExact))]
    public void ARedirectedFileHoldsOnlySamplesWhileTheProgramPrints(Interpreter python)
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (Side side in Sides.Both)
            {
                // austin ... > f: the program's lines must not be spliced into (or over) the samples.
                string file = Scratch.NewPath($"{side}-redirected.txt");
                ProcessResult shell = ProcessRunner.Run(
                    ["bash", "-c", "out=$1; shift; \"$@\" > \"$out\"", "bash", file, .. Sides.Command(side, ChattyTarget.Command(python, seconds: 0.6, ChattyLines))],
                    RunTimeout, Sides.Quiet);
                string who = $"{Sides.Name(side)} redirected to a file";
                Assert.That(shell.ExitCode, Is.Zero, () => $"{who}: exit status\n{shell.Describe()}");
                string text = File.ReadAllText(file);
                Assert.That(ChattyLinesIn(text), Is.Empty, $"{who}: the program's own lines in the file");
                ChattyTarget.AssertTalking(who, text, "chatty-sleep");
            }
        }
    }

    // Intended differences ----------------------------------------------------------------------------------------

    [TestCaseSource(typeof(CInterpreters), nameof(CInterpreters.NewestExact))]
    public void TheCAustinPrintsStatisticsOnStderrWhereOursPrintsNothing(Interpreter python)
    {
        ProcessResult ours = QuietRun(python, Side.Ours);
        ProcessResult theirs = QuietRun(python, Side.C);

        using (Assert.EnterMultipleScope())
        {
            // Ours logs its statistics (to syslog, AUSTIN_LOG_FILE or nowhere): stderr is the program's alone.
            Assert.That(ours.StandardError, Is.Empty, "ours' stderr");
            Assert.That(theirs.StandardError, Does.Match(CAustin.Statistics()), "the C austin's stderr");
        }
    }

    [TestCaseSource(typeof(CInterpreters), nameof(CInterpreters.NewestExact))]
    public void TheFirstSampleWeighsAboutOneIntervalInOursAndNothingInTheCAustin(Interpreter python)
    {
        long FirstMetric(Side side) => Collapsed.Parse(QuietRun(python, side).StandardOutput, CollapsedFormat.Normal).FirstOrDefault()?.Metrics[0] ?? -1;

        using (Assert.EnterMultipleScope())
        {
            // The time it stands for: one interval, or one gap of a schedule drawn around the interval.
            Assert.That(FirstMetric(Side.Ours), Is.InRange(DefaultIntervalUs / 2, DefaultIntervalUs * 3 / 2), "ours' first time metric, in us");
            Assert.That(FirstMetric(Side.C), Is.Zero, "the C austin's first time metric");
        }
    }

    [TestCaseSource(typeof(CInterpreters), nameof(CInterpreters.NewestExact))]
    public void WithoutIntervalOursSamplesEvery500usAsBothHelpTextsSayWhereTheCAustinAimsAt100us(Interpreter python)
    {
        long MedianGap(Side side)
        {
            List<long> gaps = Collapsed.Parse(QuietRun(python, side).StandardOutput, CollapsedFormat.Normal).Select(sample => sample.Metrics[0]).Order().ToList();
            return gaps.Count == 0 ? -1 : gaps[gaps.Count / 2];
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(MedianGap(Side.Ours), Is.InRange(DefaultIntervalUs * 9 / 10, DefaultIntervalUs * 12 / 10),
                "ours' median time between two samples, in us, without -i");
            // Its help says "default is 500us", but its source sets DEFAULT_SAMPLING_INTERVAL to 100 (0.7.0's too): it
            // samples as often as it can keep up with, every 200 us or so here.
            Assert.That(MedianGap(Side.C), Is.InRange(1, DefaultIntervalUs * 9 / 10 - 1),
                "the C austin's median time between two samples, in us, without -i");
        }
    }

    // Helpers -----------------------------------------------------------------------------------------------------

    // austin python chatty_target.py --seconds 1 --lines 0: one thread, nothing printed; shared by three tests.
    private ProcessResult QuietRun(Interpreter python, Side side) =>
        _quietRuns.GetOrAdd((python.Path, side), _ => new Lazy<ProcessResult>(
            () => Sides.Run(side, ChattyTarget.Command(python, QuietSeconds, lines: 0), RunTimeout))).Value;

    private static string AllChattyLines() =>
        string.Concat(Enumerable.Range(1, ChattyLines).Select(number => $"chatty line {number} of {ChattyLines}\n"));

    private static IReadOnlyList<string> ChattyLinesIn(string text) =>
        text.Split('\n').Where(line => line.Contains("chatty line", StringComparison.Ordinal)).Take(3).ToList();
}

/// <summary>chatty_target.py: prints N lines over S seconds from talk(), its only thread.</summary>
public static class ChattyTarget
{
    public const string Script = "chatty_target.py";

    /// <summary>The main thread in talk(), at the line marked <paramref name="tag"/> (chatty-sleep, chatty-quiet).</summary>
    public static StackPattern Talking(string tag)
    {
        string path = Targets.PathOf(Script);
        return StackPattern.Empty.Then(
            new Frame("<module>", path, Targets.Line(Script, "chatty-module")),
            new Frame("talk", path, Targets.Line(Script, tag)));
    }

    /// <summary>The interpreter and arguments that run the target: <paramref name="lines"/> lines over <paramref name="seconds"/>.</summary>
    public static IReadOnlyList<string> Command(Interpreter python, double seconds, int lines) =>
    [
        python.Path, Targets.PathOf(Script),
        "--seconds", seconds.ToString(CultureInfo.InvariantCulture),
        "--lines", lines.ToString(CultureInfo.InvariantCulture),
    ];

    /// <summary>Asserts that every line of <paramref name="text"/> is a sample and that some show the program in talk()
    /// at the line marked <paramref name="tag"/>; returns the samples.</summary>
    public static IReadOnlyList<Sample> AssertTalking(string who, string text, string tag)
    {
        IReadOnlyList<Sample> samples;
        try
        {
            samples = Collapsed.Parse(text, CollapsedFormat.Normal);
        }
        catch (CollapsedFormatException e)
        {
            Assert.Fail($"{who}: {e.Message}");
            return [];
        }
        Assert.That(samples.Any(sample => Talking(tag).Matches(sample.Frames)), Is.True,
            () => $"{who}: no sample of the program in talk() at @{tag}:\n{Talking(tag)}\nfirst lines:\n{ProcessRunner.Head(text, 5)}");
        return samples;
    }
}
