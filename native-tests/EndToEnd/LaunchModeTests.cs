// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd;

/// <summary>
/// austin launching main_target.py, with every interpreter on the machine. Each interpreter gets one run in the
/// normal format and one shorter run with <c>-a</c>; the tests share them (the suite must stay short across a
/// dozen interpreters on two cores), each checking one promise of the spec against them.
/// </summary>
/// <remarks>
/// Expectations come from two independent places: the marker comments in the target files (names written
/// here, line numbers read from the files), and the oracle the target writes from <c>sys._current_frames()</c>
/// at the moment every thread is parked. Thread ids come from the oracle.
/// </remarks>
[TestFixture]
public sealed class LaunchModeTests : ExactEndToEndFixture
{
    // A healthy run takes about 2.5 s (start-up, parking, lingering); the rest is for a loaded machine. Not more:
    // if austin hangs on every interpreter, ~23 runs at this timeout must still fit the suite's 10 minutes.

    // How long the target stays parked after "ready": long enough for ~1500 samples at -i 1000.
    private const double NormalLinger = 1.5;
    private const double AlternativeLinger = 0.5;

    private readonly ConcurrentDictionary<string, Lazy<AustinRun>> _normalRuns = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<AustinRun>> _alternativeRuns = new(StringComparer.Ordinal);

    [OneTimeTearDown]
    public void ForgetRuns()
    {
        _normalRuns.Clear();
        _alternativeRuns.Clear();
    }

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void AustinExitsZeroAndPrintsNothingButSamples(Interpreter python)
    {
        IReadOnlyList<Sample> samples = Normal(python).RequireSamples();

        Assert.That(samples.Where(sample => sample.Metrics[0] < 0).Take(3), Is.Empty,
            "a time metric counts microseconds since the previous sample: never negative");
    }

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void AustinAddsNothingToTheTargetsStandardError(Interpreter python)
    {
        AustinRun run = Normal(python);
        run.RequireSamples();

        // The target prints "ready" there; austin's own diagnostics belong in its log, not on stderr.
        Assert.That(run.Result!.StandardError, Is.EqualTo("ready\n"));
    }

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void EveryParkedThreadIsSampledWithItsExactStack(Interpreter python)
    {
        AustinRun run = Normal(python);
        IReadOnlyList<Sample> samples = run.RequireSamples();
        Oracle oracle = run.RequireOracle();

        using (Assert.EnterMultipleScope())
        {
            foreach ((string role, StackPattern expected) in MainTarget.ParkedStacks(python.Version))
                SampleAssertions.StackSeen(samples, role, oracle.ThreadOf(role), expected);
        }
    }

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void TheInterpretersOwnViewOfEveryParkedStackIsSampledVerbatim(Interpreter python)
    {
        AustinRun run = Normal(python);
        IReadOnlyList<Sample> samples = run.RequireSamples();
        Oracle oracle = run.RequireOracle();

        using (Assert.EnterMultipleScope())
        {
            foreach (string role in oracle.Roles.Keys.Where(role => role != Oracle.Reporter).Order(StringComparer.Ordinal))
                SampleAssertions.FramesSeen(samples, role, oracle.ThreadOf(role), oracle.StackOf(role));
        }
    }

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void EveryThreadOfTheTargetIsSampledUnderItsPythonThreadId(Interpreter python)
    {
        AustinRun run = Normal(python);
        IReadOnlyList<Sample> samples = run.RequireSamples();
        Oracle oracle = run.RequireOracle();

        // The target starts all its threads before the oracle and none after, and they all live until after
        // the linger: austin must print all these ids (threading.get_ident() in hex), and no other.
        using (Assert.EnterMultipleScope())
        {
            Assert.That(oracle.Threads.Keys.Except(samples.Select(sample => sample.ThreadId)), Is.Empty,
                "threads of the target that austin never printed");
            SampleAssertions.OnlyThreadsOfTheTarget(samples, oracle, python.Version);
        }
    }

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void TheFourWorkersAreSampledAsFourDistinctThreads(Interpreter python)
    {
        AustinRun run = Normal(python);
        IReadOnlyList<Sample> samples = run.RequireSamples();
        Oracle oracle = run.RequireOracle();
        string main = Targets.PathOf(MainTarget.Script);

        var threadsByWorker = MainTarget.Workers.ToDictionary(
            worker => worker,
            worker =>
            {
                var parked = new Frame("worker_" + worker, main, Targets.Line(MainTarget.Script, worker));
                return samples.Where(sample => sample.Leaf == parked).Select(sample => sample.ThreadId).Distinct().ToList();
            });

        using (Assert.EnterMultipleScope())
        {
            foreach ((string worker, List<string> threads) in threadsByWorker)
                Assert.That(threads, Is.EqualTo(new[] { oracle.ThreadOf(worker) }), $"thread ids of the samples parked in worker_{worker}");
            Assert.That(threadsByWorker.Values.SelectMany(threads => threads).Distinct().Count(), Is.EqualTo(MainTarget.Workers.Count),
                "the four workers must be four different threads");
        }
    }

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void TheRecursionIsSampledAsExactlyThreeHundredFramesOfDeep(Interpreter python)
    {
        AustinRun run = Normal(python);
        IReadOnlyList<Sample> samples = run.RequireSamples();
        Oracle oracle = run.RequireOracle();
        var bottom = new Frame("deep", Targets.PathOf(MainTarget.Script), Targets.Line(MainTarget.Script, "deep-sleep"));

        List<Sample> parked = samples.Where(sample => sample.ThreadId == oracle.ThreadOf("deep") && sample.Leaf == bottom).ToList();

        Assert.That(parked, Is.Not.Empty, $"no sample of the 'deep' thread ends in {bottom}");
        // Every one of them, not just one: a sampler that caps or loses frames must not do it silently.
        Assert.That(parked.Select(sample => sample.Frames.Count(frame => frame.Function == "deep")).Distinct(),
            Is.EqualTo(new[] { MainTarget.RecursionDepth }),
            "frames of deep() in the samples parked at the bottom of the recursion");
    }

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void BadSamplesStayUnderOnePercent(Interpreter python)
    {
        IReadOnlyList<Sample> samples = Normal(python).RequireSamples();

        int bad = samples.Count(sample => sample.IsBad);
        Assert.That(bad * 100, Is.LessThan(samples.Count), $"{bad} bad samples out of {samples.Count}");
    }

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void TheAlternativeFormatShowsTheSameStacks(Interpreter python)
    {
        AustinRun run = Alternative(python);
        IReadOnlyList<Sample> samples = run.RequireSamples(); // parsed as "<func> (<file>:<line>)" frames
        Oracle oracle = run.RequireOracle();

        using (Assert.EnterMultipleScope())
        {
            foreach ((string role, StackPattern expected) in MainTarget.ParkedStacks(python.Version))
            {
                SampleAssertions.StackSeen(samples, role, oracle.ThreadOf(role), expected);
                SampleAssertions.FramesSeen(samples, role, oracle.ThreadOf(role), oracle.StackOf(role));
            }
        }
    }

    private AustinRun Normal(Interpreter python) =>
        _normalRuns.GetOrAdd(python.Path, _ => new Lazy<AustinRun>(() => Launch(python, CollapsedFormat.Normal))).Value;

    private AustinRun Alternative(Interpreter python) =>
        _alternativeRuns.GetOrAdd(python.Path, _ => new Lazy<AustinRun>(() =>
            // A second timeout for the same interpreter would only make the suite slower.
            Normal(python).TimedOut
                ? AustinRun.NotRun("not run: austin already timed out on this interpreter in the normal format")
                : Launch(python, CollapsedFormat.Alternative))).Value;

    private AustinRun Launch(Interpreter python, CollapsedFormat format)
    {
        bool alternative = format == CollapsedFormat.Alternative;
        string name = new string(python.DisplayName.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        string oracle = Path.Combine(Scratch, $"{name}-{(alternative ? "alternative" : "normal")}.json");
        string[] options = alternative ? ["-a", "-i", "1000"] : ["-i", "1000"];
        return AustinRun.Start(
            [.. options, .. MainTarget.Command(python, oracle, alternative ? AlternativeLinger : NormalLinger)],
            format, RunTimeout, PythonEnvironment.Clean, oracle);
    }
}
