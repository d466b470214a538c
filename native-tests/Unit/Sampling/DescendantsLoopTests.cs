// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Linq;
using Austin.Output;
using Austin.Platform;
using Austin.Python.Abi;
using Austin.Samples;
using Austin.Sampling;
using Austin.Tests.Support.Synthetic;
using NUnit.Framework;

namespace Austin.Tests.Unit.Sampling;

/// <summary>
/// The sampling loop with -C, over synthetic processes and a fake clock: processes join and leave between samples,
/// a new one is sampled within a scan of its start, one that exits stops being sampled, and the run ends with the
/// target once no descendant is left.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class DescendantsLoopTests
{
    private const long Start = 1_000_000_000;
    private const long Ms = 1_000_000;
    private const long IntervalNs = 1 * Ms;
    private static readonly Layout Layout311 = TargetAbi.LinuxX64.LayoutOf(new PythonVersion(3, 11))!;

    [Test]
    public void A_child_joins_within_a_scan_of_its_start_and_leaves_when_it_exits()
    {
        var world = new World();
        FakeTargetProcess root = world.Python(100, parent: 0, code: 1, startsAt: Start);
        FakeTargetProcess child = world.Python(101, parent: 100, code: 2, startsAt: Start + 50 * Ms, exitsAt: Start + 150 * Ms);
        world.ExitAt(root, Start + 300 * Ms);

        List<Written> written = world.Run();

        List<Written> ofChild = written.Where(w => w.Pid == 101).ToList();
        List<Written> ofRoot = written.Where(w => w.Pid == 100).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ofChild, Is.Not.Empty, "the child was never sampled");
            Assert.That(ofChild[0].AtNs - (Start + 50 * Ms), Is.LessThanOrEqualTo(Descendants.ScanPeriodNs + 2 * IntervalNs),
                "the child was sampled later than a scan period after it started");
            Assert.That(ofChild[0].Time, Is.EqualTo(IntervalNs / 1000), "a process that joins counts its first sample's time from one interval before");
            Assert.That(ofChild.Skip(1).Select(w => w.Time), Is.All.LessThan(2 * IntervalNs / 1000), "each process's time counts from its own previous sample");
            Assert.That(ofChild[^1].AtNs, Is.LessThan(Start + 150 * Ms), "the child was sampled after it exited");
            Assert.That(ofChild.Select(w => w.Function), Is.All.EqualTo(ImageSpec.Texts[2]), "the child's own stack");
            Assert.That(ofRoot.Select(w => w.Function), Is.All.EqualTo(ImageSpec.Texts[1]), "the target's own stack");
            Assert.That(ofRoot[0].AtNs, Is.EqualTo(Start), "the target is sampled from the first tick");
            Assert.That(ofRoot[^1].AtNs, Is.LessThan(Start + 300 * Ms), "the target was sampled after it exited");
            Assert.That(ofRoot[^1].AtNs, Is.GreaterThan(Start + 295 * Ms), "the target stopped being sampled before it exited");
            Assert.That(world.EndedAtNs, Is.LessThan(Start + 300 * Ms + Descendants.ScanPeriodNs + 2 * IntervalNs), "the run outlived its processes");
        }
    }

    [Test]
    public void The_run_goes_on_while_a_descendant_lives_after_the_target_has_exited()
    {
        var world = new World();
        FakeTargetProcess root = world.Python(100, parent: 0, code: 1, startsAt: Start);
        world.Python(101, parent: 100, code: 2, startsAt: Start + 20 * Ms, exitsAt: Start + 400 * Ms);
        world.ExitAt(root, Start + 100 * Ms);

        List<Written> written = world.Run();

        List<Written> ofChild = written.Where(w => w.Pid == 101).ToList();
        Assert.That(ofChild[^1].AtNs, Is.GreaterThan(Start + 395 * Ms), "the orphaned child stopped being sampled when the target exited");
        Assert.That(world.EndedAtNs, Is.LessThan(Start + 400 * Ms + Descendants.ScanPeriodNs + 2 * IntervalNs));
    }

    [Test]
    public void A_Python_grandchild_below_a_process_that_is_not_Python_is_sampled()
    {
        var world = new World();
        FakeTargetProcess root = world.Python(100, parent: 0, code: 1, startsAt: Start);
        world.NotPython(101, parent: 100, "/bin/sh", startsAt: Start + 10 * Ms, exitsAt: Start + 300 * Ms);
        world.Python(102, parent: 101, code: 2, startsAt: Start + 200 * Ms, exitsAt: Start + 250 * Ms);
        world.ExitAt(root, Start + 350 * Ms);

        List<Written> written = world.Run();

        Assert.That(written.Select(w => w.Pid).Distinct(), Is.EquivalentTo(new[] { 100, 102 }), "only the Python processes are sampled");
        Assert.That(written.First(w => w.Pid == 102).AtNs - (Start + 200 * Ms), Is.LessThanOrEqualTo(Descendants.ScanPeriodNs + 2 * IntervalNs));
    }

    [Test]
    public void A_child_that_execs_into_Python_again_is_sampled_with_its_new_runtime()
    {
        var world = new World();
        FakeTargetProcess root = world.Python(100, parent: 0, code: 1, startsAt: Start);
        // A fork of the target (its copy of the target's runtime), which execs into a new Python at 100 ms.
        FakeTargetProcess child = world.Python(101, parent: 100, code: 1, startsAt: Start + 10 * Ms, exitsAt: Start + 250 * Ms);
        world.ExecAt(child, Start + 100 * Ms, code: 2, "/usr/bin/python3.12");
        world.ExitAt(root, Start + 300 * Ms);

        List<Written> written = world.Run();

        List<Written> ofChild = written.Where(w => w.Pid == 101).ToList();
        Assert.That(ofChild.Where(w => w.AtNs < Start + 100 * Ms).Select(w => w.Function), Is.Not.Empty.And.All.EqualTo(ImageSpec.Texts[1]));
        Assert.That(ofChild.Where(w => w.AtNs >= Start + 100 * Ms).Select(w => w.Function), Is.Not.Empty.And.All.EqualTo(ImageSpec.Texts[2]));
    }

    [Test]
    public void A_forked_child_is_found_through_its_parents_runtime_without_symbols_of_its_own()
    {
        var world = new World();
        FakeTargetProcess root = world.Python(100, parent: 0, code: 1, startsAt: Start);
        // A copy of the parent's image at the same addresses, whose binary names no symbol: only the parent's anchor finds it.
        SyntheticImage copy = world.Image(1);
        var child = new FakeTargetProcess(copy.Memory) { Pid = 101, ExecutablePath = root.ExecutablePath };
        child.AddModule("/usr/lib/libpython3.11.so.1.0", 0x7f00_0000_0000, []);
        world.Add(child, parent: 100, startsAt: Start + 30 * Ms);
        world.ExitAt(child, Start + 100 * Ms);
        world.ExitAt(root, Start + 150 * Ms);

        List<Written> written = world.Run();

        Assert.That(written.Where(w => w.Pid == 101).Select(w => w.Function), Is.Not.Empty.And.All.EqualTo(ImageSpec.Texts[1]));
    }

    [Test]
    public void Scanning_in_the_steady_state_allocates_nothing()
    {
        var world = new World();
        FakeTargetProcess root = world.Python(100, parent: 0, code: 1, startsAt: Start);
        world.Python(101, parent: 100, code: 2, startsAt: Start);
        world.NotPython(102, parent: 100, "/usr/bin/make", startsAt: Start);
        var targets = new TargetSet();
        using var descendants = new Descendants(world, world.Clock, root, new ThreadFilter(MetricMode.Time, false, false), timeoutMs: 0);
        for (int i = 0; i < 10; i++) Scan();
        Assert.That(targets.Count, Is.EqualTo(2), "the two Python processes were not sampled");

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) Scan();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        void Scan()
        {
            world.Clock.SleepUntil(world.Clock.NowNs() + Descendants.ScanPeriodNs);
            descendants.Scan(world.Clock.NowNs(), targets);
        }

        Assert.That(allocated, Is.Zero, "1000 scans of a settled tree allocated");
    }

    private sealed record Written(int Pid, long AtNs, long Time, string Function);

    /// <summary>Processes that start, exec and exit at given times of a fake clock, and a loop that samples them.</summary>
    private sealed class World : IProcessTree
    {
        private readonly List<(FakeTargetProcess Process, int Parent, long StartsAt)> _processes = [];
        private readonly List<(long At, Action Act)> _events = [];

        public World() => Clock = new FakeClock(this);

        public FakeClock Clock { get; }

        public long EndedAtNs { get; private set; }

        public SyntheticImage Image(int code) => new(Layout311, new ImageSpec(
            [new CodeSpec(new StringSpec(code, true), new StringSpec(code, true), new StringSpec(11, true), 10, [new Segment(8, 0, false)], 0, 0)],
            [[[new FrameSpec(0, 2, FrameKind.Normal)]]],
            GilHolder: 0, CodeTypeKnown: true, PthreadTidOffset: 0x2d0, Scatter: code));

        public FakeTargetProcess Python(int pid, int parent, int code, long startsAt, long exitsAt = long.MaxValue)
        {
            SyntheticImage image = Image(code);
            var process = new FakeTargetProcess(image.Memory) { Pid = pid, ExecutablePath = "/usr/bin/python3.11" };
            AddRuntime(process, image);
            _processes.Add((process, parent, startsAt));
            if (exitsAt != long.MaxValue) ExitAt(process, exitsAt);
            return process;
        }

        public void Add(FakeTargetProcess process, int parent, long startsAt) => _processes.Add((process, parent, startsAt));

        /// <summary>A process whose executable is no Python (and names none of its API).</summary>
        public FakeTargetProcess NotPython(int pid, int parent, string executable, long startsAt, long exitsAt = long.MaxValue)
        {
            var process = new FakeTargetProcess(new FakeMemory()) { Pid = pid, ExecutablePath = executable };
            process.AddModule(executable, 0x5500_0000_0000, []);
            _processes.Add((process, parent, startsAt));
            if (exitsAt != long.MaxValue) ExitAt(process, exitsAt);
            return process;
        }

        public void ExitAt(FakeTargetProcess process, long at) => _events.Add((at, () =>
        {
            process.HasExited = true;
            ((FakeMemory)process.Memory).ReadBudget = 0;   // its memory is gone with it
        }));

        /// <summary>From <paramref name="at"/>, the process runs a new Python whose stack is in <paramref name="code"/>.</summary>
        public void ExecAt(FakeTargetProcess process, long at, int code, string executable) => _events.Add((at, () =>
        {
            ((FakeMemory)process.Memory).ReadBudget = 0;   // the old image is gone
            SyntheticImage image = Image(code);
            process.Exec(image.Memory, executable);
            AddRuntime(process, image);
        }));

        private static void AddRuntime(FakeTargetProcess process, SyntheticImage image)
        {
            var symbols = new Dictionary<string, ulong> { ["_PyRuntime"] = image.HeadPointer - (ulong)Layout311.Runtime.InterpretersHead };
            if (image.CodeTypeArgument != 0) symbols["PyCode_Type"] = image.CodeTypeArgument;
            process.AddModule("/usr/lib/libpython3.11.so.1.0", 0x7f00_0000_0000, symbols);
        }

        /// <summary>Runs the events due by <paramref name="now"/>.</summary>
        public void Advance(long now)
        {
            for (int i = 0; i < _events.Count; i++)
            {
                if (_events[i].At > now) continue;
                _events[i].Act();
                _events.RemoveAt(i--);
            }
            if (now > Start + 60_000 * Ms) throw new InvalidOperationException("the loop did not end");
        }

        public ITargetProcess Attach(int pid) => _processes.First(p => p.Process.Pid == pid).Process;

        public int ListChildren(ReadOnlySpan<int> parents, Span<int> children)
        {
            int n = 0;
            foreach ((FakeTargetProcess process, int parent, long startsAt) in _processes)
                if (parents.Contains(parent) && startsAt <= Clock.NowNs() && !process.HasExited && n < children.Length)
                    children[n++] = process.Pid;
            return n;
        }

        public List<Written> Run()
        {
            Advance(Start);
            FakeTargetProcess root = _processes[0].Process;
            var targets = new TargetSet();
            var filter = new ThreadFilter(MetricMode.Time, false, false);
            var recorder = new Recorder(Clock);
            using var descendants = new Descendants(this, Clock, root, filter, timeoutMs: 20);
            descendants.Scan(Clock.NowNs(), targets);
            Assert.That(targets.Count, Is.EqualTo(1), "the target did not join at once");
            descendants.RootErrorsAreFatal = false;
            new SamplingLoop(Clock, targets, recorder, filter, IntervalNs, new SamplingStatistics(), new StopFlag()) { Descendants = descendants }.Run();
            EndedAtNs = Clock.NowNs();
            return recorder.Written;
        }
    }

    private sealed class FakeClock(World world) : IClock
    {
        private long _now = Start;

        public long NowNs() => _now;

        public void SleepUntil(long deadlineNs)
        {
            _now = Math.Max(_now, deadlineNs);
            world.Advance(_now);
        }
    }

    private sealed class Recorder(IClock clock) : ISampleWriter
    {
        public List<Written> Written { get; } = [];

        public void Begin(ProfileMetadata metadata) { }
        public void WriteMetadata(string key, string value) { }
        public void Write(in ThreadSample sample) =>
            Written.Add(new Written(sample.Pid, clock.NowNs(), sample.Metrics.Time, sample.Frames.IsEmpty ? "" : sample.Frames[^1].Function.Name));
        public void Flush() { }
        public void End(ProfileStatistics statistics) { }
        public void Dispose() { }
    }
}
