// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;

namespace Austin.Platform;

/// <summary>
/// Reads, at the start of each sample and in one batched call, everything the previous sample read, and serves
/// this sample's reads from that snapshot where it can.
/// </summary>
/// <remarks>
/// A read of another process costs a system call whatever its size, and a sampler reads the same objects
/// sample after sample (interpreter, thread states, the outer frames of each stack, their code objects): most
/// of a sample is known before it starts. What the snapshot lacks (a new frame, a new code object) is read as
/// usual and goes into the next snapshot. Whatever the walk reaches, it reaches by following pointers from
/// the anchor, so data from the snapshot is still checked link by link as the walkers check any read. A stable
/// stack costs one call per sample instead of one per object.
/// </remarks>
internal sealed class SnapshotMemory(IProcessMemory inner) : IProcessMemory
{
    /// <summary>Bounds on what one snapshot holds.</summary>
    public const int MaxEntries = Limits.SnapshotEntries;
    public const int MaxBytes = Limits.SnapshotBytes;
    /// <summary>Reads larger than this (strings and tables read once per code object) are not remembered.</summary>
    public const int MaxRememberedRead = 1024;
    /// <summary>
    /// Objects closer than this are read as one range. Two readable addresses less than a page apart lie in the
    /// same or adjacent pages, so the bytes between them are readable too.
    /// </summary>
    private const ulong MergeGap = 2048;
    private const int MaxRange = 64 * 1024;

    private Entries _snapshot = new();
    private Entries _recording = new();
    private byte[] _data = new byte[4096];
    private ulong[] _sortKeys = new ulong[256];
    private int[] _order = new int[256];
    private int[] _rangeOf = new int[256];
    private ulong[] _rangeStarts = new ulong[256];
    private int[] _rangeSizes = new int[256];
    private ulong[] _misses = new ulong[64];
    private int[] _missSlots = new int[64];
    private byte[] _missData = new byte[4096];

    /// <summary>When set, every read goes to the target (and is still remembered for the next snapshot).</summary>
    public bool Bypass { get; set; }

    /// <summary>Reads served from the snapshot, and reads that went to the target, since the start.</summary>
    public long Hits { get; private set; }
    public long Misses { get; private set; }

    private sealed class Entries
    {
        public ulong[] Addresses = new ulong[256];
        public int[] Sizes = new int[256];
        public int[] Offsets = new int[256];
        public int Count;
        public int Bytes;
        public readonly Dictionary<ulong, int> Index = new();

        public void Clear()
        {
            Count = 0;
            Bytes = 0;
            Index.Clear();
        }

        public void Add(ulong address, int size)
        {
            if (Index.TryGetValue(address, out int i))
            {
                if (size > Sizes[i]) { Bytes += size - Sizes[i]; Sizes[i] = size; }
                return;
            }
            if (Count == MaxEntries || Bytes + size > MaxBytes) return;
            if (Count == Addresses.Length)
            {
                Array.Resize(ref Addresses, Count * 2);
                Array.Resize(ref Sizes, Count * 2);
                Array.Resize(ref Offsets, Count * 2);
            }
            Addresses[Count] = address;
            Sizes[Count] = size;
            Index[address] = Count++;
            Bytes += size;
        }
    }

    /// <summary>Takes the snapshot of what the previous sample read; call once per sample before walking.</summary>
    public void BeginSample()
    {
        (_snapshot, _recording) = (_recording, _snapshot);
        _recording.Clear();
        Entries s = _snapshot;
        int n = s.Count;
        if (n == 0) return;
        EnsureScratch(n);

        // Sort by address and merge neighbours into ranges: the kernel's cost is per remote range and page,
        // and a thread's frames (3.11+: its data stack) and small objects often sit side by side.
        s.Addresses.AsSpan(0, n).CopyTo(_sortKeys);
        for (int i = 0; i < n; i++) _order[i] = i;
        Array.Sort(_sortKeys, _order, 0, n);
        int ranges = 0;
        int bytes = 0;
        for (int k = 0; k < n; k++)
        {
            int i = _order[k];
            ulong start = s.Addresses[i];
            ulong end = start + (ulong)s.Sizes[i];
            if (ranges > 0)
            {
                ulong rangeStart = _rangeStarts[ranges - 1];
                ulong rangeEnd = rangeStart + (ulong)_rangeSizes[ranges - 1];
                if (start <= rangeEnd + MergeGap && end - rangeStart <= MaxRange && bytes + (long)(end - rangeEnd) <= MaxBytes)
                {
                    if (end > rangeEnd)
                    {
                        bytes += (int)(end - rangeEnd);
                        _rangeSizes[ranges - 1] = (int)(end - rangeStart);
                    }
                    _rangeOf[i] = ranges - 1;
                    continue;
                }
            }
            if (bytes + s.Sizes[i] > MaxBytes)
            {
                _rangeOf[i] = int.MaxValue;   // past the budget (merged gaps count too): read on demand
                continue;
            }
            _rangeStarts[ranges] = start;
            _rangeSizes[ranges] = s.Sizes[i];
            bytes += s.Sizes[i];
            _rangeOf[i] = ranges++;
        }

        if (_data.Length < bytes) _data = new byte[Math.Max(bytes, _data.Length * 2)];
        int offset = 0;
        for (int r = 0; r < ranges; r++) { int size = _rangeSizes[r]; _rangeSizes[r] = offset; offset += size; }
        for (int i = 0; i < n; i++)
            if (_rangeOf[i] < ranges) s.Offsets[i] = _rangeSizes[_rangeOf[i]] + (int)(s.Addresses[i] - _rangeStarts[_rangeOf[i]]);
        // _rangeSizes now holds offsets: turn them back into sizes for the read.
        for (int r = 0; r < ranges; r++)
            _rangeSizes[r] = (r + 1 < ranges ? _rangeSizes[r + 1] : offset) - _rangeSizes[r];

        int read = inner.ReadScatter(_rangeStarts.AsSpan(0, ranges), _rangeSizes.AsSpan(0, ranges), _data);
        if (read < ranges || ranges < n)
        {
            // Keep what was read whole; the rest is read on demand (and is then remembered again).
            for (int i = 0; i < n; i++)
                if (_rangeOf[i] >= read) s.Index.Remove(s.Addresses[i]);
        }
    }

    private void EnsureScratch(int n)
    {
        if (_order.Length >= n) return;
        int size = Math.Max(n, _order.Length * 2);
        Array.Resize(ref _sortKeys, size);
        Array.Resize(ref _order, size);
        Array.Resize(ref _rangeOf, size);
        Array.Resize(ref _rangeStarts, size);
        Array.Resize(ref _rangeSizes, size);
    }

    public bool TryRead(ulong address, Span<byte> destination)
    {
        Remember(address, destination.Length);
        if (Lookup(address, destination.Length, out int offset))
        {
            _data.AsSpan(offset, destination.Length).CopyTo(destination);
            Hits++;
            return true;
        }
        Misses++;
        return inner.TryRead(address, destination);
    }

    public bool TryReadMany(ReadOnlySpan<ulong> addresses, int size, Span<byte> destination)
    {
        if (addresses.Length * size > destination.Length) return false;
        int misses = 0;
        for (int i = 0; i < addresses.Length; i++)
        {
            Remember(addresses[i], size);
            if (Lookup(addresses[i], size, out int offset))
            {
                _data.AsSpan(offset, size).CopyTo(destination.Slice(i * size, size));
                Hits++;
                continue;
            }
            if (misses == _misses.Length)
            {
                Array.Resize(ref _misses, misses * 2);
                Array.Resize(ref _missSlots, misses * 2);
            }
            _misses[misses] = addresses[i];
            _missSlots[misses++] = i;
        }
        if (misses == 0) return true;
        Misses += misses;
        if (_missData.Length < misses * size) _missData = new byte[Math.Max(misses * size, _missData.Length * 2)];
        if (!inner.TryReadMany(_misses.AsSpan(0, misses), size, _missData)) return false;
        for (int k = 0; k < misses; k++)
            _missData.AsSpan(k * size, size).CopyTo(destination.Slice(_missSlots[k] * size, size));
        return true;
    }

    public int ReadScatter(ReadOnlySpan<ulong> addresses, ReadOnlySpan<int> sizes, Span<byte> destination) =>
        inner.ReadScatter(addresses, sizes, destination);

    private bool Lookup(ulong address, int size, out int offset)
    {
        offset = 0;
        if (Bypass || !_snapshot.Index.TryGetValue(address, out int i) || _snapshot.Sizes[i] < size) return false;
        offset = _snapshot.Offsets[i];
        return true;
    }

    private void Remember(ulong address, int size)
    {
        if (size <= MaxRememberedRead) _recording.Add(address, size);
    }
}
