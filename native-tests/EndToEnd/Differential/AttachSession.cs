// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd.Differential;

/// <summary>One way of running a sampler: the options given besides <c>-i</c>, <c>-o</c> and <c>-p</c>.</summary>
/// <param name="Options">One word of bundled short options (<c>-afse</c>), or empty for the default mode.</param>
public sealed record Mode(string Options)
{
    /// <summary>Every mode the attach sessions run: each option alone, and combinations of them.</summary>
    public static IReadOnlyList<Mode> All { get; } =
        [new(""), new("-a"), new("-m"), new("-f"), new("-s"), new("-e"), new("-am"), new("-af"), new("-se"), new("-afse")];

    public static Mode Default => All[0];

    /// <summary>The arguments that select the mode.</summary>
    public IReadOnlyList<string> Arguments => Options.Length == 0 ? [] : [Options];

    public CollapsedFormat Format => Options.Contains('a', StringComparison.Ordinal) ? CollapsedFormat.Alternative : CollapsedFormat.Normal;

    /// <summary>Three metrics with <c>-f</c>, else one.</summary>
    public int MetricCount => Options.Contains('f', StringComparison.Ordinal) ? 3 : 1;

    /// <summary><c>-m</c>: only positive memory deltas of the GIL holder, so what is emitted depends on timing.</summary>
    public bool Memory => Options.Contains('m', StringComparison.Ordinal);

    public bool Sleepless => Options.Contains('s', StringComparison.Ordinal);

    public bool ExcludeEmpty => Options.Contains('e', StringComparison.Ordinal);

    public override string ToString() => Options.Length == 0 ? "default" : Options;
}

/// <summary>
/// diff_target.py: five threads parked for good (one frameless) and its reporter lingering, so that any two samplers
/// attached to it see the same stacks whenever they look.
/// </summary>
public static class DiffTarget
{
    public const string Script = "diff_target.py";

    /// <summary>The roles whose stacks the oracle holds as they stay (the reporter's was taken while it polled).</summary>
    public static IReadOnlyList<string> ParkedRoles { get; } = ["main", "worker", "busy", "grower"];
}

/// <summary>What one sampler wrote in one mode, and how it ended.</summary>
/// <param name="Side">Which sampler.</param>
/// <param name="Mode">In which mode.</param>
/// <param name="Result">Its exit status, stdout and stderr.</param>
/// <param name="Text">Everything it wrote to its <c>-o</c> file.</param>
public sealed record SamplerOutput(Side Side, Mode Mode, ProcessResult Result, string Text)
{
    /// <summary>The lines of the output, without their newlines (a last line without one is kept).</summary>
    public IReadOnlyList<string> Lines => Text.Length == 0 ? [] : Text.TrimEnd('\n').Split('\n');

    /// <summary>The samples of a run that exited 0 and wrote only samples, at least one; fails the test otherwise.</summary>
    public IReadOnlyList<Sample> RequireSamples()
    {
        Assert.That(Result.ExitCode, Is.Zero, () => $"{Describe()} did not exit 0:\n{Result.Describe()}");
        IReadOnlyList<Sample> samples = [];
        try
        {
            samples = Collapsed.Parse(Text, Mode.Format, Mode.MetricCount);
        }
        catch (CollapsedFormatException e)
        {
            Assert.Fail($"{Describe()} wrote something other than samples: {e.Message}");
        }
        Assert.That(samples, Is.Not.Empty, () => $"{Describe()} wrote no sample:\n{Result.Describe()}");
        return samples;
    }

    /// <summary>The different stacks of the good samples (see <see cref="Stacks.Key"/>), bad samples left out.</summary>
    public IReadOnlySet<string> DistinctStacks() => RequireSamples().Where(sample => !sample.IsBad).Select(sample => Stacks.Key(sample.Frames)).ToHashSet();

    /// <summary>"ours in -afse", for messages.</summary>
    public string Describe() => $"{Sides.Name(Side)} in mode {Mode}";
}

/// <summary>Stacks as comparable strings.</summary>
public static class Stacks
{
    /// <summary>A stack as one string, <c>func (file:line);...</c>, outermost first; <c>(no frames)</c> for none.</summary>
    public static string Key(IReadOnlyList<Frame> frames) =>
        frames.Count == 0 ? "(no frames)" : Collapsed.RenderFrames(frames, CollapsedFormat.Alternative, prefix: ";")[1..];

    /// <summary>Sets of stacks, one per line, sorted, for messages.</summary>
    public static string Describe(IEnumerable<string> stacks) =>
        string.Join("\n", stacks.Order(StringComparer.Ordinal).Select(stack => "  " + stack)) is { Length: > 0 } text ? text : "  (none)";
}

/// <summary>
/// One diff_target.py per interpreter, with both samplers attached to it at once in every mode of
/// <see cref="Mode.All"/> (twenty samplers at <c>-i 5000</c>, writing with <c>-o</c>), for 1.5 s; then every sampler is
/// stopped with SIGINT, and the target killed. The tests of stacks, line shapes and thread ids share these runs.
/// </summary>
public sealed partial class AttachSession
{
    /// <summary>The sampling interval of every sampler, in microseconds: twenty samplers share two cores.</summary>
    public const int IntervalUs = 5000;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan EndTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Sampling = TimeSpan.FromSeconds(1.5);

    private static readonly ConcurrentDictionary<string, Lazy<AttachSession>> Sessions = new(StringComparer.Ordinal);

    private readonly IReadOnlyDictionary<(Side, Mode), SamplerOutput> _outputs;

    private AttachSession(Oracle oracle, string framelessThread, IReadOnlyDictionary<(Side, Mode), SamplerOutput> outputs)
    {
        Oracle = oracle;
        FramelessThread = framelessThread;
        _outputs = outputs;
    }

    /// <summary>What the target said about its threads once they were parked.</summary>
    public Oracle Oracle { get; }

    /// <summary>The id of the thread with no Python frame (the oracle lists only threads with frames).</summary>
    public string FramelessThread { get; }

    /// <summary>The session of <paramref name="python"/>, run the first time it is asked for.</summary>
    public static AttachSession Of(Interpreter python) =>
        Sessions.GetOrAdd(python.Path, _ => new Lazy<AttachSession>(() => Run(python))).Value;

    /// <summary>Drops every session (their outputs are large).</summary>
    public static void Forget() => Sessions.Clear();

    /// <summary>What <paramref name="side"/> wrote in <paramref name="mode"/>.</summary>
    public SamplerOutput Output(Side side, Mode mode) => _outputs[(side, mode)];

    /// <summary>Every thread id of the target: the oracle's and the frameless thread's.</summary>
    public IReadOnlySet<string> ThreadIds => Oracle.Threads.Keys.Append(FramelessThread).ToHashSet(StringComparer.Ordinal);

    private static AttachSession Run(Interpreter python)
    {
        string oraclePath = Scratch.NewPath("oracle.json");
        var samplers = new List<(Side Side, Mode Mode, string Path, RunningProcess Process)>();
        using RunningProcess target = RunningProcess.Start(
            [python.Path, Targets.PathOf(DiffTarget.Script), "--oracle", oraclePath, "--ready", "stdout"], PythonEnvironment.Clean);
        try
        {
            target.WaitForLine("ready", StartTimeout);
            // The reporter printed "ready" just before its linger: give it the moment it takes to get there.
            Thread.Sleep(50);
            foreach (Mode mode in Mode.All)
            {
                foreach (Side side in Sides.Both)
                {
                    string output = Scratch.NewPath($"{side}{mode.Options}.txt");
                    string[] arguments = ["-i", Text(IntervalUs), .. mode.Arguments, "-o", output, "-p", Text(target.Id)];
                    samplers.Add((side, mode, output, RunningProcess.Start(Sides.Command(side, arguments), Sides.Quiet)));
                }
            }
            Thread.Sleep(Sampling);

            // The samplers stop first (SIGINT: both flush and exit 0), while every thread is still parked: a target
            // being killed has all its threads woken (running, for -s) for a moment while its memory is still there.
            foreach ((_, _, _, RunningProcess process) in samplers)
                ProcessProbe.Signal(process.Id, ProcessProbe.SIGINT);
            var outputs = new Dictionary<(Side, Mode), SamplerOutput>();
            foreach ((Side side, Mode mode, string path, RunningProcess process) in samplers)
            {
                ProcessResult result = process.WaitForExit(EndTimeout);
                outputs[(side, mode)] = new SamplerOutput(side, mode, result, File.Exists(path) ? File.ReadAllText(path) : "");
            }

            ProcessProbe.Signal(target.Id, ProcessProbe.SIGKILL);
            ProcessResult ended = target.WaitForExit(EndTimeout);
            Match frameless = FramelessLine().Match(ended.StandardError);
            if (!frameless.Success)
                Assert.Fail($"diff_target.py did not name its frameless thread on stderr:\n{ended.Describe()}");
            return new AttachSession(Oracle.Load(oraclePath), frameless.Groups[1].Value, outputs);
        }
        finally
        {
            foreach ((_, _, _, RunningProcess process) in samplers)
                process.Dispose();
        }
    }

    private static string Text(int number) => number.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^frameless ([0-9a-f]+)$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex FramelessLine();
}
