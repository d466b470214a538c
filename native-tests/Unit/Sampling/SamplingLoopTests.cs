// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Linq;
using Austin.Output;
using Austin.Platform;
using Austin.Python;
using Austin.Python.Abi;
using Austin.Samples;
using Austin.Sampling;
using Austin.Tests.Support.Synthetic;
using NUnit.Framework;

namespace Austin.Tests.Unit.Sampling;

/// <summary>
/// The sampling loop driven without any real process: synthetic CPython images in fake processes (found by the
/// real discovery), a fake clock that jumps to each deadline, and a writer that records what it is given.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class SamplingLoopTests
{
    private const long Interval = 1_000_000;   // 1 ms

    /// <summary>A clock that jumps to each deadline, charges each reading a fixed cost, and can act at chosen ticks.</summary>
    private sealed class FakeClock : IClock
    {
        private long _now = 10_000_000_000;
        public long CostPerReadingNs { get; set; }
        public List<long> Wakes { get; } = [];
        public Action<int>? AtTick { get; set; }

        public long NowNs()
        {
            long now = _now;
            _now += CostPerReadingNs;
            return now;
        }

        public void SleepUntil(long deadlineNs)
        {
            _now = Math.Max(_now, deadlineNs);
            Wakes.Add(_now);
            AtTick?.Invoke(Wakes.Count);
        }

        public long Peek => _now;

        /// <summary>Time passes without a reading: the sampler held up (a buffer written out, descheduled).</summary>
        public void Stall(long ns) => _now += ns;
    }

    private sealed record Written(int Pid, ulong ThreadId, bool HoldsGil, bool Bad, string[] Frames, SampleMetrics Metrics);

    /// <summary>Keeps every sample as text, and when it was flushed (by the fake clock).</summary>
    private sealed class RecordingWriter(FakeClock clock) : ISampleWriter
    {
        private int _limit = int.MaxValue;
        private StopFlag? _stop;
        public List<Written> Samples { get; } = [];
        public List<long> Flushes { get; } = [];

        /// <summary>Stops the loop once <paramref name="lines"/> lines were written (for runs that never sleep).</summary>
        public void StopAfter(int lines, StopFlag stop) => (_limit, _stop) = (lines, stop);
        public void Begin(ProfileMetadata metadata) { }
        public void WriteMetadata(string key, string value) { }
        public void Write(in ThreadSample sample)
        {
            var frames = new string[sample.Frames.Length];
            for (int i = 0; i < frames.Length; i++) frames[i] = $"{sample.Frames[i].Function.Name}:{sample.Frames[i].Line}";
            Samples.Add(new Written(sample.Pid, sample.ThreadId, sample.HoldsGil, sample.IsBad, frames, sample.Metrics));
            if (Samples.Count >= _limit) _stop?.Request(StopSignal.Interrupt);
        }
        public void Flush() => Flushes.Add(clock.Peek);
        public void End(ProfileStatistics statistics) { }
        public void Dispose() { }
    }

    /// <summary>A process holding a synthetic image of <paramref name="version"/>: two threads with stacks, the second holding the GIL.</summary>
    private static (FakeTargetProcess Process, SyntheticImage Image) FakePython(int major, int minor, int pid = 4242, bool emptyThread = false)
    {
        Layout layout = TargetAbi.LinuxX64.LayoutOf(new PythonVersion(major, minor))!;
        FrameSpec[][] threads =
        [
            [new FrameSpec(0, 0, FrameKind.Normal), new FrameSpec(1, 3, FrameKind.Normal)],
            [new FrameSpec(0, 1, FrameKind.Normal), new FrameSpec(2, 2, FrameKind.Normal), new FrameSpec(1, 5, FrameKind.Normal)],
            .. emptyThread ? new[] { Array.Empty<FrameSpec>() } : [],
        ];
        var spec = new ImageSpec(
            [
                new CodeSpec(new StringSpec(0, true), new StringSpec(0, true), new StringSpec(11, true), 1, [new Segment(4, 1, false)], 0, 0),
                new CodeSpec(new StringSpec(1, true), new StringSpec(1, true), new StringSpec(11, true), 10, [new Segment(8, 2, false)], 0, 0),
                new CodeSpec(new StringSpec(2, true), new StringSpec(3, true), new StringSpec(11, true), 20, [new Segment(8, 3, false)], 0, 0),
            ],
            [threads], GilHolder: 1, CodeTypeKnown: true, PthreadTidOffset: 0x2d0, Scatter: 7);
        var image = new SyntheticImage(layout, spec);
        var process = new FakeTargetProcess(image.Memory) { Pid = pid };
        if (layout.Runtime.InterpretersHead >= 0)
            process.AddModule($"/usr/lib/libpython{major}.{minor}.so.1.0", 0x1000, new() { ["_PyRuntime"] = image.HeadPointer - (ulong)layout.Runtime.InterpretersHead });
        else
            process.AddModule($"/usr/lib/libpython{major}.{minor}.so.1.0", 0x1000, new() { ["interp_head"] = image.HeadPointer });
        return (process, image);
    }

    private static SampledProcess Sampled(FakeTargetProcess process, ThreadFilter filter)
    {
        Assert.That(PythonProcess.TryLocate(process, out PythonProcess? python), Is.EqualTo(PythonStartup.Ready), "discovery over the synthetic image");
        python!.WantGilHolder = filter.NeedsGilHolder;
        return new SampledProcess(process, python);
    }

    private static (SamplingLoop Loop, FakeClock Clock, RecordingWriter Writer, SamplingStatistics Stats, StopFlag Stop, TargetSet Targets)
        Loop(ThreadFilter filter, int ticks, params FakeTargetProcess[] processes) => Loop(filter, ticks, Interval, exposureNs: 0, processes);

    private static (SamplingLoop Loop, FakeClock Clock, RecordingWriter Writer, SamplingStatistics Stats, StopFlag Stop, TargetSet Targets)
        Loop(ThreadFilter filter, int ticks, long intervalNs, long exposureNs, params FakeTargetProcess[] processes)
    {
        var clock = new FakeClock();
        var writer = new RecordingWriter(clock);
        var stats = new SamplingStatistics();
        var stop = new StopFlag();
        var targets = new TargetSet();
        foreach (FakeTargetProcess process in processes) targets.Add(Sampled(process, filter));
        clock.AtTick = tick => { if (tick >= ticks) stop.Request(StopSignal.Interrupt); };
        var loop = new SamplingLoop(clock, targets, writer, filter, intervalNs, stats, stop) { Seed = 12345, ExposureNs = exposureNs };
        return (loop, clock, writer, stats, stop, targets);
    }

    private static readonly ThreadFilter TimeOnly = new(MetricMode.Time, excludeEmpty: false, sleepless: false);

    public static IEnumerable<TestCaseData> Versions() =>
        new[] { (2, 7), (3, 6), (3, 9), (3, 10), (3, 11), (3, 12) }.Select(v => new TestCaseData(v.Item1, v.Item2).SetArgDisplayNames($"{v.Item1}.{v.Item2}"));

    [TestCaseSource(nameof(Versions))]
    public void Every_thread_is_written_with_its_exact_stack_at_every_sample(int major, int minor)
    {
        (FakeTargetProcess process, SyntheticImage image) = FakePython(major, minor);
        var run = Loop(TimeOnly, ticks: 10, process);
        run.Loop.Run();

        string[][] expected = image.Expected.Select(t => t.Frames.Select(f => $"{f.Name}:{f.Line}").ToArray()).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.Stats.Samples, Is.EqualTo(10), "samples: the tenth wake-up stops the loop after its sample");
            Assert.That(run.Writer.Samples, Has.Count.EqualTo(20), "two threads a sample");
            for (int i = 0; i < run.Writer.Samples.Count; i++)
            {
                Written w = run.Writer.Samples[i];
                Assert.That(w.Frames, Is.EqualTo(expected[i % 2]), $"sample {i / 2}, thread {i % 2}");
                Assert.That((w.Pid, w.ThreadId, w.Bad), Is.EqualTo((4242, image.Expected[i % 2].ThreadId, false)));
            }
        }
    }

    [Test]
    public void The_time_metric_is_each_gap_of_a_randomised_schedule_whose_mean_is_the_interval()
    {
        (FakeTargetProcess process, _) = FakePython(3, 11);
        var run = Loop(TimeOnly, ticks: 2000, process);
        run.Loop.Run();

        long[] gaps = run.Writer.Samples.Where((_, i) => i % 2 == 0).Select(w => w.Metrics.Time).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(gaps[0], Is.EqualTo(Interval / 1000), "the first sample stands for one interval");
            Assert.That(gaps.Skip(1).Min(), Is.GreaterThanOrEqualTo(Interval / 2000), "no gap under half an interval");
            Assert.That(gaps.Skip(1).Max(), Is.LessThan(3 * Interval / 2000), "no gap over one and a half intervals");
            Assert.That(gaps.Skip(1).Average(), Is.EqualTo(Interval / 1000.0).Within(2.5).Percent, "the mean is the interval");
            Assert.That(gaps.Skip(1).Distinct().Count(), Is.GreaterThan(500), "the gaps vary over the 1000 microseconds they may take: no fixed grid");
            Assert.That(run.Stats.Overruns, Is.Zero);
        }
    }

    [Test]
    public void A_sample_longer_than_the_interval_is_an_overrun_and_the_next_is_taken_at_once()
    {
        (FakeTargetProcess process, _) = FakePython(3, 11);
        var run = Loop(TimeOnly, ticks: int.MaxValue, process);
        run.Clock.CostPerReadingNs = 2 * Interval;   // each sample takes two intervals: the next one is always due
        run.Writer.StopAfter(20, run.Stop);
        run.Loop.Run();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.Stats.Samples, Is.EqualTo(10), "stopped after 20 thread lines");
            Assert.That(run.Stats.Overruns, Is.EqualTo(10), "every sample found the next one already due");
            Assert.That(run.Clock.Wakes, Is.Empty, "no sleep when the next sample is already due");
        }
    }

    [Test]
    public void A_short_overrun_is_caught_up_so_the_mean_rate_stays_the_interval()
    {
        (FakeTargetProcess process, _) = FakePython(3, 11);
        const long interval = 100_000;   // 100 µs: it may fall 10 intervals behind and catch up
        var run = Loop(TimeOnly, ticks: int.MaxValue, interval, exposureNs: 0, process);
        long start = run.Clock.Peek;
        // Every 20th wake-up, the sampler is held up for 3 intervals.
        run.Clock.AtTick = tick => { if (tick % 20 == 0) run.Clock.Stall(3 * interval); if (tick >= 2000) run.Stop.Request(StopSignal.Interrupt); };
        run.Loop.Run();

        long elapsed = run.Clock.Peek - start;
        long[] gaps = run.Writer.Samples.Where((_, i) => i % 2 == 0).Select(w => w.Metrics.Time).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.Stats.Overruns, Is.GreaterThan(50), "the hold-ups made samples overdue");
            Assert.That((double)elapsed / run.Stats.Samples, Is.EqualTo(interval).Within(3).Percent, "mean time per sample");
            Assert.That(gaps.Sum() * 1000.0, Is.EqualTo(elapsed).Within(2).Percent, "the time metrics add up to the time sampled: nothing counted twice");
        }
    }

    [Test]
    public void A_long_overrun_is_not_caught_up_with_a_burst()
    {
        (FakeTargetProcess process, _) = FakePython(3, 11);
        var run = Loop(TimeOnly, ticks: int.MaxValue, process);
        // At the 10th wake-up the sampler is held up for 50 intervals: past the most it catches up (1 ms here).
        run.Clock.AtTick = tick => { if (tick == 10) run.Clock.Stall(50 * Interval); if (tick >= 20) run.Stop.Request(StopSignal.Interrupt); };
        run.Loop.Run();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.Stats.Overruns, Is.EqualTo(1), "one overdue sample, then the schedule starts again");
            Assert.That(run.Stats.Samples, Is.EqualTo(21), "one sample a wake-up and the overdue one: no burst of samples of one moment");
        }
    }

    [Test]
    public void Samples_reach_the_writer_at_least_every_fifty_milliseconds()
    {
        (FakeTargetProcess process, _) = FakePython(3, 11);
        var run = Loop(TimeOnly, ticks: 500, process);   // 0.5 s at 1 ms
        run.Loop.Run();

        long[] flushes = run.Writer.Flushes.ToArray();
        Assert.That(flushes, Has.Length.InRange(8, 11), "one flush every 50 ms of 0.5 s");
        long longest = flushes.Zip(flushes.Skip(1), (a, b) => b - a).Max();
        Assert.That(longest, Is.LessThanOrEqualTo(SamplingLoop.FlushPeriodNs + 3 * Interval / 2), "longest time between two flushes");
    }

    [Test]
    public void A_process_that_ends_leaves_the_set_and_the_loop_ends_with_the_last()
    {
        (FakeTargetProcess first, SyntheticImage firstImage) = FakePython(3, 11, pid: 100);
        (FakeTargetProcess second, SyntheticImage secondImage) = FakePython(3, 9, pid: 200);
        var run = Loop(TimeOnly, ticks: int.MaxValue, first, second);
        // The first exits after 3 samples, the second after 6: their runtimes become unreadable as they go.
        run.Clock.AtTick = tick =>
        {
            if (tick == 3) { first.HasExited = true; firstImage.Memory.Unmap(firstImage.HeadPointer); }
            if (tick == 6) { second.HasExited = true; secondImage.Memory.Unmap(secondImage.HeadPointer); }
        };
        run.Loop.Run();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.Writer.Samples.Count(w => w.Pid == 100), Is.EqualTo(3 * 2), "the first process: 3 samples of 2 threads");
            Assert.That(run.Writer.Samples.Count(w => w.Pid == 200), Is.EqualTo(6 * 2), "the second process: 6 samples of 2 threads");
            Assert.That(run.Targets.Count, Is.Zero, "both have left the set");
            Assert.That(run.Stats.Samples, Is.EqualTo(7), "the seventh sample finds no process left and ends the loop");
        }
    }

    [Test]
    public void A_process_that_joins_between_samples_is_sampled_from_the_next_one_with_its_own_pid()
    {
        (FakeTargetProcess first, _) = FakePython(3, 12, pid: 100);
        (FakeTargetProcess child, _) = FakePython(3, 12, pid: 101);
        var run = Loop(TimeOnly, ticks: int.MaxValue, first);
        run.Clock.AtTick = tick =>
        {
            if (tick == 4) run.Targets.Add(Sampled(child, TimeOnly));
            if (tick == 10) run.Stop.Request(StopSignal.Interrupt);
        };
        run.Loop.Run();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.Writer.Samples.Count(w => w.Pid == 100), Is.EqualTo(10 * 2), "the first process in every sample");
            Assert.That(run.Writer.Samples.Count(w => w.Pid == 101), Is.EqualTo(6 * 2), "the child from the fifth sample on");
        }
    }

    [Test]
    public void Exclude_empty_drops_the_threads_that_have_no_frames_and_keeps_the_others()
    {
        (FakeTargetProcess process, _) = FakePython(3, 10, emptyThread: true);
        var all = Loop(TimeOnly, ticks: 5, process);
        all.Loop.Run();
        var filtered = Loop(new ThreadFilter(MetricMode.Time, excludeEmpty: true, sleepless: false), ticks: 5, process);
        filtered.Loop.Run();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(all.Writer.Samples.Count(w => w.Frames.Length == 0), Is.EqualTo(5), "without -e the frameless thread is written");
            Assert.That(filtered.Writer.Samples, Has.Count.EqualTo(10));
            Assert.That(filtered.Writer.Samples.Where(w => w.Frames.Length == 0), Is.Empty, "-e");
        }
    }

    [Test]
    public void In_memory_mode_only_the_GIL_holder_is_written_and_only_when_memory_grew()
    {
        (FakeTargetProcess process, SyntheticImage image) = FakePython(3, 8);
        foreach (long kb in new long[] { 1000, 1050, 1020, 1100, 1100 }) process.ResidentKb.Enqueue(kb);
        var memory = Loop(new ThreadFilter(MetricMode.Memory, excludeEmpty: false, sleepless: false), ticks: 5, process);
        memory.Loop.Run();
        process.ResidentKb.Clear();
        foreach (long kb in new long[] { 1000, 1050, 1020, 1100, 1100 }) process.ResidentKb.Enqueue(kb);
        var full = Loop(new ThreadFilter(MetricMode.Full, excludeEmpty: false, sleepless: false), ticks: 5, process);
        full.Loop.Run();

        ulong holder = image.Expected.Single(t => t.HoldsGil).ThreadId;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(memory.Writer.Samples.Select(w => (w.ThreadId, w.Metrics.MemoryDelta)),
                Is.EqualTo(new[] { (holder, 50L), (holder, 80L) }), "-m: +50 KB and +80 KB, given to the GIL holder");
            Assert.That(full.Writer.Samples.Where(w => w.ThreadId == holder).Select(w => w.Metrics.MemoryDelta),
                Is.EqualTo(new[] { 0L, 50L, -30L, 80L, 0L }), "-f: every delta, to the GIL holder");
            Assert.That(full.Writer.Samples.Where(w => w.ThreadId != holder).Select(w => w.Metrics.MemoryDelta), Is.All.Zero, "-f: the others get 0");
        }
    }

    [Test]
    public void A_stop_request_ends_the_loop_after_the_sample_under_way()
    {
        (FakeTargetProcess process, _) = FakePython(2, 7);
        var run = Loop(TimeOnly, ticks: 1, process);
        run.Loop.Run();

        Assert.That((run.Stats.Samples, run.Writer.Samples.Count), Is.EqualTo((1L, 2)));
    }

    // -x: the exposure ---------------------------------------------------------------------------------------------

    private const long Second = 1_000_000_000;

    [Test]
    public void With_an_exposure_the_loop_samples_for_that_long_from_its_first_sample_and_then_stops()
    {
        (FakeTargetProcess process, _) = FakePython(3, 11);
        var run = Loop(TimeOnly, ticks: int.MaxValue, intervalNs: 100_000_000, exposureNs: Second, process);
        long start = run.Clock.Peek;

        run.Loop.Run();

        long timeUs = run.Writer.Samples.Where(sample => sample.ThreadId == run.Writer.Samples[0].ThreadId).Sum(sample => sample.Metrics.Time);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.Loop.ExposureEnded, Is.True, "the exposure ended the loop");
            Assert.That(run.Clock.Peek, Is.EqualTo(start + Second), "the loop returns at the exposure's end, not at a later tick");
            Assert.That(run.Clock.Wakes, Has.All.LessThanOrEqualTo(start + Second), "no wake-up after the exposure's end");
            // At -i 100ms, gaps of 50-150 ms: about ten samples in a second, each within it.
            Assert.That(run.Stats.Samples, Is.InRange(7, 20), "samples in one second at -i 100ms");
            Assert.That(timeUs, Is.InRange(900_000, 1_100_000), "the time metrics of a thread add up to the exposure");
        }
    }

    [Test]
    public void An_interval_longer_than_the_exposure_still_stops_at_the_exposures_end()
    {
        (FakeTargetProcess process, _) = FakePython(3, 11);
        var run = Loop(TimeOnly, ticks: int.MaxValue, intervalNs: 10 * Second, exposureNs: Second, process);
        long start = run.Clock.Peek;

        run.Loop.Run();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.Loop.ExposureEnded, Is.True);
            Assert.That(run.Stats.Samples, Is.EqualTo(1), "one sample, at the start");
            Assert.That(run.Clock.Peek, Is.EqualTo(start + Second), "-i 10s -x 1 stops after 1 s, not 10");
        }
    }

    [Test]
    public void A_stop_before_the_exposures_end_is_not_the_exposures_end()
    {
        (FakeTargetProcess process, _) = FakePython(3, 11);
        var run = Loop(TimeOnly, ticks: 10, intervalNs: 100_000_000, exposureNs: 10 * Second, process);

        run.Loop.Run();

        Assert.That((run.Loop.ExposureEnded, run.Stats.Samples), Is.EqualTo((false, 10L)), "the stop at the tenth wake-up ended it");
    }

    [Test]
    public void Without_an_exposure_or_with_one_too_long_for_the_clock_the_loop_runs_until_stopped()
    {
        (FakeTargetProcess process, _) = FakePython(3, 11);
        var none = Loop(TimeOnly, ticks: 1000, intervalNs: 100_000_000, exposureNs: 0, process);
        var endless = Loop(TimeOnly, ticks: 1000, intervalNs: 100_000_000, exposureNs: long.MaxValue, process);

        none.Loop.Run();
        endless.Loop.Run();

        using (Assert.EnterMultipleScope())
        {
            Assert.That((none.Loop.ExposureEnded, none.Stats.Samples), Is.EqualTo((false, 1000L)), "no exposure: 100 s of samples, until stopped");
            Assert.That((endless.Loop.ExposureEnded, endless.Stats.Samples), Is.EqualTo((false, 1000L)), "the deadline saturates instead of wrapping into the past");
        }
    }
}
