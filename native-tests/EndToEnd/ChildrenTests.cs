// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd;

/// <summary>
/// <c>austin -C</c> against children_target.py: every descendant of the target that runs Python is sampled, each line
/// says which process it is of. Every interpreter gets one run of a pool of 4 forked workers (after a short-lived
/// forked child), shared by the tests; the other ways of starting a Python (spawn, a shell in between, fork + exec,
/// attaching to a parent) run once, on the newest interpreter.
/// </summary>
[TestFixture]
public sealed class ChildrenTests : EndToEndFixture
{
    private const string Target = "children_target.py";

    // The forked child burns this long; austin must sample it for all but the first 100 ms.
    private const double ShortLivedSeconds = 0.4;
    private const double FoundWithinSeconds = 0.1;

    private readonly ConcurrentDictionary<string, Lazy<(AustinRun Run, Dictionary<string, int[]> Said)>> _poolRuns = new(StringComparer.Ordinal);

    [OneTimeTearDown]
    public void ForgetRuns() => _poolRuns.Clear();

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void EveryWorkerOfAPoolIsSampledBurningInItsOwnFunction(Interpreter python)
    {
        (AustinRun run, Dictionary<string, int[]> said) = Pool(python);
        IReadOnlyList<Sample> samples = run.RequireSamples();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(said["workers"], Has.Length.EqualTo(4).And.Unique, "the target's own report of its workers");
            foreach (int worker in said["workers"])
                InFunction(samples, worker, "burn_in_worker", "pool worker");
            Assert.That(samples.Any(sample => sample.Pid == said["parent"][0]), Is.True, "the pool's parent was not sampled");
        }
    }

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void EveryLineStartsWithItsProcess(Interpreter python)
    {
        IReadOnlyList<Sample> samples = Pool(python).Run.RequireSamples();

        Assert.That(samples.Where(sample => sample.Pid is null).Take(3), Is.Empty, "with -C, every line starts with 'Process <pid>;'");
    }

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void AForkedChildIsSampledWithinATenthOfASecondOfItsStart(Interpreter python)
    {
        (AustinRun run, Dictionary<string, int[]> said) = Pool(python);
        IReadOnlyList<Sample> samples = run.RequireSamples();
        int child = said["short"][0];

        // Each line's time is the wall time since the previous sample of the same process: their sum is how long the
        // child was sampled, from its first sample to its last.
        InFunction(samples, child, "short_lived_child", "short-lived child");
        double sampledSeconds = samples.Where(sample => sample.Pid == child).Sum(sample => sample.Metrics[0]) / 1e6;
        Assert.That(sampledSeconds, Is.GreaterThanOrEqualTo(ShortLivedSeconds - FoundWithinSeconds),
            $"the child burnt {ShortLivedSeconds} s, austin sampled it for {sampledSeconds:F3} s only");
    }

    [Test]
    public void SpawnedWorkersAreSampled()
    {
        Interpreter python = Newest();
        (AustinRun run, Dictionary<string, int[]> said) = Launch(python, ["pool", "--start", "spawn"]);
        IReadOnlyList<Sample> samples = run.RequireSamples();

        using (Assert.EnterMultipleScope())
        {
            foreach (int worker in said["workers"])
                InFunction(samples, worker, "burn_in_worker", "spawned worker");
        }
    }

    [Test]
    public void APythonBehindAShellAndOneForkedThenExecdAreSampled()
    {
        Interpreter python = Newest();
        (AustinRun run, Dictionary<string, int[]> said) = Launch(python, ["shell"]);
        IReadOnlyList<Sample> samples = run.RequireSamples();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(said["burner"], Has.Length.EqualTo(2), "the target's own report of its children");
            foreach (int burner in said["burner"])
                InFunction(samples, burner, "burn_in_child", "python behind sh -c, or fork + exec");
        }
    }

    [Test]
    public void AttachingFollowsTheChildrenThatExistAndThoseThatCome()
    {
        Interpreter python = Newest();
        string go = ScratchPath("go");
        string log = ScratchPath("austin.log");
        using RunningProcess target = RunningProcess.Start(
            [python.Path, Targets.PathOf(Target), "attach", "--go", go], PythonEnvironment.Clean);
        target.WaitForLine("ready", ReadyTimeout);
        using RunningProcess austin = RunningProcess.Start(
            [AustinBinary.Path, "-C", "-i", "1000", "-p", target.Id.ToString(CultureInfo.InvariantCulture)],
            PythonEnvironment.With(("AUSTIN_LOG_FILE", log)));

        // The late child comes once austin samples the parent and the early child.
        var waited = Stopwatch.StartNew();
        while (FoundCount(log) < 2 && waited.Elapsed < StartTimeout && !austin.HasExited) Thread.Sleep(10);
        File.WriteAllText(go, "");
        ProcessResult result = austin.WaitForExit(RunTimeout);
        ProcessResult targetResult = target.WaitForExit(RunTimeout);

        IReadOnlyList<Sample> samples = AustinRun.FromResult(result, CollapsedFormat.Normal).RequireSamples();
        Dictionary<string, int[]> said = Said(targetResult.StandardError);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(samples.Any(sample => sample.Pid == target.Id), Is.True, "the process attached to was not sampled");
            InFunction(samples, said["early"][0], "early_child", "child that existed before austin attached");
            InFunction(samples, said["late"][0], "late_child", "child that came after austin attached");
        }
    }

    [Test]
    public void ACommandThatIsNotPythonAndStartsNoneIsRefused()
    {
        ProcessResult result = RunAustin(["-C", "sleep", "5"]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(65), result.Describe);
            Assert.That(result.StandardError, Is.EqualTo("austin: 'sleep 5' is not a Python process and started none (no Python runtime found within 100 ms)\n"));
            Assert.That(result.Elapsed, Is.LessThan(TimeSpan.FromSeconds(4)), "austin waited for the command instead of giving up after -t");
        }
    }

    private (AustinRun Run, Dictionary<string, int[]> Said) Pool(Interpreter python) =>
        _poolRuns.GetOrAdd(python.DisplayName, _ => new Lazy<(AustinRun, Dictionary<string, int[]>)>(() => Launch(python, ["pool"]))).Value;

    private static (AustinRun Run, Dictionary<string, int[]> Said) Launch(Interpreter python, string[] arguments)
    {
        AustinRun run = AustinRun.Start(["-C", "-i", "1000", python.Path, Targets.PathOf(Target), .. arguments],
            CollapsedFormat.Normal, RunTimeout, PythonEnvironment.Clean);
        return (run, Said(run.Result?.StandardError ?? ""));
    }

    /// <summary>The newest interpreter: the ways of starting a child that do not depend on the version run once.</summary>
    private static Interpreter Newest() => Pythons.Last(python => python.Version.AtLeast(3, 4));

    /// <summary>What the target said on stderr: "word pid pid..." lines, by word (the pids of repeated words joined).</summary>
    private static Dictionary<string, int[]> Said(string stderr)
    {
        var said = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (string line in stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] words = line.Split(' ');
            if (words.Length < 2 || !words.Skip(1).All(w => int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out _))) continue;
            int[] pids = words.Skip(1).Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToArray();
            said[words[0]] = said.TryGetValue(words[0], out int[]? before) ? [.. before, .. pids] : pids;
        }
        foreach (string word in new[] { "workers", "parent", "short", "burner", "early", "late" })
            said.TryAdd(word, []);
        return said;
    }

    private static int FoundCount(string log)
    {
        try
        {
            return File.Exists(log) ? File.ReadAllLines(log).Count(line => line.Contains(" found in process ", StringComparison.Ordinal)) : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>Asserts that some sample of process <paramref name="pid"/> has <paramref name="function"/> of the target in its stack.</summary>
    private static void InFunction(IReadOnlyList<Sample> samples, int pid, string function, string role)
    {
        string file = Targets.PathOf(Target);
        List<Sample> ofProcess = samples.Where(sample => sample.Pid == pid).ToList();
        Assert.That(ofProcess.Any(sample => sample.Frames.Any(frame => frame.Function == function && frame.File == file)), Is.True,
            () => $"{role} {pid}: no sample in {function} ({file}) among its {ofProcess.Count} samples; " +
                  $"processes sampled: {string.Join(", ", samples.GroupBy(sample => sample.Pid).Select(group => $"{group.Key} ({group.Count()})"))}" +
                  (ofProcess.Count > 0 ? $"\nits most frequent stack: {ofProcess.GroupBy(sample => Collapsed.RenderFrames(sample.Frames, CollapsedFormat.Alternative)).OrderByDescending(group => group.Count()).First().Key}" : ""));
    }
}
