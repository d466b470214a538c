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
/// A stable stack also reads the same addresses in the same order sample after sample, so the reads are logged in
/// order and a read is first looked for at its own position in the previous log (then by address, and the positions
/// that follow are taken as shifted alike); while the log repeats, the sorted and merged read plan is reused as well.
/// </remarks>
internal sealed class SnapshotMemory(IProcessMemory inner) : IProcessMemory
{
    /// <summary>Bounds on what one snapshot holds.</summary>
    public const int MaxEntries = Limits.SnapshotEntries;
    public const int MaxBytes = Limits.SnapshotBytes;
    /// <summary>
    /// Reads one sample's log holds. The log keeps repeats (each thread's walk reads the code objects it shares with
    /// the others), so it may hold several times the distinct reads; the byte budget applies to the merged plan,
    /// where a repeat adds nothing. With the distinct reads' budget here, the last thread of a thousand (the main
    /// thread, 5000 frames deep) fell out of the log and was read live, after the snapshot, at every sample.
    /// </summary>
    public const int MaxLogEntries = 4 * MaxEntries;
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

    // The read plan of the snapshot, by position in its log: which range each read falls in, and where its bytes are
    // in _data. It stays valid for as long as a sample reads exactly what the previous one read.
    private int[] _rangeOf = new int[256];
    private int[] _offsets = new int[256];
    private ulong[] _sortKeys = new ulong[256];
    private int[] _order = new int[256];
    private ulong[] _rangeStarts = new ulong[256];
    private int[] _rangeSizes = new int[256];
    private int _ranges;
    private int _validRanges;

    // This sample's reads line up with the snapshot's log at (position + _shift): a stack that grew or shrank at the
    // top moves every later read by the same amount.
    private int _shift;
    // Addresses of the snapshot to their position, built only when a read is not where the log says.
    private readonly Dictionary<ulong, int> _index = new();
    private bool _indexBuilt;

    private ulong[] _misses = new ulong[64];
    private int[] _missSlots = new int[64];
    private byte[] _missData = new byte[4096];

    /// <summary>When set, every read goes to the target (and is still remembered for the next snapshot).</summary>
    public bool Bypass { get; set; }

    /// <summary>Reads served from the snapshot, and reads that went to the target, since the start.</summary>
    public long Hits { get; private set; }
    public long Misses { get; private set; }

    /// <summary>Samples whose snapshot was read with the previous sample's plan (the same reads in the same order).</summary>
    public long PlansReused { get; private set; }

    /// <summary>
    /// The reads of one sample, in order (repeats included): a stable stack reads the same addresses in the same
    /// order sample after sample, so a read is found by its position, without hashing.
    /// </summary>
    private sealed class Entries
    {
        public ulong[] Addresses = new ulong[256];
        public int[] Sizes = new int[256];
        public int Count;
        public int Bytes;
        /// <summary>Every read so far was the previous log's read at the same position, with the same size.</summary>
        public bool SameAsPrevious;

        public void Clear()
        {
            Count = 0;
            Bytes = 0;
            SameAsPrevious = true;
        }

        /// <summary>Logs a read; its position, or -1 when the log is full.</summary>
        public int Add(ulong address, int size, Entries previous)
        {
            int i = Count;
            if (i == MaxLogEntries || Bytes + size > 4L * MaxBytes)
            {
                SameAsPrevious = false;
                return -1;
            }
            if (i == Addresses.Length)
            {
                Array.Resize(ref Addresses, i * 2);
                Array.Resize(ref Sizes, i * 2);
            }
            Addresses[i] = address;
            Sizes[i] = size;
            Bytes += size;
            Count = i + 1;
            if (SameAsPrevious && (i >= previous.Count || previous.Addresses[i] != address || previous.Sizes[i] != size))
                SameAsPrevious = false;
            return i;
        }
    }

    /// <summary>Takes the snapshot of what the previous sample read; call once per sample before walking.</summary>
    public void BeginSample()
    {
        int previousCount = _snapshot.Count;
        (_snapshot, _recording) = (_recording, _snapshot);
        _recording.Clear();
        _shift = 0;
        _indexBuilt = false;
        Entries s = _snapshot;
        int n = s.Count;
        if (n == 0)
        {
            _ranges = _validRanges = 0;
            return;
        }
        // The same reads as the sample before in the same order: the plan made for them still holds.
        if (s.SameAsPrevious && n == previousCount && _ranges > 0) PlansReused++;
        else Plan(s);
        _validRanges = _ranges == 0 ? 0 : inner.ReadScatter(_rangeStarts.AsSpan(0, _ranges), _rangeSizes.AsSpan(0, _ranges), _data);
    }

    /// <summary>
    /// Sorts the logged reads by address and merges neighbours into ranges: the kernel's cost is per remote range and
    /// page, and a thread's frames (3.11+: its data stack) and small objects often sit side by side.
    /// </summary>
    private void Plan(Entries s)
    {
        int n = s.Count;
        EnsureScratch(n);
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
        // Where each range starts in _data (in _sortKeys, free again), then where each read's bytes are.
        int offset = 0;
        for (int r = 0; r < ranges; r++) { _sortKeys[r] = (ulong)offset; offset += _rangeSizes[r]; }
        for (int i = 0; i < n; i++)
        {
            int r = _rangeOf[i];
            _offsets[i] = r < ranges ? (int)_sortKeys[r] + (int)(s.Addresses[i] - _rangeStarts[r]) : -1;
        }
        _ranges = ranges;
    }

    private void EnsureScratch(int n)
    {
        if (_order.Length >= n) return;
        int size = Math.Max(n, _order.Length * 2);
        Array.Resize(ref _sortKeys, size);
        Array.Resize(ref _order, size);
        Array.Resize(ref _rangeOf, size);
        Array.Resize(ref _offsets, size);
        Array.Resize(ref _rangeStarts, size);
        Array.Resize(ref _rangeSizes, size);
    }

    public bool TryRead(ulong address, Span<byte> destination)
    {
        int position = Remember(address, destination.Length);
        if (Lookup(address, destination.Length, position, out int offset))
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
            int position = Remember(addresses[i], size);
            if (Lookup(addresses[i], size, position, out int offset))
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

    /// <summary>Where the snapshot holds the bytes of this read: first at the position the log predicts, else by address.</summary>
    private bool Lookup(ulong address, int size, int position, out int offset)
    {
        offset = 0;
        if (Bypass) return false;
        Entries s = _snapshot;
        int p = position + _shift;
        if (position < 0 || (uint)p >= (uint)s.Count || s.Addresses[p] != address || s.Sizes[p] < size)
        {
            if (!Find(address, size, out p)) return false;
            if (position >= 0) _shift = p - position;   // the reads that follow are likely shifted alike
        }
        if (_rangeOf[p] >= _validRanges) return false;
        offset = _offsets[p];
        return true;
    }

    /// <summary>The snapshot's position of the largest read of <paramref name="address"/>, if it covers <paramref name="size"/> bytes.</summary>
    private bool Find(ulong address, int size, out int position)
    {
        Entries s = _snapshot;
        if (!_indexBuilt)
        {
            _index.Clear();
            for (int i = 0; i < s.Count; i++)
                if (!_index.TryGetValue(s.Addresses[i], out int known) || s.Sizes[i] > s.Sizes[known]) _index[s.Addresses[i]] = i;
            _indexBuilt = true;
        }
        return _index.TryGetValue(address, out position) && s.Sizes[position] >= size;
    }

    private int Remember(ulong address, int size) => size <= MaxRememberedRead ? _recording.Add(address, size, _snapshot) : -1;
}
