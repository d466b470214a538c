// SPDX-License-Identifier: GPL-3.0-or-later
// Deterministic worst cases of the corruption fuzzer (FrameWalkFuzzTests): loops in every list the sampler
// follows, and line tables whose size is garbage.
// (Loops in both the thread list and a frame chain cost ~134 M reads per sample until FrameWalker gained
// Brent's cycle detection; that test now runs normally.)
using System;
using System.Collections.Generic;
using System.Linq;
using Austin.Python.Abi;
using Austin.Python.Model;
using Austin.Python.Walkers;
using NUnit.Framework;

using Austin.Tests.Support.Synthetic;

namespace Austin.Tests.Unit.Fuzz;

[TestFixture]
[Parallelizable(ParallelScope.All)]
internal sealed class WalkBoundsTests
{
    private static readonly Segment[] s_oneLine = [new Segment(4, 1, false)];

    private static CodeSpec Code(int text) =>
        new(new StringSpec(text, true), new StringSpec(text, true), new StringSpec(11, true), 10, s_oneLine, 0, 0);

    private static FrameSpec Frame(int code) => new(code, 0, FrameKind.Normal);

    /// <summary>Two threads of two frames each, in one interpreter (or one thread per interpreter).</summary>
    private static SyntheticImage Image(Layout layout, bool twoInterpreters = false)
    {
        FrameSpec[] stack = [Frame(0), Frame(1)];
        FrameSpec[][][] interpreters = twoInterpreters ? [[stack], [stack]] : [[stack, stack]];
        return new SyntheticImage(layout, new ImageSpec([Code(1), Code(2)], interpreters, -1, true, 0x2d0, 7));
    }

    private static IEnumerable<TestCaseData> Cases(string sentence) =>
        FrameWalkFuzzTests.Layouts().Select(l => new TestCaseData(l).SetName(string.Format(sentence, $"{l.Version.Major}.{l.Version.Minor}")));

    public static IEnumerable<TestCaseData> SelfLoopCases() => Cases("A frame that is its own caller is a bad sample on Python {0}");
    public static IEnumerable<TestCaseData> FrameLoopCases() => Cases("A loop of two frames is a bad sample after at most MaxFrames frames on Python {0}");
    public static IEnumerable<TestCaseData> ThreadLoopCases() => Cases("A loop in the thread list ends within MaxThreads threads on Python {0}");
    public static IEnumerable<TestCaseData> ThreadLoopOnceCases() => Cases("A loop in the thread list reports each thread once on Python {0}");
    public static IEnumerable<TestCaseData> DoubleLoopCases() => Cases("Loops in both the thread list and a frame chain cost a bounded number of reads on Python {0}");
    public static IEnumerable<TestCaseData> InterpreterLoopCases() => Cases("A loop in the interpreter list reports each thread once on Python {0}");
    public static IEnumerable<TestCaseData> TwoListLoopCases() => Cases("Loops in both the interpreter and the thread lists cost a bounded number of reads on Python {0}");
    public static IEnumerable<TestCaseData> DeadFrameCases() => FrameWalkFuzzTests.Layouts().Where(l => l.Frame.Model == FrameModel.FrameObjects)
        .Select(l => new TestCaseData(l).SetName($"A dead frame that stays in a chain is walked again a bounded number of times on Python {l.Version.Major}.{l.Version.Minor}"));
    public static IEnumerable<TestCaseData> GarbageTableCases() => Cases("A garbage line table size behind a thread loop allocates a bounded amount on Python {0}");

    /// <summary>Where the frame after <paramref name="frame"/> is stored.</summary>
    private static ulong BackSlot(SyntheticImage image, ulong frame) => frame + (ulong)image.Layout.Frame.Back;

    private static ulong Read(FakeMemory memory, ulong address)
    {
        Span<byte> b = stackalloc byte[8];
        Assert.That(memory.TryRead(address, b), Is.True);
        return BitConverter.ToUInt64(b);
    }

    /// <summary>Samples twice (the second sample is served by the snapshot of the first) and returns the second.</summary>
    private static (CheckingVisitor Visitor, long Reads, long Allocated) Sample(SyntheticImage image)
    {
        SyntheticRuntime runtime = image.NewRuntime();
        var visitor = new CheckingVisitor(image.KnownSymbols) { ReadBudget = FrameWalkFuzzTests.ReadBudget };
        long reads = 0, allocated = 0;
        for (int round = 0; round < 2; round++)
        {
            visitor.Reset();
            long readsBefore = FrameWalkFuzzTests.SnapshotReads(runtime);
            visitor.Reads = () => FrameWalkFuzzTests.SnapshotReads(runtime) - readsBefore;
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                Assert.That(runtime.Sample(visitor), Is.EqualTo(RuntimeReadStatus.Ok));
            }
            catch (ReadBudgetExceeded e)
            {
                Assert.Fail($"round {round}: more than {FrameWalkFuzzTests.ReadBudget} reads in one sample ({e.ReadCount} after {visitor.Threads} threads)");
            }
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            reads = FrameWalkFuzzTests.SnapshotReads(runtime) - readsBefore;
            TestContext.Out.WriteLine($"round {round}: {visitor.Threads} threads ({visitor.GoodThreads} good, {visitor.Frames} frames), {reads} reads ({image.Memory.Reads} of the target), {allocated} bytes");
            image.Memory.ResetCounters();
        }
        return (visitor, reads, allocated);
    }

    [TestCaseSource(nameof(SelfLoopCases))]
    public void A_frame_that_is_its_own_caller_is_a_bad_sample(Layout layout)
    {
        SyntheticImage image = Image(layout);
        ulong inner = image.InnermostFrames[0];
        image.Memory.WriteU64(BackSlot(image, inner), inner);
        (CheckingVisitor visitor, long reads, _) = Sample(image);
        Assert.Multiple(() =>
        {
            Assert.That(visitor.GoodThreads, Is.EqualTo(1), "the other thread is fine");
            Assert.That(visitor.Threads, Is.EqualTo(2));
            Assert.That(reads, Is.LessThan(100));
        });
    }

    [TestCaseSource(nameof(FrameLoopCases))]
    public void A_loop_of_two_frames_is_a_bad_sample(Layout layout)
    {
        SyntheticImage image = Image(layout);
        ulong inner = image.InnermostFrames[0];
        ulong outer = Read(image.Memory, BackSlot(image, inner));
        image.Memory.WriteU64(BackSlot(image, outer), inner);
        (CheckingVisitor visitor, long reads, _) = Sample(image);
        Assert.Multiple(() =>
        {
            Assert.That(visitor.GoodThreads, Is.EqualTo(1));
            Assert.That(visitor.Threads, Is.EqualTo(2));
            Assert.That(reads, Is.LessThanOrEqualTo(3L * WalkLimits.MaxFrames + 100));
        });
    }

    /// <summary>
    /// A dead frame (≤3.10: no reference left) in a chain is what a race leaves: the walk is taken again, up to 32 times,
    /// since the next read is likely to find the stack whole. When it stays (garbage), the retries end.
    /// </summary>
    [TestCaseSource(nameof(DeadFrameCases))]
    public void A_dead_frame_is_walked_again_a_bounded_number_of_times(Layout layout)
    {
        long whole = Sample(Image(layout)).Reads;
        SyntheticImage image = Image(layout);
        ulong outer = Read(image.Memory, BackSlot(image, image.InnermostFrames[0]));
        image.Memory.WriteI64(outer, 0);
        (CheckingVisitor visitor, long reads, _) = Sample(image);
        Assert.Multiple(() =>
        {
            Assert.That(visitor.GoodThreads, Is.EqualTo(1), "the other thread is fine");
            Assert.That(visitor.Threads, Is.EqualTo(2));
            Assert.That(reads, Is.GreaterThanOrEqualTo(whole + 32), "walked again");
            Assert.That(reads, Is.LessThanOrEqualTo(whole + 33 * 8), "at most 32 walks again, a few reads each");
        });
    }

    [TestCaseSource(nameof(ThreadLoopCases))]
    public void A_loop_in_the_thread_list_ends(Layout layout)
    {
        SyntheticImage image = Image(layout);
        image.Memory.WriteU64(image.ThreadStates[1] + (ulong)layout.Thread.Next, image.ThreadStates[0]);
        (CheckingVisitor visitor, _, _) = Sample(image);
        Assert.That(visitor.Threads, Is.LessThanOrEqualTo(WalkLimits.MaxThreads));
    }

    [TestCaseSource(nameof(ThreadLoopOnceCases))]
    public void A_loop_in_the_thread_list_reports_each_thread_once(Layout layout)
    {
        SyntheticImage image = Image(layout);
        image.Memory.WriteU64(image.ThreadStates[1] + (ulong)layout.Thread.Next, image.ThreadStates[0]);
        (CheckingVisitor visitor, _, _) = Sample(image);
        Assert.That(visitor.Threads, Is.EqualTo(2));
    }

    [TestCaseSource(nameof(InterpreterLoopCases))]
    public void A_loop_in_the_interpreter_list_reports_each_thread_once(Layout layout)
    {
        SyntheticImage image = Image(layout, twoInterpreters: true);
        image.Memory.WriteU64(image.Interpreters[1] + (ulong)layout.Interpreter.Next, image.Interpreters[0]);
        (CheckingVisitor visitor, _, _) = Sample(image);
        Assert.That(visitor.Threads, Is.EqualTo(2));
    }

    [TestCaseSource(nameof(TwoListLoopCases))]
    public void Loops_in_interpreters_and_threads_cost_a_bounded_number_of_reads(Layout layout)
    {
        // Two interpreters in a loop, each with a loop of two threads (a thread that points to itself is caught).
        SyntheticImage twoThreads = new(layout, new ImageSpec([Code(1), Code(2)],
            [[[Frame(0)], [Frame(1)]], [[Frame(0)], [Frame(1)]]], -1, true, 0x2d0, 7));
        twoThreads.Memory.WriteU64(twoThreads.Interpreters[1] + (ulong)layout.Interpreter.Next, twoThreads.Interpreters[0]);
        twoThreads.Memory.WriteU64(twoThreads.ThreadStates[1] + (ulong)layout.Thread.Next, twoThreads.ThreadStates[0]);
        twoThreads.Memory.WriteU64(twoThreads.ThreadStates[3] + (ulong)layout.Thread.Next, twoThreads.ThreadStates[2]);
        Sample(twoThreads);
    }

    [TestCaseSource(nameof(DoubleLoopCases))]
    public void Loops_in_threads_and_frames_cost_a_bounded_number_of_reads(Layout layout)
    {
        SyntheticImage image = Image(layout);
        image.Memory.WriteU64(image.ThreadStates[1] + (ulong)layout.Thread.Next, image.ThreadStates[0]);
        ulong inner = image.InnermostFrames[0];
        ulong outer = Read(image.Memory, BackSlot(image, inner));
        image.Memory.WriteU64(BackSlot(image, outer), inner);
        Sample(image);
    }

    [TestCaseSource(nameof(GarbageTableCases))]
    public void A_garbage_line_table_size_allocates_a_bounded_amount(Layout layout)
    {
        SyntheticImage image = Image(layout);
        // The line table of code 0 claims 1 MiB; the bytes are not there.
        ulong code = image.PointerSlots.First(s => s.Kind == "code.linetable").Owner;
        ulong table = Read(image.Memory, code + (ulong)layout.Code.LineTable);
        image.Memory.WriteI64(table + 16, RemoteStrings.MaxBytesLength);
        image.Memory.WriteU64(image.ThreadStates[1] + (ulong)layout.Thread.Next, image.ThreadStates[0]);
        (_, _, long allocated) = Sample(image);
        Assert.That(allocated, Is.LessThan(FrameWalkFuzzTests.AllocationBudget));
    }
}
