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

    /// <summary>Records the address of every read it passes on (the snapshot's batched reads come as one read per range).</summary>
    private sealed class Recording(IProcessMemory inner) : IProcessMemory
    {
        public System.Collections.Generic.List<ulong> Addresses { get; } = new();

        public bool TryRead(ulong address, Span<byte> destination)
        {
            Addresses.Add(address);
            return inner.TryRead(address, destination);
        }
    }

    [Test]
    public void What_says_where_a_stack_top_is_is_read_first_in_the_next_snapshot_wherever_it_lies()
    {
        (FakeMemory target, _) = Stack();
        const ulong state = Base + 3 * FakeMemory.PageSize;   // above every frame: by address, it would come last
        target.WriteU64(state, 7);
        var recording = new Recording(target);
        var snapshot = new SnapshotMemory(recording);
        Span<byte> word = stackalloc byte[8];
        snapshot.BeginSample();
        snapshot.ReadingTops = true;
        Assert.That(snapshot.TryRead(state, word), Is.True);
        snapshot.ReadingTops = false;
        Walk(snapshot, 0, 9);

        recording.Addresses.Clear();
        snapshot.BeginSample();
        // One call copies range after range while the target runs: the pointer to the top first, then the frames,
        // which then are callers still waiting for the frames above them.
        Assert.That(recording.Addresses, Is.EqualTo(new[] { state, Base }));
        snapshot.ReadingTops = true;
        Assert.That(snapshot.TryRead(state, word), Is.True);
        snapshot.ReadingTops = false;
        Assert.That(BitConverter.ToUInt64(word), Is.EqualTo(7UL));
        Walk(snapshot, 0, 9);
        Assert.That(snapshot.Misses, Is.EqualTo(11), "only the first sample's reads went to the target");
    }

    [Test]
    public void A_thread_copy_serves_the_reads_it_holds_as_they_were_and_counts_the_others_as_strays()
    {
        (FakeMemory target, SnapshotMemory snapshot) = Stack();
        snapshot.BeginSample();
        ulong[] addresses = new ulong[11];
        int[] sizes = new int[11];
        addresses[0] = Base + 3 * FakeMemory.PageSize;   // the thread state, read first
        sizes[0] = 8;
        for (int i = 0; i < 10; i++) { addresses[i + 1] = Base + (ulong)(i * Frame); sizes[i + 1] = Frame; }
        target.ResetCounters();
        Assert.That(snapshot.BeginCopy(addresses, sizes, tops: 1, maxBytes: 1 << 20), Is.True);
        Assert.That(target.Reads, Is.EqualTo(2), "the state, then the frames as one page");

        // The target moves on: the copy still shows the moment it was taken, and a walk of it stays in it.
        for (int i = 0; i < 48; i++) target.WriteU64(Base + (ulong)(i * Frame), 1);
        long strays = snapshot.Strays;
        target.ResetCounters();
        Walk(snapshot, 0, 9);
        Assert.That(snapshot.Strays, Is.EqualTo(strays));
        Assert.That(target.Reads, Is.Zero);

        // A frame the copy does not hold is read from the target, and said to be.
        Span<byte> frame = stackalloc byte[Frame];
        Assert.That(snapshot.TryRead(Base + 20 * Frame, frame), Is.True);
        Assert.That(BitConverter.ToUInt64(frame), Is.EqualTo(1UL));
        Assert.That(snapshot.Strays, Is.GreaterThan(strays));
        snapshot.EndCopy();
        Assert.That(snapshot.TryRead(Base, frame), Is.True);
        Assert.That(BitConverter.ToUInt64(frame), Is.EqualTo(1UL), "after the copy, reads see the target again");
    }

    [Test]
    public void A_piece_of_a_copy_that_cannot_be_read_leaves_the_pieces_after_it_in_the_copy()
    {
        (FakeMemory target, SnapshotMemory snapshot) = Stack();
        const ulong gone = 0x0000_7d00_0000_0000;   // a data-stack chunk freed since a walk met it
        snapshot.BeginSample();
        ulong[] addresses = [gone, Base, Base + 2 * FakeMemory.PageSize];
        int[] sizes = [Frame, Frame, Frame];
        Assert.That(snapshot.BeginCopy(addresses, sizes, tops: 0, maxBytes: 1 << 20), Is.True);
        target.WriteU64(Base, 5);
        target.WriteU64(Base + 2 * FakeMemory.PageSize, 6);
        long strays = snapshot.Strays;
        Span<byte> frame = stackalloc byte[Frame];
        Assert.That(snapshot.TryRead(Base, frame), Is.True);
        Assert.That(BitConverter.ToUInt64(frame), Is.EqualTo(1000UL));
        Assert.That(snapshot.TryRead(Base + 2 * FakeMemory.PageSize, frame), Is.True);
        Assert.That(BitConverter.ToUInt64(frame), Is.Not.EqualTo(6UL));
        Assert.That(snapshot.Strays, Is.EqualTo(strays));
        Assert.That(snapshot.TryRead(gone, frame), Is.False);
        snapshot.EndCopy();
    }

    [Test]
    public void A_rewound_log_holds_a_walk_taken_again_once()
    {
        (FakeMemory target, SnapshotMemory snapshot) = Stack();
        snapshot.BeginSample();
        Walk(snapshot, 0, 1);
        SnapshotMemory.LogMark mark = snapshot.Mark();
        Walk(snapshot, 2, 9);
        snapshot.Rewind(mark);
        Walk(snapshot, 2, 9);
        target.ResetCounters();
        snapshot.BeginSample();
        Walk(snapshot, 0, 9);
        Assert.That(target.Reads, Is.EqualTo(1), "the next snapshot holds every frame, and nothing goes to the target");
        snapshot.BeginSample();
        Walk(snapshot, 0, 9);
        Assert.That(snapshot.PlansReused, Is.EqualTo(1), "the log repeats read for read: the plan is kept");
    }
}
