// SPDX-License-Identifier: GPL-3.0-or-later
using System.Collections.Generic;
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
/// -x on the sampling loop, with a clock that never sleeps (its time jumps to each wake-up) and a synthetic Python 3.11
/// process found by discovery: the loop samples from its first sample for the exposure exactly, no longer, whatever
/// the interval, and says that the exposure ended it.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ExposureTests
{
    private const long Second = 1_000_000_000;
    private const long Start = 5 * Second;

    [Test]
    public void The_loop_samples_for_the_exposure_from_its_first_sample_and_then_stops()
    {
        (SamplingLoop loop, FakeClock clock, CountingWriter writer, _) = Loop(intervalNs: 100_000_000, exposureNs: Second);

        loop.Run();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(loop.ExposureEnded, Is.True, "the exposure ended the loop");
            Assert.That(clock.Now, Is.EqualTo(Start + Second), "the loop returns at the exposure's end, not at a later tick");
            Assert.That(writer.LastSampleAt, Is.LessThan(Start + Second), "no sample at or after the exposure's end");
            // At -i 100ms, gaps of 50-150 ms: about ten samples in a second, every one within it.
            Assert.That(writer.Samples, Is.InRange(7, 20), "samples in one second at -i 100ms");
            Assert.That(writer.TimeUs, Is.InRange(900_000, 1_000_000 + 100_000), "the time metrics add up to the exposure");
        }
    }

    [Test]
    public void An_interval_longer_than_the_exposure_still_stops_at_the_exposures_end()
    {
        (SamplingLoop loop, FakeClock clock, CountingWriter writer, _) = Loop(intervalNs: 10 * Second, exposureNs: Second);

        loop.Run();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(loop.ExposureEnded, Is.True);
            Assert.That(writer.Samples, Is.EqualTo(1), "one sample, at the start");
            Assert.That(clock.Now, Is.EqualTo(Start + Second), "-i 10s -x 1 stops after 1 s, not 10");
        }
    }

    [Test]
    public void Without_an_exposure_the_loop_samples_until_it_is_stopped()
    {
        (SamplingLoop loop, FakeClock clock, CountingWriter writer, StopFlag stop) = Loop(intervalNs: 100_000_000, exposureNs: 0);
        clock.OnSleep = () => { if (clock.Now >= Start + 60 * Second) stop.Request(StopSignal.Interrupt); };

        loop.Run();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(loop.ExposureEnded, Is.False, "no exposure, so none ended");
            Assert.That(writer.Samples, Is.GreaterThan(500), "a minute of samples at -i 100ms");
        }
    }

    [Test]
    public void A_stop_before_the_exposures_end_is_not_the_exposures_end()
    {
        (SamplingLoop loop, FakeClock clock, _, StopFlag stop) = Loop(intervalNs: 100_000_000, exposureNs: 10 * Second);
        clock.OnSleep = () => { if (clock.Now >= Start + Second) stop.Request(StopSignal.Terminate); };

        loop.Run();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(loop.ExposureEnded, Is.False);
            Assert.That(clock.Now, Is.LessThan(Start + 2 * Second), "the stop ended it");
        }
    }

    [Test]
    public void An_exposure_too_long_for_the_clock_never_ends()
    {
        (SamplingLoop loop, FakeClock clock, _, StopFlag stop) = Loop(intervalNs: 100_000_000, exposureNs: long.MaxValue);
        clock.OnSleep = () => { if (clock.Now >= Start + Second) stop.Request(StopSignal.Interrupt); };

        loop.Run();

        Assert.That(loop.ExposureEnded, Is.False, "the deadline saturates instead of wrapping into the past");
    }

    /// <summary>A loop over one synthetic Python 3.11 process with two threads, time mode, the clock at <see cref="Start"/>.</summary>
    private static (SamplingLoop, FakeClock, CountingWriter, StopFlag) Loop(long intervalNs, long exposureNs)
    {
        Layout layout = TargetAbi.LinuxX64.LayoutOf(new PythonVersion(3, 11))!;
        Segment[] oneLine = [new Segment(4, 1, false)];
        CodeSpec code = new(new StringSpec(1, true), new StringSpec(1, true), new StringSpec(11, true), 10, oneLine, 0, 0);
        FrameSpec[] stack = [new FrameSpec(0, 0, FrameKind.Normal)];
        var image = new SyntheticImage(layout, new ImageSpec([code], [[stack, stack]], -1, true, 0x2d0, 7));

        var process = new FakeTargetProcess(image.Memory);
        process.AddModule("/opt/python/lib/libpython3.11.so.1.0", 0x7f00_0000_0000, new Dictionary<string, ulong>
        {
            ["_PyRuntime"] = image.HeadPointer - (ulong)layout.Runtime.InterpretersHead,
            ["PyCode_Type"] = image.CodeTypeArgument,
        });
        Assert.That(PythonProcess.TryLocate(process, out PythonProcess? python), Is.EqualTo(PythonStartup.Ready), "discovery of the synthetic 3.11");

        var targets = new TargetSet();
        targets.Add(new SampledProcess(process, python!));
        var clock = new FakeClock(Start);
        var writer = new CountingWriter(clock);
        var stop = new StopFlag();
        var loop = new SamplingLoop(clock, targets, writer, new ThreadFilter(MetricMode.Time, excludeEmpty: false, sleepless: false),
            intervalNs, new SamplingStatistics(), stop) { ExposureNs = exposureNs };
        return (loop, clock, writer, stop);
    }

    /// <summary>A clock whose time only moves when the loop sleeps: to the wake-up it asked for.</summary>
    private sealed class FakeClock(long start) : IClock
    {
        public long Now { get; private set; } = start;

        public System.Action? OnSleep { get; set; }

        public long NowNs() => Now;

        public void SleepUntil(long deadlineNs)
        {
            if (deadlineNs > Now) Now = deadlineNs;
            OnSleep?.Invoke();
        }
    }

    /// <summary>Counts the samples (one per sample: the first thread's line) and adds up their time metrics.</summary>
    private sealed class CountingWriter(FakeClock clock) : ISampleWriter
    {
        private bool _seenThread;

        public int Samples { get; private set; }

        public long TimeUs { get; private set; }

        public long LastSampleAt { get; private set; }

        public void Begin(ProfileMetadata metadata) { }

        public void WriteMetadata(string key, string value) { }

        public void Write(in ThreadSample sample)
        {
            // Two threads per sample: count the sample at its first thread's line.
            _seenThread = !_seenThread;
            if (!_seenThread) return;
            Samples++;
            TimeUs += sample.Metrics.Time;
            LastSampleAt = clock.Now;
        }

        public void Flush() { }

        public void End(ProfileStatistics statistics) { }

        public void Dispose() { }
    }
}
