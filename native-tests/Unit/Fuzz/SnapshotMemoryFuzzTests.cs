// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzing SnapshotMemory against the memory it caches. Bounded in the normal run; for a long campaign:
// AUSTIN_FUZZ_ITERATIONS=100000 AUSTIN_FUZZ_SEED=random dotnet test ... (see Fuzz.cs).
using System;
using System.Linq;
using Austin.Platform;
using CsCheck;
using NUnit.Framework;

using Austin.Tests.Support.Synthetic;

namespace Austin.Tests.Unit.Fuzz;

/// <summary>
/// The snapshot must be invisible: while the target does not change during a sample, every read through it
/// answers exactly what a read of the target would (same success, same bytes), whatever was read before,
/// whatever changed between samples, whatever garbage addresses were remembered.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
internal sealed class SnapshotMemoryFuzzTests
{
    private const ulong Base = 0x0000_7c00_0000_0000;
    private const int Page = FakeMemory.PageSize;
    private const int Pages = 24;

    /// <summary>One read: an address picked from interesting places, a size, and whether it goes through TryReadMany.</summary>
    internal sealed record Read(int Where, int Offset, int Size, int Many)
    {
        public override string ToString() => $"{Where}+{Offset}:{Size}{(Many > 0 ? $"x{Many}" : "")}";
    }

    /// <summary>A change between samples: bytes written, a page unmapped or mapped back.</summary>
    internal sealed record Change(int Kind, int Page, int Offset, byte Value)
    {
        public override string ToString() => $"{(Kind == 0 ? "write" : Kind == 1 ? "unmap" : "map")}({Page},{Offset},{Value})";
    }

    private static readonly Gen<Read> s_read =
        Gen.Select(Gen.Int[0, 9], Gen.Frequency((3, Gen.Int[0, 64].Select(o => o * 8)), (1, Gen.Int[0, 2 * Page])),
            Gen.Frequency((4, Gen.OneOf(8, 16, 24, 80, 124, 208, 384, 1024)), (1, Gen.Int[0, 3000])), Gen.Frequency((4, Gen.Const(0)), (1, Gen.Int[1, 5])),
            (w, o, s, m) => new Read(w, o, s, m));

    private static readonly Gen<Change> s_change =
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, Pages - 1], Gen.Int[0, Page - 1], Gen.Byte, (k, p, o, v) => new Change(k, p, o, v));

    private static readonly Gen<(Read[] Reads, Change[] Changes)[]> s_script =
        Gen.Select(s_read.Array[1, 40], s_change.Array[0, 6], (r, c) => (r, c)).Array[1, 8];

    private static ulong Address(Read r)
    {
        ulong[] where =
        [
            Base, Base + Page, Base + 5 * Page - 8, Base + 10 * Page, Base + (Pages - 1) * Page, Base - Page,
            0, ulong.MaxValue - 4000, Base + 2 * Page + 2040, Base + 7 * Page + 4090,
        ];
        return unchecked(where[r.Where] + (ulong)r.Offset);
    }

    [Test]
    public void Reads_through_the_snapshot_answer_what_the_target_would()
    {
        int cases = Fuzz.Check("snapshot", s_script, script =>
        {
            var target = new FakeMemory();
            target.Map(Base, Pages * Page);
            var noise = new byte[Pages * Page];
            new Random(script.Length).NextBytes(noise);
            target.Write(Base, noise);
            target.Unmap(Base + 12 * Page); // a hole
            var snapshot = new SnapshotMemory(target);

            for (int sample = 0; sample < script.Length; sample++)
            {
                snapshot.BeginSample();
                foreach (Read r in script[sample].Reads) Compare(snapshot, target, r, sample);
                foreach (Change c in script[sample].Changes)
                {
                    ulong page = Base + (ulong)c.Page * Page;
                    switch (c.Kind)
                    {
                        case 0: target.WriteMapped(page + (ulong)c.Offset, [c.Value]); break;
                        case 1: target.Unmap(page); break;
                        default: target.Map(page, 1); break;
                    }
                }
            }
        }, defaultCount: 800, print: s => string.Join(" | ", s.Select((x, i) => $"sample {i}: {string.Join(" ", x.Reads.Select(r => r.ToString()))} then {string.Join(" ", x.Changes.Select(c => c.ToString()))}")));
        TestContext.Out.WriteLine($"{cases} scripts");
    }

    private static void Compare(SnapshotMemory snapshot, FakeMemory target, Read r, int sample)
    {
        ulong address = Address(r);
        if (r.Many == 0)
        {
            byte[] mine = new byte[r.Size], theirs = new byte[r.Size];
            bool ok = snapshot.TryRead(address, mine), expected = target.TryRead(address, theirs);
            if (ok != expected || (ok && !mine.AsSpan().SequenceEqual(theirs)))
                throw new PropertyFailed($"sample {sample}: TryRead({address:x}, {r.Size}) gave {ok}, the target {expected}{(ok && expected ? " with other bytes" : "")}");
            return;
        }
        ulong[] addresses = Enumerable.Range(0, r.Many).Select(i => unchecked(address + (ulong)(i * (r.Size + 8)))).ToArray();
        byte[] many = new byte[r.Many * r.Size], one = new byte[r.Many * r.Size];
        bool manyOk = snapshot.TryReadMany(addresses, r.Size, many);
        bool oneOk = true;
        for (int i = 0; i < r.Many; i++) oneOk &= target.TryRead(addresses[i], one.AsSpan(i * r.Size, r.Size));
        if (manyOk != oneOk || (manyOk && !many.AsSpan().SequenceEqual(one)))
            throw new PropertyFailed($"sample {sample}: TryReadMany({address:x} x{r.Many}, {r.Size}) gave {manyOk}, the target {oneOk}{(manyOk && oneOk ? " with other bytes" : "")}");
    }

    [Test]
    public void A_snapshot_re_reads_at_most_its_byte_limit_per_sample()
    {
        const int reads = 4096, spacing = 2056;
        var target = new FakeMemory();
        target.Map(Base, (long)reads * spacing);
        var snapshot = new SnapshotMemory(target);
        snapshot.BeginSample();
        Span<byte> pointer = stackalloc byte[8];
        for (int i = 0; i < reads; i++) snapshot.TryRead(Base + (ulong)(i * spacing), pointer);
        target.ResetCounters();
        snapshot.BeginSample();
        Assert.That(target.BytesRequested, Is.LessThanOrEqualTo(SnapshotMemory.MaxBytes));
    }
}
