// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using Austin.Platform;
using NUnit.Framework;



namespace Austin.Tests.Unit.Platform;

/// <summary>
/// How the snapshot finds a read: by its position while samples read the same things in the same order (no hashing,
/// no new plan), by address once the sequence moves. SnapshotMemoryFuzzTests checks that the bytes are always right.
/// </summary>
[TestFixture]
internal sealed class SnapshotMemoryTests
{
    private const ulong Base = 0x0000_7c00_0000_0000;
    private const int Frame = 80;

    private static (FakeMemory Target, SnapshotMemory Snapshot) Stack()
    {
        var target = new FakeMemory();
        target.Map(Base, 4 * FakeMemory.PageSize);
        for (int i = 0; i < 48; i++) target.WriteU64(Base + (ulong)(i * Frame), (ulong)i + 1000);
        return (target, new SnapshotMemory(target));
    }

    /// <summary>Reads frames <paramref name="first"/> to <paramref name="last"/>, checking each value.</summary>
    private static void Walk(SnapshotMemory snapshot, int first, int last)
    {
        Span<byte> frame = stackalloc byte[Frame];
        for (int i = first; i <= last; i++)
        {
            Assert.That(snapshot.TryRead(Base + (ulong)(i * Frame), frame), Is.True);
            Assert.That(BitConverter.ToUInt64(frame), Is.EqualTo((ulong)i + 1000));
        }
    }

    [Test]
    public void A_sample_that_reads_what_the_previous_one_read_reuses_its_plan_and_makes_one_read()
    {
        (FakeMemory target, SnapshotMemory snapshot) = Stack();
        for (int sample = 0; sample < 5; sample++)
        {
            target.ResetCounters();
            snapshot.BeginSample();
            Walk(snapshot, 0, 39);
            // The first sample reads each frame itself; every later one reads the whole stack at once, and nothing else.
            Assert.That(target.Reads, Is.EqualTo(sample == 0 ? 40 : 1), $"reads of sample {sample}");
        }
        // Sample 1 made the plan (sample 0 had no snapshot); samples 2 - 4 reused it.
        Assert.That(snapshot.PlansReused, Is.EqualTo(3));
        Assert.That(snapshot.Hits, Is.EqualTo(4 * 40));
    }

    [Test]
    public void A_stack_that_grew_at_the_top_is_still_served_from_the_snapshot_and_planned_anew()
    {
        (FakeMemory target, SnapshotMemory snapshot) = Stack();
        snapshot.BeginSample();
        Walk(snapshot, 5, 39);
        snapshot.BeginSample();
        Walk(snapshot, 5, 39);
        long hits = snapshot.Hits;

        // Two new frames on top shift every later read by two places: only those two miss.
        target.ResetCounters();
        snapshot.BeginSample();
        Walk(snapshot, 3, 39);
        Assert.That(snapshot.Hits - hits, Is.EqualTo(35));
        Assert.That(target.Reads, Is.EqualTo(1 + 2));

        long reused = snapshot.PlansReused;
        snapshot.BeginSample();
        Walk(snapshot, 3, 39);
        Assert.That(snapshot.PlansReused, Is.EqualTo(reused), "a changed sequence is planned again");
        snapshot.BeginSample();
        Walk(snapshot, 3, 39);
        Assert.That(snapshot.PlansReused, Is.EqualTo(reused + 1), "and then reused");
    }

    /// <summary>
    /// A thousand threads each read the code objects they share, so a sample's log repeats them thousands of times:
    /// the reads after the repeats (the main thread's 5000 frames, walked last) must still make the snapshot.
    /// </summary>
    [Test]
    public void Reads_after_many_repeats_still_make_the_next_snapshot()
    {
        var target = new FakeMemory();
        const int frames = 5000;
        target.Map(Base, (frames + 8) * Frame);
        var snapshot = new SnapshotMemory(target);
        Span<byte> code = stackalloc byte[200], frame = stackalloc byte[Frame];
        for (int sample = 0; sample < 3; sample++)
        {
            snapshot.BeginSample();
            for (int thread = 0; thread < 1000; thread++)
                for (int c = 0; c < 12; c++)
                    snapshot.TryRead(Base + (ulong)(c * 8), code);   // the same few objects, again and again
            target.ResetCounters();
            for (int i = 0; i < frames; i++)
                Assert.That(snapshot.TryRead(Base + (ulong)((8 + i) * Frame), frame), Is.True);
            if (sample > 0) Assert.That(target.Reads, Is.Zero, $"frames read live in sample {sample}");
        }
    }

    [Test]
    public void A_read_larger_than_the_one_remembered_at_its_place_goes_to_the_target()
    {
        (FakeMemory target, SnapshotMemory snapshot) = Stack();
        Span<byte> small = stackalloc byte[8], large = stackalloc byte[64];
        snapshot.BeginSample();
        snapshot.TryRead(Base, small);
        snapshot.BeginSample();
        target.WriteU64(Base + 8, 77);
        target.ResetCounters();
        Assert.That(snapshot.TryRead(Base, large), Is.True);
        Assert.That(BitConverter.ToUInt64(large[8..]), Is.EqualTo(77UL));
        Assert.That(target.Reads, Is.EqualTo(1));
    }
}
