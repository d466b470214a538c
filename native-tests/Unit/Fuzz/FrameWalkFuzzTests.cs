// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzing ThreadWalker.Sample (FrameWalker, CodeCache, RemoteStrings) over synthetic process images.
// The normal run tries a fixed, bounded number of cases; for a long campaign see Fuzz.cs:
//   AUSTIN_FUZZ_ITERATIONS=100000 AUSTIN_FUZZ_SEED=random dotnet test native-tests -c Release --filter "FullyQualifiedName~Fuzz"
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Austin.Python.Abi;
using Austin.Python.Model;
using Austin.Python.Walkers;
using CsCheck;
using NUnit.Framework;

using Austin.Tests.Support.Synthetic;

namespace Austin.Tests.Unit.Fuzz;

/// <summary>
/// Random images of every supported layout: a clean image must sample to exactly its stacks; a corrupted one
/// (bit flips, pointers swapped to other objects including cycles, odd pointers, extreme integers, unmapped
/// pages, and changes made while the sample is being read) must never throw, must finish within a read
/// budget, must allocate at most a few MB, and must never print a frame that is not in the image.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
internal sealed class FrameWalkFuzzTests
{
    /// <summary>Reads one sample may make before it counts as a hang (a healthy deep walk makes ~50 000).</summary>
    public const long ReadBudget = 4_000_000;

    /// <summary>Bytes one sample may allocate: a few line tables and names at their caps.</summary>
    public const long AllocationBudget = 8L << 20;

    /// <summary>
    /// What the walker may allocate once, on top: FrameWalker grows its frame and code scratch (doubling) up
    /// to MaxFrames frames the first time a stack is that deep, and keeps it.
    /// </summary>
    public static long ScratchAllowance(Layout layout) => 2L * WalkLimits.MaxFrames * (layout.Frame.Size + layout.Code.Size + 64);

    /// <summary>Total reads of a sample through the runtime's snapshot (hits and misses).</summary>
    public static long SnapshotReads(SyntheticRuntime runtime) => runtime.SnapshotCounts.Hits + runtime.SnapshotCounts.Misses;

    public static IEnumerable<Layout> Layouts()
    {
        yield return TargetAbi.LinuxX64.LayoutOf(new PythonVersion(2, 7))!;
        for (int minor = 3; minor <= 13; minor++) yield return TargetAbi.LinuxX64.LayoutOf(new PythonVersion(3, minor))!;
        yield return DebugOffsetsTable.Python314(); // as discovery builds it: the 3.13 table plus the target's _Py_DebugOffsets
    }

    public static IEnumerable<TestCaseData> CleanCases() =>
        Layouts().Select(l => new TestCaseData(l).SetName($"A clean image of Python {l.Version.Major}.{l.Version.Minor} samples to exactly its stacks"));

    public static IEnumerable<TestCaseData> CorruptCases() =>
        Layouts().Select(l => new TestCaseData(l).SetName($"A corrupted image of Python {l.Version.Major}.{l.Version.Minor} never throws, hangs, overallocates or invents a frame"));

    [TestCaseSource(nameof(CleanCases))]
    public void Clean_images_sample_exactly(Layout layout)
    {
        int cases = Fuzz.Check($"clean {layout.Version}", ImageSpec.Generator, spec => CheckClean(layout, spec), defaultCount: 80);
        TestContext.Out.WriteLine($"{cases} clean images of {layout.Version}");
    }

    [TestCaseSource(nameof(CorruptCases))]
    public void Corrupted_images_are_survived(Layout layout)
    {
        var stats = new CorruptionStats();
        int cases = Fuzz.Check($"corrupt {layout.Version}", Gen.Select(ImageSpec.Generator, Mutation.Several),
            input => CheckCorrupted(layout, input.Item1, input.Item2, stats), defaultCount: 300,
            print: input => $"{input.Item1}\nmutations: {string.Join(" ", input.Item2.Select(m => m.ToString()))}");
        TestContext.Out.WriteLine($"{cases} corrupted images of {layout.Version}: {stats}");
    }

    /// <summary>What the corrupted samples looked like, to see that the fuzzer reaches the interesting paths.</summary>
    internal sealed class CorruptionStats
    {
        public long Samples, GoodThreads, BadThreads, Unknown, Scans, MaxReads, MaxAllocated, Torn;
        public int MaxDepth;

        public override string ToString() =>
            $"{Samples} samples, {GoodThreads} good and {BadThreads} bad threads, deepest good stack {MaxDepth}, " +
            $"{Unknown} frames with changed strings ({Scans} image scans), {Torn} torn samples, at most {MaxReads} reads and {MaxAllocated} bytes allocated in one sample";
    }

    private static void CheckClean(Layout layout, ImageSpec spec)
    {
        var image = new SyntheticImage(layout, spec);
        SyntheticRuntime runtime = image.NewRuntime();
        runtime.LearnPthreadTidOffset(image.Pid, tid => image.Expected.Any(t => (int)t.NativeId == tid));
        for (int round = 0; round < 2; round++) // the second round is served by the code cache
        {
            var visitor = new RecordingVisitor();
            RuntimeReadStatus status = runtime.Sample(visitor);
            if (status != RuntimeReadStatus.Ok) throw new PropertyFailed($"round {round}: {status}");
            string expected = string.Join("\n", image.Expected.Select(t => $"Ok {t}"));
            string actual = string.Join("\n", visitor.Threads.Select((t, i) => $"{visitor.Results[i]} {t}"));
            if (expected != actual) throw new PropertyFailed($"round {round}:\nexpected\n{expected}\nactual\n{actual}");
        }
    }

    private static void CheckCorrupted(Layout layout, ImageSpec spec, Mutation[] mutations, CorruptionStats stats)
    {
        var image = new SyntheticImage(layout, spec);
        FakeMemory clean = image.Memory.Clone();
        SyntheticRuntime warmed = image.NewRuntime();
        warmed.LearnPthreadTidOffset(image.Pid, tid => image.Expected.Any(t => (int)t.NativeId == tid));
        if (warmed.Sample(new RecordingVisitor()) != RuntimeReadStatus.Ok) throw new PropertyFailed("the clean image did not sample");

        // The states the image goes through: immediate mutations first, then each delayed one in turn.
        FakeMemory state = clean.Clone();
        foreach (Mutation m in mutations.Where(m => m.Delay == 0)) m.Apply(image, state);
        var states = new List<FakeMemory> { state };
        Mutation[] delayed = mutations.Where(m => m.Delay > 0).OrderBy(m => m.Delay).ToArray();
        foreach (Mutation m in delayed)
        {
            state = state.Clone();
            m.Apply(image, state);
            states.Add(state);
        }

        var check = new SampleCheck(image, states, stats);
        image.Memory.AdoptPagesOf(states[0]);
        check.Sample(warmed, "warmed cache", torn: false);
        check.Sample(warmed, "warmed cache, again", torn: false);

        SyntheticRuntime fresh = image.NewRuntime();
        fresh.HasThreads();
        fresh.LearnPthreadTidOffset(image.Pid, tid => image.Expected.Any(t => (int)t.NativeId == tid));
        check.Sample(fresh, "fresh cache", torn: false);

        if (delayed.Length > 0)
        {
            int next = 1;
            image.Memory.BeforeRead = reads =>
            {
                while (next < states.Count && reads >= delayed[next - 1].Delay) image.Memory.AdoptPagesOf(states[next++]);
            };
            check.Sample(image.NewRuntime(), "changing under the walk", torn: true);
            image.Memory.BeforeRead = null;
            image.Memory.AdoptPagesOf(states[0]);
        }
    }

    /// <summary>One checked sample of a corrupted image.</summary>
    private sealed class SampleCheck(SyntheticImage image, List<FakeMemory> states, CorruptionStats stats)
    {
        private readonly CheckingVisitor _visitor = new(image.KnownSymbols);
        private HashSet<byte[]>? _strings;

        public void Sample(SyntheticRuntime runtime, string what, bool torn)
        {
            FakeMemory memory = image.Memory;
            memory.ResetCounters();
            memory.ReadBudget = ReadBudget;
            _visitor.Reset();
            long readsBefore = SnapshotReads(runtime);
            _visitor.Reads = () => SnapshotReads(runtime) - readsBefore;
            _visitor.ReadBudget = ReadBudget;
            long started = Stopwatch.GetTimestamp();
            long before = GC.GetAllocatedBytesForCurrentThread();
            bool overBudget = false;
            try
            {
                runtime.Sample(_visitor);
            }
            catch (ReadBudgetExceeded)
            {
                overBudget = true;
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            long reads = SnapshotReads(runtime) - readsBefore;
            TimeSpan took = Stopwatch.GetElapsedTime(started);
            memory.ReadBudget = long.MaxValue;

            string where = $"{what}: {_visitor.Threads} threads ({_visitor.GoodThreads} good, {_visitor.Frames} frames), {reads} reads ({memory.Reads} of the target), {allocated} bytes allocated, {took.TotalMilliseconds:F0} ms";
            Record(reads, allocated, torn);
            if (overBudget || memory.BudgetExhausted)
                throw new PropertyFailed($"{where}: the sample did not finish within {ReadBudget} reads");
            long allowed = AllocationBudget + ScratchAllowance(image.Layout);
            if (allocated > allowed)
                throw new PropertyFailed($"{where}: the sample allocated more than {allowed} bytes");
            if (_visitor.Violation is string violation)
                throw new PropertyFailed($"{where}: {violation}");
            if (torn || _visitor.UnknownCount == 0) return;

            // Names can change with the image (a flipped character); they must still be strings of the image.
            stats.Scans++;
            _strings ??= states.Aggregate(new HashSet<byte[]>(ByteArrayComparer.Instance), (all, s) =>
            {
                all.UnionWith(ImageStrings.Collect(s, image.Layout));
                return all;
            });
            foreach (Austin.Samples.Function symbol in _visitor.Unknown)
                if (!_strings.Contains(symbol.NameUtf8) || !_strings.Contains(symbol.FileUtf8))
                    throw new PropertyFailed($"{where}: made-up frame {symbol}");
        }

        private void Record(long reads, long allocated, bool torn)
        {
            stats.Samples++;
            stats.GoodThreads += _visitor.GoodThreads;
            stats.BadThreads += _visitor.Threads - _visitor.GoodThreads;
            stats.Unknown += _visitor.UnknownCount;
            stats.MaxDepth = Math.Max(stats.MaxDepth, _visitor.MaxDepth);
            stats.MaxReads = Math.Max(stats.MaxReads, reads);
            stats.MaxAllocated = Math.Max(stats.MaxAllocated, allocated);
            if (torn) stats.Torn++;
        }
    }
}
