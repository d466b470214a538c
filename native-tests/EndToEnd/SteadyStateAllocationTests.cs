// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Austin.Output;
using Austin.Platform;
using Austin.Platform.Linux;
using Austin.Python;
using Austin.Samples;
using Austin.Sampling;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd;

/// <summary>
/// The sampling loop (walk every thread of the target, filter it, format every line, aggregate every stack into the
/// stack tree of the picture formats, look where the target runs) allocates nothing once warm: a profiler that allocates per sample would make the GC part of what it measures.
/// </summary>
[TestFixture]
public sealed class SteadyStateAllocationTests : EndToEndFixture
{
    /// <summary>
    /// A clock that never sleeps: its time jumps to each deadline (so 4000 samples at -i 100 span 0.4 s of it, and the
    /// CPU placement looks a few times). It counts the loop's ticks, notes the allocations every 1000 and stops the
    /// loop after 4000.
    /// </summary>
    private sealed class WindowClock(StopFlag stop) : IClock
    {
        public readonly long[] Allocated = new long[5];
        public int Ticks;
        private long _now = 1_000_000_000;

        public long NowNs() => _now;

        public void SleepUntil(long deadlineNs)
        {
            _now = Math.Max(_now, deadlineNs);
            Ticks++;
            if (Ticks % 1000 == 0) Allocated[Ticks / 1000] = GC.GetAllocatedBytesForCurrentThread();
            if (Ticks == 4000) stop.Request(StopSignal.Interrupt);
        }
    }

    /// <summary>The real writer, counting the frames it is given.</summary>
    private sealed class CountingWriter(ISampleWriter inner) : ISampleWriter
    {
        public long Frames;
        public long Tasks;
        public int FirstPid;
        public long OfOtherProcesses;
        public void Begin(ProfileMetadata metadata) => inner.Begin(metadata);
        public void WriteMetadata(string key, string value) => inner.WriteMetadata(key, value);
        public void Write(in ThreadSample sample)
        {
            Frames += sample.Frames.Length;
            if (sample.Task is not null) Tasks++;
            if (FirstPid == 0) FirstPid = sample.Pid;
            if (sample.Pid != FirstPid) OfOtherProcesses++;
            inner.Write(sample);
        }
        public void Flush() => inner.Flush();
        public void End(ProfileStatistics statistics) => inner.End(statistics);
        public void Dispose() => inner.Dispose();
    }

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void SamplingALiveTargetAllocatesNothingAfterWarmUp(Interpreter python)
    {
        using RunningProcess target = RunningProcess.Start(
            [python.Path, Path.Combine(Repo.Root(), "native-tests", "Bench", "deep.py"), "40", "10"], PythonEnvironment.Clean);
        target.WaitForLine("ready", TimeSpan.FromSeconds(20));

        var platform = new LinuxPlatform();
        using ITargetProcess process = platform.Attach(target.Id);
        PythonProcess? python3 = null;
        var clock = Stopwatch.StartNew();
        while (PythonProcess.TryLocate(process, out python3) != PythonStartup.Ready && clock.Elapsed < TimeSpan.FromSeconds(5))
            Thread.Sleep(10);
        Assert.That(python3, Is.Not.Null, $"no Python runtime found in {python.DisplayName}");

        // -f: memory deltas and the GIL holder; -s: OS thread ids and their states; the CPU placement.
        var filter = new ThreadFilter(MetricMode.Full, excludeEmpty: false, sleepless: true);
        python3!.WantGilHolder = filter.NeedsGilHolder;
        python3.WantNativeIds = filter.NeedsNativeIds;
        // The collapsed writer, and beside it the stack tree that the picture formats and --summary aggregate into.
        using var writer = new CountingWriter(TreeTap.WithTree(SampleWriterFactory.Create(OutputFormat.Collapsed, MetricMode.Full, Stream.Null), out StackTree tree));
        var targets = new TargetSet();
        targets.Add(new SampledProcess(process, python3));
        var stop = new StopFlag();
        var windows = new WindowClock(stop);
        var stats = new SamplingStatistics();
        new SamplingLoop(windows, targets, writer, filter, intervalNs: 100_000, stats, stop, new CpuPlacement(platform, targets)).Run();

        // Three windows of 1000 samples after 1000 of warm-up. The steady state allocates nothing: at least one
        // window must show 0 bytes. A read that races with the target (a code object being freed) may take the rare
        // path that reads a new code object, which allocates its strings once: bounded, and not per sample.
        long[] allocated = [windows.Allocated[2] - windows.Allocated[1], windows.Allocated[3] - windows.Allocated[2], windows.Allocated[4] - windows.Allocated[3]];
        Assert.That(windows.Ticks, Is.EqualTo(4000), "the loop stopped before 4000 samples");
        Assert.That(writer.Frames, Is.GreaterThan(4000 * 30), "the 40-deep stack was not sampled: the test would prove nothing");
        Assert.That(tree.Samples, Is.GreaterThanOrEqualTo(4000), "the stack tree was not fed");
        Assert.That(allocated.Min(), Is.Zero, $"every window of 1000 samples after warm-up allocated: {string.Join(", ", allocated)} bytes");
        Assert.That(allocated.Sum(), Is.LessThan(64 * 1024), $"3000 samples after warm-up allocated {allocated.Sum()} bytes");
    }

    private static System.Collections.Generic.IEnumerable<TestCaseData> WithTasks() => InterpreterChoice.WithAsyncioTasks();

    [TestCaseSource(nameof(WithTasks))]
    public void SamplingTheTasksOfALiveAsyncioTargetAllocatesNothingAfterWarmUp(Interpreter? python)
    {
        if (python is null)
            Assert.Ignore("no CPython 3.11 or later on this machine");
        string oracle = Path.Combine(Scratch, $"tasks-{python!.Version}.json");
        using RunningProcess target = RunningProcess.Start(
            [python.Path, Targets.PathOf("asyncio_target.py"), "--oracle", oracle, "--seconds", "30", "--ready", "stdout"], PythonEnvironment.Clean);
        target.WaitForLine("ready", TimeSpan.FromSeconds(20));

        var platform = new LinuxPlatform();
        using ITargetProcess process = platform.Attach(target.Id);
        PythonProcess? python3 = null;
        var clock = Stopwatch.StartNew();
        while (PythonProcess.TryLocate(process, out python3) != PythonStartup.Ready && clock.Elapsed < TimeSpan.FromSeconds(5))
            Thread.Sleep(10);
        Assert.That(python3, Is.Not.Null, $"no Python runtime found in {python.DisplayName}");

        // --asyncio: the tasks (names, parents, await chains), each a line of its own.
        var filter = new ThreadFilter(MetricMode.Time, excludeEmpty: false, sleepless: false);
        python3!.WantTasks = true;
        using var writer = new CountingWriter(SampleWriterFactory.Create(OutputFormat.Collapsed, MetricMode.Time, Stream.Null));
        var targets = new TargetSet();
        targets.Add(new SampledProcess(process, python3));
        var stop = new StopFlag();
        var windows = new WindowClock(stop);
        new SamplingLoop(windows, targets, writer, filter, intervalNs: 100_000, new SamplingStatistics(), stop).Run();

        long[] allocated = [windows.Allocated[2] - windows.Allocated[1], windows.Allocated[3] - windows.Allocated[2], windows.Allocated[4] - windows.Allocated[3]];
        Assert.That(windows.Ticks, Is.EqualTo(4000), "the loop stopped before 4000 samples");
        Assert.That(writer.Tasks, Is.GreaterThan(4000 * 7), "the tasks were not sampled: the test would prove nothing");
        Assert.That(allocated.Min(), Is.Zero, $"every window of 1000 samples after warm-up allocated: {string.Join(", ", allocated)} bytes");
        // One-offs (a code object or task name met late, the tiered JIT) are not per sample: a debug 3.14.7 beside two
        // busy loops reached 95,536 bytes in one window while another window allocated nothing.
        Assert.That(allocated.Sum(), Is.LessThan(256 * 1024), $"3000 samples after warm-up allocated {allocated.Sum()} bytes");
    }

    /// <summary>
    /// -C: a Python parent, its forked Python child and a child that is not Python (`sleep`), scanned every 20 ms of the
    /// clock's time between samples: once every process has settled, the scans allocate nothing either.
    /// </summary>
    [Test]
    public void FollowingChildProcessesAllocatesNothingAfterWarmUp()
    {
        Interpreter python = Pythons[^1];
        const string Script =
            "import os, subprocess, sys, time\n" +
            "sleeper = subprocess.Popen(['sleep', '30'])\n" +
            "if os.fork() == 0:\n" +
            "    time.sleep(30)\n" +
            "    os._exit(0)\n" +
            "sys.stdout.write('ready\\n')\n" +
            "sys.stdout.flush()\n" +
            "time.sleep(30)\n";
        using RunningProcess target = RunningProcess.Start([python.Path, "-c", Script], PythonEnvironment.Clean);
        target.WaitForLine("ready", StartTimeout);

        var platform = new LinuxPlatform();
        using ITargetProcess process = platform.Attach(target.Id);
        var stop = new StopFlag();
        var windows = new WindowClock(stop);
        var filter = new ThreadFilter(MetricMode.Full, excludeEmpty: false, sleepless: false);   // both sleep: -s would drop them
        var targets = new TargetSet();
        using var descendants = new Descendants(platform, windows, process, filter, timeoutMs: 10);
        var waited = Stopwatch.StartNew();
        while (targets.Count < 2 && waited.Elapsed < StartTimeout)
        {
            descendants.Scan(windows.NowNs(), targets);
            Thread.Sleep(10);
        }
        Assert.That(targets.Count, Is.EqualTo(2), "the parent and its forked child were not both found");
        descendants.RootErrorsAreFatal = false;
        using var writer = new CountingWriter(SampleWriterFactory.Create(OutputFormat.Collapsed, MetricMode.Full, Stream.Null));
        new SamplingLoop(windows, targets, writer, filter, intervalNs: 100_000, new SamplingStatistics(), stop,
            new CpuPlacement(platform, targets)) { Descendants = descendants }.Run();

        long[] allocated = [windows.Allocated[2] - windows.Allocated[1], windows.Allocated[3] - windows.Allocated[2], windows.Allocated[4] - windows.Allocated[3]];
        Assert.That(windows.Ticks, Is.EqualTo(4000), "the loop stopped early");
        Assert.That(writer.OfOtherProcesses, Is.GreaterThan(1000), "the child was not sampled: the test would prove nothing");
        Assert.That(allocated.Min(), Is.Zero, $"every window of 1000 ticks after warm-up allocated: {string.Join(", ", allocated)} bytes");
        Assert.That(allocated.Sum(), Is.LessThan(64 * 1024), $"3000 ticks after warm-up allocated {allocated.Sum()} bytes");
    }
}
