// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using Austin.Output;
using Austin.Samples;
using NUnit.Framework;

namespace Austin.Tests.Unit.Output;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class StackTreeTests
{
    private static readonly Function Main = new("main", "app.py", 1);
    private static readonly Function Work = new("work", "app.py", 10);
    private static readonly Function Sleep = new("sleep", "/usr/lib/python3.11/time.py", 5);

    private static ThreadSample Sample(ulong thread, Frame[] frames, long time, long memory = 0, bool bad = false) =>
        new(pid: 42, interpreterId: 0, thread, nativeThreadId: 0, holdsGil: true, idle: false, bad, frames, new SampleMetrics(time, memory));

    [Test]
    public void Identical_stacks_share_their_nodes_and_sum_their_metrics()
    {
        var tree = new StackTree();
        Frame[] stack = [new(Main, 3), new(Work, 12)];
        for (int i = 0; i < 1000; i++) tree.Add(Sample(1, stack, 100, i % 2 == 0 ? 4 : -1));

        Assert.That(tree.Count, Is.EqualTo(5), "root, process, thread and two frames");
        Assert.That(tree.Samples, Is.EqualTo(1000));
        int leaf = tree.Count - 1;
        Assert.That(tree.Function(leaf), Is.SameAs(Work));
        Assert.That(tree.Line(leaf), Is.EqualTo(12));
        Assert.That(tree.Own(leaf).Samples, Is.EqualTo(1000));
        Assert.That(tree.Own(leaf).Time, Is.EqualTo(100_000));
        Assert.That(tree.Own(leaf).MemoryGained, Is.EqualTo(2000));
        Assert.That(tree.Own(leaf).MemoryReleased, Is.EqualTo(500));
    }

    [Test]
    public void A_function_at_another_line_or_in_another_thread_is_another_node()
    {
        var tree = new StackTree();
        tree.Add(Sample(1, [new(Main, 3), new(Work, 12)], 100));
        tree.Add(Sample(1, [new(Main, 3), new(Work, 13)], 100));
        tree.Add(Sample(2, [new(Main, 3), new(Work, 12)], 100));
        tree.Add(Sample(2, [], 50));
        tree.Add(Sample(2, [], 7, bad: true));

        // root, process; thread 1: main:3, work:12, work:13; thread 2: main:3, work:12, bad.
        Assert.That(tree.Count, Is.EqualTo(2 + 4 + 4));
        StackMetrics[] totals = tree.Totals();
        Assert.That(totals[0].Time, Is.EqualTo(357));
        Assert.That(totals[0].Samples, Is.EqualTo(5));
        int[] threads = tree.Children(1);
        Assert.That(threads, Has.Length.EqualTo(2));
        Assert.That(totals[threads[0]].Time, Is.EqualTo(200));
        Assert.That(totals[threads[1]].Time, Is.EqualTo(157));
        Assert.That(tree.Own(threads[1]).Time, Is.EqualTo(50), "a thread with no frames keeps its own time");
    }

    [Test]
    public void Adding_a_stack_seen_before_allocates_nothing()
    {
        var tree = new StackTree();
        var stacks = new Frame[64][];
        for (int s = 0; s < stacks.Length; s++)
        {
            stacks[s] = new Frame[40];
            for (int d = 0; d < 40; d++) stacks[s][d] = new Frame(d % 2 == 0 ? Main : Work, d + s * 100);
        }
        for (int s = 0; s < stacks.Length; s++) tree.Add(Sample((ulong)(s % 4), stacks[s], 100));

        // The fewest of three rounds: a method the tiered JIT promotes while it runs allocates once (6,232 bytes, once,
        // in a clean-clone run beside two busy loops); an allocation per Add would show in every round.
        long allocated = Tests.Support.Allocations.Fewest(3, () =>
        {
            for (int i = 0; i < 100_000; i++) tree.Add(Sample((ulong)(i % 64 % 4), stacks[i % 64], 100, 1));
        });

        Assert.That(allocated, Is.Zero);
        Assert.That(tree.Samples, Is.EqualTo(300_064));
    }

    [Test]
    public void Memory_grows_with_distinct_stacks_not_with_samples()
    {
        var tree = new StackTree();
        Frame[] a = [new(Main, 1), new(Sleep, 5)];
        Frame[] b = [new(Main, 2), new(Sleep, 5)];
        for (int i = 0; i < 50_000; i++) tree.Add(Sample(1, i % 2 == 0 ? a : b, 10));
        Assert.That(tree.Count, Is.EqualTo(3 + 4));
    }
}
