// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd;

/// <summary>
/// The sampling modes (spec §3) against modes_target.py, whose threads make every answer known: a sleeper that
/// never runs nor holds the GIL, a busy thread that always runs, a thread with no Python frame at all, and a main
/// thread that allocates 50 MB in allocate() and frees it in release(). Each interpreter gets one short run per
/// mode (-s, -m, -f, -e); the tests share them, and read austin's log of the same runs.
/// </summary>
/// <remarks>
/// Austin attaches once every thread is parked, and only then does the target work: no sample catches a thread on
/// its way to its parking place (where it runs, and holds the GIL), so that "never" can be asserted exactly.
/// </remarks>
[TestFixture]
public sealed class ModesTests : EndToEndFixture
{

    // modes_target.py allocates this much, and at least this much must be seen: the last chunk may land while
    // no sample looks, and the RSS is counted in pages.
    private const int AllocatedMegabytes = 50;
    private const long ExpectedKilobytes = 40_000;

    private readonly ConcurrentDictionary<(string Python, Mode Mode), Lazy<ModeRun>> _runs = new();
    /// <summary>The modes, each with austin's options and the target's.</summary>
    public enum Mode
    {
        Sleepless,
        Memory,
        Full,
        ExcludeEmpty,
        Interval,
        Gil,
    }

    [OneTimeTearDown]
    public void ForgetRuns()
    {
        _runs.Clear();
    }

    // -s ------------------------------------------------------------------------------------------------------

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void SleeplessNeverEmitsAThreadWhileItSleeps(Interpreter python)
    {
        ModeRun run = Run(python, Mode.Sleepless);
        IReadOnlyList<Sample> samples = run.RequireSamples();

        using (Assert.EnterMultipleScope())
        {
            // The oracle sees the sleeper at its line once it has called time.sleep(), a moment before the kernel
            // has put it to sleep: a sample or two of that moment is the OS telling the truth, more is a bug.
            Assert.That(samples.Where(sample => sample.ThreadId == run.Oracle.ThreadOf("sleeper")).Take(3).Count(), Is.LessThanOrEqualTo(2),
                "samples of the thread asleep in sleeper() under -s");
            Assert.That(samples.Where(sample => sample.ThreadId == run.FramelessThread).Take(3), Is.Empty,
                "samples of the frameless thread, asleep in time.sleep(), under -s");
        }
    }

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void SleeplessKeepsABusyThreadInMostSamples(Interpreter python)
    {
        ModeRun run = Run(python, Mode.Sleepless);
        IReadOnlyList<Sample> samples = run.RequireSamples();
        Frame spinning = ModesTarget.Frame("busy_loop", "modes-busy");
        (long taken, _) = run.Log.Counts();

        int busy = samples.Count(sample => sample.ThreadId == run.Oracle.ThreadOf("busy") && sample.Leaf == spinning);

        // It spins all along; only the GIL hand-overs to the main thread make it wait now and then.
        Assert.That(busy * 2, Is.GreaterThanOrEqualTo(taken), $"samples of the busy thread spinning in busy_loop, out of {taken} samples taken");
    }

    // -m ------------------------------------------------------------------------------------------------------

    /// <remarks>A free-threaded build refuses -m (FreeThreadedTests): it has no GIL holder to give memory to.</remarks>
    [TestCaseSource(nameof(WithGil100))]
    public void MemoryModeAttributesTheAllocationToTheAllocatingFunction(Interpreter python)
    {
        ModeRun run = Run(python, Mode.Memory);
        IReadOnlyList<Sample> samples = run.RequireSamples();

        long kilobytes = samples
            .Where(sample => sample.ThreadId == run.Oracle.ThreadOf("main") && ModesTarget.IsIn(sample, "allocate"))
            .Sum(sample => sample.Metrics[0]);

        Assert.That(kilobytes, Is.GreaterThanOrEqualTo(ExpectedKilobytes),
            $"KB attributed to allocate() on the main thread, which allocates {AllocatedMegabytes} MB there" + ModesTarget.Totals(samples, 0));
    }

    private static IEnumerable<TestCaseData> WithGil100() => InterpreterChoice.WithGil("the memory deltas to go to");

    private static IEnumerable<TestCaseData> WithGil133() => InterpreterChoice.WithGil("the memory deltas to go to");

    private static IEnumerable<TestCaseData> WithGil151() => InterpreterChoice.WithGil("the memory deltas to go to");

    private static IEnumerable<TestCaseData> WithGil209() => InterpreterChoice.WithGil("--gil to keep");

    private static IEnumerable<TestCaseData> WithGil225() => InterpreterChoice.WithGil("--gil to keep");

    [TestCaseSource(nameof(WithGil100))]
    public void MemoryModeEmitsOnlyPositiveDeltasAndOnlyForTheGilHolder(Interpreter python)
    {
        ModeRun run = Run(python, Mode.Memory);
        IReadOnlyList<Sample> samples = run.RequireSamples();
        string[] neverHoldTheGil = [run.Oracle.ThreadOf("sleeper"), run.FramelessThread];

        using (Assert.EnterMultipleScope())
        {
            Assert.That(samples.Where(sample => sample.Metrics[0] <= 0).Take(3), Is.Empty, "-m emits only samples whose memory grew");
            Assert.That(samples.Where(sample => neverHoldTheGil.Contains(sample.ThreadId)).Take(3), Is.Empty,
                "samples of threads that never hold the GIL (the sleeper, the frameless thread)");
        }
    }

    // -f ------------------------------------------------------------------------------------------------------

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void FullModeGivesEveryLineATimeAGrowthAndAShrink(Interpreter python)
    {
        ModeRun run = Run(python, Mode.Full);
        IReadOnlyList<Sample> samples = run.RequireSamples();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(samples.Where(sample => sample.Metrics[0] < 0).Take(3), Is.Empty, "the time metric is never negative");
            Assert.That(samples.Where(sample => sample.Metrics[1] < 0).Take(3), Is.Empty, "the +memory metric is never negative");
            Assert.That(samples.Where(sample => sample.Metrics[2] > 0).Take(3), Is.Empty, "the -memory metric is never positive");
            Assert.That(samples.Where(sample => sample.Metrics[1] != 0 && sample.Metrics[2] != 0).Take(3), Is.Empty,
                "one delta is either a growth or a shrink, never both");
        }
    }

    [TestCaseSource(nameof(WithGil133))]
    public void FullModeGivesThreadsThatNeverHoldTheGilNoMemory(Interpreter python)
    {
        ModeRun run = Run(python, Mode.Full);
        IReadOnlyList<Sample> samples = run.RequireSamples();

        using (Assert.EnterMultipleScope())
        {
            foreach ((string role, string tid) in new[] { ("sleeper", run.Oracle.ThreadOf("sleeper")), ("frameless", run.FramelessThread) })
            {
                List<Sample> own = samples.Where(sample => sample.ThreadId == tid).ToList();
                Assert.That(own, Is.Not.Empty, $"-f emits every thread in every sample: the {role} thread ({tid}) is missing");
                Assert.That(own.Where(sample => sample.Metrics[1] != 0 || sample.Metrics[2] != 0).Take(3), Is.Empty,
                    $"samples of the {role} thread, which never holds the GIL, with memory other than 0 0");
            }
        }
    }

    [TestCaseSource(nameof(WithGil151))]
    public void FullModeShowsTheAllocationInAllocateAndTheReleaseInRelease(Interpreter python)
    {
        ModeRun run = Run(python, Mode.Full);
        IReadOnlyList<Sample> samples = run.RequireSamples();
        List<Sample> main = samples.Where(sample => sample.ThreadId == run.Oracle.ThreadOf("main")).ToList();

        long grown = main.Where(sample => ModesTarget.IsIn(sample, "allocate")).Sum(sample => sample.Metrics[1]);
        // The kernel may publish an unmap in the process's RSS a little late (its counters are cached per thread and
        // folded in from time to time), so the drop can surface in the samples right after release() returned.
        long shrunk = main.Where(sample => ModesTarget.IsIn(sample, "release") || ModesTarget.IsIn(sample, "wait_for_the_end"))
            .Sum(sample => sample.Metrics[2]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(grown, Is.GreaterThanOrEqualTo(ExpectedKilobytes), "+KB in allocate()" + ModesTarget.Totals(samples, 1));
            Assert.That(shrunk, Is.LessThanOrEqualTo(-ExpectedKilobytes), "-KB in release(), which frees the 50 MB, or just after it" + ModesTarget.Totals(samples, 2));
        }
    }

    // -e ------------------------------------------------------------------------------------------------------

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void WithoutExcludeEmptyAThreadWithoutFramesIsEmittedBare(Interpreter python)
    {
        ModeRun run = Run(python, Mode.Full); // no -e
        IReadOnlyList<Sample> samples = run.RequireSamples();

        List<Sample> frameless = samples.Where(sample => sample.ThreadId == run.FramelessThread).ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(frameless, Is.Not.Empty, $"samples of the thread started with start_new_thread(time.sleep) ({run.FramelessThread})");
            Assert.That(frameless.Where(sample => sample.IsBad || sample.Frames.Count > 0).Take(3), Is.Empty,
                "that thread has no Python frame: its lines are 'Thread <tid> <metrics>'");
        }
    }

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void ExcludeEmptyNeverEmitsAThreadWithoutFrames(Interpreter python)
    {
        ModeRun run = Run(python, Mode.ExcludeEmpty);
        IReadOnlyList<Sample> samples = run.RequireSamples();
        StackPattern sleeping = StackPattern.Empty.ThreadingBootstrap().Then(ModesTarget.Frame("sleeper", "modes-sleeper"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(samples.Where(sample => sample.ThreadId == run.FramelessThread).Take(3), Is.Empty,
                $"samples of the frameless thread ({run.FramelessThread}) under -e");
            Assert.That(samples.Where(sample => !sample.IsBad && sample.Frames.Count == 0).Take(3), Is.Empty,
                "samples without frames under -e");
            // The other threads are still there.
            SampleAssertions.StackSeen(samples, "sleeper", run.Oracle.ThreadOf("sleeper"), sleeping);
        }
    }

    // --gil ---------------------------------------------------------------------------------------------------

    [TestCaseSource(nameof(WithGil209))]
    public void GilOnlyEmitsTheHolderAndNeverAThreadThatSleeps(Interpreter python)
    {
        ModeRun run = Run(python, Mode.Gil);
        IReadOnlyList<Sample> samples = run.RequireSamples();
        (long taken, _) = run.Log.Counts();
        string[] neverHoldTheGil = [run.Oracle.ThreadOf("sleeper"), run.FramelessThread];

        using (Assert.EnterMultipleScope())
        {
            Assert.That(samples.Where(sample => neverHoldTheGil.Contains(sample.ThreadId)).Take(3), Is.Empty,
                "samples of threads that never hold the GIL (the sleeper, the frameless thread) under --gil");
            Assert.That(samples, Has.Count.LessThanOrEqualTo(taken), $"one GIL, so at most one line per sample ({taken} samples taken)");
        }
    }

    [TestCaseSource(nameof(WithGil225))]
    public void GilOnlyKeepsTheBusyThreadInMostSamples(Interpreter python)
    {
        ModeRun run = Run(python, Mode.Gil);
        IReadOnlyList<Sample> samples = run.RequireSamples();
        Frame spinning = ModesTarget.Frame("busy_loop", "modes-busy");
        (long taken, _) = run.Log.Counts();

        int busy = samples.Count(sample => sample.ThreadId == run.Oracle.ThreadOf("busy") && sample.Leaf == spinning);

        // It holds the GIL all along but for the hand-overs to the main thread, which wakes up every 5 ms.
        Assert.That(busy * 2, Is.GreaterThanOrEqualTo(taken), $"samples of the busy thread spinning in busy_loop, out of {taken} samples taken");
    }

    // -i ------------------------------------------------------------------------------------------------------

    [TestCaseSource(typeof(InterpreterChoice), nameof(InterpreterChoice.Newest))]
    public void AnIntervalOfTenMillisecondsGivesSamplesTenMillisecondsApartOnAverageAtRandomGaps(Interpreter python)
    {
        // The timer is austin's own: one interpreter is enough.
        ModeRun run = Run(python, Mode.Interval);
        IReadOnlyList<Sample> samples = run.RequireSamples();

        // The main thread is in every sample, from austin finding the runtime to the end (2 s and a start-up). The
        // first sample's metric is one interval by definition; the others are the gaps of the schedule.
        List<long> gaps = samples.Where(sample => sample.ThreadId == run.Oracle.ThreadOf("main")).Skip(1).Select(sample => sample.Metrics[0]).ToList();
        Assert.That(gaps, Has.Count.GreaterThan(100), "samples of the main thread at -i 10000");
        double mean = gaps.Average();

        using (Assert.EnterMultipleScope())
        {
            // The schedule is absolute: a late wake-up is followed by a shorter gap, so the mean holds on a loaded
            // machine (a gap is drawn uniformly from 5 to 15 ms; the mean of 150 of them is 10 ms within 0.25 ms).
            Assert.That(mean, Is.InRange(9_000, 11_000), "the mean time between two samples, in us, at -i 10000");
            // Never in lock-step with the target: the gaps spread over half to one and a half intervals.
            Assert.That(gaps.Count(gap => gap < 7_500), Is.GreaterThan(gaps.Count / 10), "gaps under 7.5 ms");
            Assert.That(gaps.Count(gap => gap > 12_500), Is.GreaterThan(gaps.Count / 10), "gaps over 12.5 ms");
        }
    }

    // The log of the same runs (spec §4) ----------------------------------------------------------------------

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void TheLogNamesThePythonVersionAndTheProcess(Interpreter python)
    {
        ModeRun run = Run(python, Mode.Full);
        run.RequireSamples();
        PythonVersion version = python.Version;

        // What discovery knows at once: X.Y.Z (3.11+) or X.Y from a file name; the next test checks X.Y.Z.
        run.Log.Single($@"Python {version.Major}\.{version.Minor}(\.{version.Micro})? found in process {run.Oracle.Pid}");
    }

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void TheLogNamesTheFullPythonVersion(Interpreter python)
    {
        ModeRun run = Run(python, Mode.Full);
        run.RequireSamples();

        Assert.That(run.Log.Messages, Has.Member($"Python version {python.Version}"), () => run.Log.Text);
    }

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void TheLogCountsEveryLineAFullRunPrinted(Interpreter python)
    {
        ModeRun run = Run(python, Mode.Full);
        IReadOnlyList<Sample> samples = run.RequireSamples();

        // -f filters nothing: every thread stack austin took is a line.
        (long taken, long stacks) = run.Log.Counts();
        (long bad, string rate) = run.Log.BadSamples();
        int badLines = samples.Count(sample => sample.IsBad);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(stacks, Is.EqualTo(samples.Count), "'thread stacks' in the log against the lines printed");
            Assert.That(bad, Is.EqualTo(badLines), "'Bad samples' in the log against the bad lines printed");
            Assert.That(rate, Is.EqualTo((bad * 100.0 / Math.Max(1, stacks)).ToString("F2", CultureInfo.InvariantCulture)), "the error rate");
            // The main thread is in every sample but those taken while the interpreter finalises (its thread
            // states go away, a few milliseconds) and the one that finds the target gone. (Not the sleeper: the
            // samples of the start-up, before it starts, grow with the machine's load: 14 % of a run at load 26.)
            long main = samples.Count(sample => sample.ThreadId == run.Oracle.ThreadOf("main"));
            Assert.That(taken, Is.InRange(main, main + (main / 10) + 1), "'Samples' in the log against the lines of the main thread");
        }
    }

    private ModeRun Run(Interpreter python, Mode mode) =>
        _runs.GetOrAdd((python.Path, mode), key => new Lazy<ModeRun>(() => ModeRun.Start(python, mode, Scratch, RunTimeout))).Value;

    /// <summary>One austin run of modes_target.py in one mode: samples, oracle, log, and the frameless thread's id.</summary>
    private sealed class ModeRun
    {
        private readonly IReadOnlyList<Sample>? _samples;
        private readonly string _problem;
        private readonly string _oraclePath;
        private readonly string _logPath;

        private ModeRun(ProcessResult? result, ProcessResult? target, IReadOnlyList<Sample>? samples, string problem, string oraclePath, string logPath)
        {
            Result = result;
            Target = target;
            _samples = samples;
            _problem = problem;
            _oraclePath = oraclePath;
            _logPath = logPath;
        }

        /// <summary>austin -p, with stdout cut to its first lines; null when it did not finish.</summary>
        public ProcessResult? Result { get; }

        /// <summary>The target, which printed "ready" and the frameless thread's id.</summary>
        public ProcessResult? Target { get; }

        public Oracle Oracle => Oracle.Load(_oraclePath);

        public AustinLog Log => AustinLog.Read(_logPath);

        /// <summary>The id the target printed for its frameless thread.</summary>
        public string FramelessThread
        {
            get
            {
                Match match = Regex.Match(Target?.StandardError ?? "", "^frameless ([0-9a-f]+)$", RegexOptions.Multiline);
                if (!match.Success)
                    Assert.Fail("the target did not print its frameless thread's id:\n" + Target?.Describe());
                return match.Groups[1].Value;
            }
        }

        public static ModeRun Start(Interpreter python, Mode mode, string scratch, TimeSpan timeout)
        {
            string name = $"{string.Concat(python.DisplayName.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_'))}-{mode}";
            string oraclePath = Path.Combine(scratch, name + ".json");
            string logPath = Path.Combine(scratch, name + ".log");
            string goPath = Path.Combine(scratch, name + ".go");
            // Samples go to a file: a test host slow to drain a pipe would block austin's writes and stall its
            // sampling while the target runs on (what the user sees with a slow reader, not what is tested here).
            string samplesPath = Path.Combine(scratch, name + ".samples");
            (string[] options, string[] work, int metrics) = mode switch
            {
                Mode.Sleepless => (new[] { "-s", "-i", "1000" }, new[] { "--busy", "--total", "0.6" }, 1),
                Mode.Memory => (["-m", "-i", "200"], ["--allocate", Text(AllocatedMegabytes), "--total", "0.8"], 1),
                Mode.Full => (["-f", "-i", "200"], ["--allocate", Text(AllocatedMegabytes), "--total", "0.8"], 3),
                Mode.ExcludeEmpty => (["-e", "-i", "1000"], ["--total", "0.4"], 1),
                Mode.Interval => (["-i", "10000"], ["--total", "2.0"], 1),
                Mode.Gil => (["--gil", "-i", "1000"], ["--busy", "--total", "0.6"], 1),
                _ => throw new ArgumentOutOfRangeException(nameof(mode)),
            };

            // Attach once every thread is parked, then let the target work: no sample sees a thread starting.
            using RunningProcess target = RunningProcess.Start(
                [python.Path, Targets.PathOf(ModesTarget.Script), "--oracle", oraclePath, "--go", goPath, .. work], PythonEnvironment.Clean);
            ProcessResult result;
            ProcessResult targetResult;
            try
            {
                target.WaitForLine("ready", timeout);
                using RunningProcess austin = RunningProcess.Start(
                    [AustinBinary.Path, .. options, "-o", samplesPath, "-p", target.Id.ToString(CultureInfo.InvariantCulture)], AustinLog.To(logPath));
                ProcessProbe.WaitForText(logPath, "found in process", timeout, () => ProcessProbe.Describe(austin.Id));
                File.WriteAllText(goPath, "");
                result = austin.WaitForExit(timeout);
                targetResult = target.WaitForExit(timeout);
                if (result.StandardOutput.Length > 0)
                    return new ModeRun(result, targetResult, null, "austin wrote to standard output despite -o:\n" + result.Describe(), oraclePath, logPath);
                result = result with { StandardOutput = File.Exists(samplesPath) ? File.ReadAllText(samplesPath) : "" };
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException)
            {
                return new ModeRun(null, null, null, e.Message, oraclePath, logPath);
            }
            try
            {
                IReadOnlyList<Sample> samples = Collapsed.Parse(result.StandardOutput, CollapsedFormat.Normal, metrics);
                return new ModeRun(result with { StandardOutput = ProcessRunner.Head(result.StandardOutput) }, targetResult, samples, "", oraclePath, logPath);
            }
            catch (CollapsedFormatException e)
            {
                return new ModeRun(result, targetResult, null, $"austin printed something other than samples: {e.Message}\n{result.Describe()}", oraclePath, logPath);
            }
        }

        /// <summary>The samples of a run that exited 0 and printed only samples; else a failure with austin's words.</summary>
        public IReadOnlyList<Sample> RequireSamples()
        {
            if (Result is null)
                Assert.Fail(_problem);
            Assert.That(Result!.ExitCode, Is.Zero, () => "austin did not exit 0:\n" + Result.Describe());
            Assert.That(Target!.ExitCode, Is.Zero, () => "the target did not end normally:\n" + Target.Describe());
            if (_samples is null)
                Assert.Fail(_problem);
            Assert.That(_samples, Is.Not.Empty, () => "austin printed no sample:\n" + Result.Describe());
            return _samples!;
        }

        private static string Text(int number) => number.ToString(CultureInfo.InvariantCulture);
    }
}

/// <summary>Frames of modes_target.py, built from its markers.</summary>
public static class ModesTarget
{
    public const string Script = "modes_target.py";

    /// <summary>The frame of <paramref name="function"/> at the line marked <paramref name="tag"/>.</summary>
    public static Frame Frame(string function, string tag) => new(function, Targets.PathOf(Script), Targets.Line(Script, tag));

    /// <summary>True when the sample's innermost frame is <paramref name="function"/> of modes_target.py.</summary>
    public static bool IsIn(Sample sample, string function) =>
        sample.Leaf is Frame leaf && leaf.Function == function && leaf.File == Targets.PathOf(Script);

    /// <summary>For messages: the biggest totals of metric <paramref name="index"/> by innermost frame.</summary>
    public static string Totals(IReadOnlyList<Sample> samples, int index) =>
        "\ntotals by innermost frame:\n" + string.Join('\n', samples
            .GroupBy(sample => $"{sample.ThreadId} {sample.Leaf?.ToString() ?? "(no frame)"}")
            .Select(group => (group.Key, Total: group.Sum(sample => sample.Metrics[index])))
            .OrderByDescending(entry => Math.Abs(entry.Total))
            .Take(6)
            .Select(entry => $"  {entry.Total,8} {entry.Key}"));
}
