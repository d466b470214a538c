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
    /// <summary>Bytes one sample's log may hold, repeats included (as <see cref="MaxLogEntries"/>).</summary>
    private const long MaxLogBytes = 4L * MaxBytes;
    /// <summary>Reads larger than this (strings and tables read once per code object) are not remembered.</summary>
    public const int MaxRememberedRead = 1024;
    /// <summary>
    /// Objects closer than this are read as one range. Two readable addresses less than a page apart lie in the
    /// same or adjacent pages, so the bytes between them are readable too.
    /// </summary>
    private const ulong MergeGap = 2048;
    private const int MaxRange = 64 * 1024;
    /// <summary>Bytes of a piece of a thread's copy (see <see cref="BeginCopy"/>).</summary>
    private const int CopyPiece = 4096;

    private Entries _snapshot = new();
    private Entries _recording = new();
    private byte[] _data = new byte[4096];

    // The read plan of the snapshot: its ranges (which range each read falls in, and where its bytes are in _data, is
    // kept in its entry). It stays valid for as long as a sample reads exactly what the previous one read.
    private ulong[] _sortKeys = new ulong[256];
    private int[] _order = new int[256];
    private int[] _newIndex = new int[256];
    private ulong[] _newStarts = new ulong[256];
    private int[] _newSizes = new int[256];
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

    // One thread's copy (see BeginCopy): its reads sorted and merged into ranges, read in one call.
    private ulong[] _copyKeys = new ulong[64];
    private int[] _copyIndex = new int[64];
    private int[] _copyPriority = new int[64];
    private int[] _copyReadOrder = new int[64];
    private ulong[] _copyReadStarts = new ulong[64];
    private int[] _copyReadSizes = new int[64];
    private ulong[] _copyStarts = new ulong[64];
    private int[] _copySizes = new int[64];
    private int[] _copyOffsets = new int[64];
    private byte[] _copyData = new byte[4096];
    private int _copyRanges;
    private int _copyTops;
    private bool _copying;
    // Snapshots taken so far: a log mark holds only within one.
    private long _samples;

    private ulong[] _misses = new ulong[64];
    private int[] _missSlots = new int[64];
    private byte[] _missData = new byte[4096];

    /// <summary>
    /// Set while reading where a stack's top is (a thread state; 3.11-3.12 the _PyCFrame): the next snapshot reads
    /// these first, then the frames. One call is not one instant (the kernel copies range after range while the target
    /// runs): frames read after the pointer to the top are callers that were waiting for the frames above them, however
    /// the stack moved meanwhile, unless it unwound below them and grew back within the copy. Read the other way round,
    /// a stack that grew during the copy shows a caller as it was when it was itself the top: a stack that never was.
    /// </summary>
    public bool ReadingTops { get; set; }

    /// <summary>When set, every read goes to the target (and is still remembered for the next snapshot).</summary>
    public bool Bypass { get; set; }

    /// <summary>Reads served from the snapshot, and reads that went to the target, since the start.</summary>
    public long Hits { get; private set; }
    public long Misses { get; private set; }

    /// <summary>Samples whose snapshot was read with the previous sample's plan (the same reads in the same order).</summary>
    public long PlansReused { get; private set; }

    /// <summary>While a thread's copy is taken (<see cref="BeginCopy"/>): reads it did not hold, since the start.</summary>
    public long CopyMisses { get; private set; }

    /// <summary>
    /// Reads that did not come from the one copy a walk relies on: reads that went to the target, and, while a
    /// thread's copy is taken, reads it did not hold. A walk whose reads leave this unchanged read one moment of the
    /// target (the snapshot's, or the copy's).
    /// </summary>
    public long Strays => Misses + CopyMisses;

    /// <summary>Where the log of this sample stands: <see cref="Rewind"/> forgets what was logged after it.</summary>
    public readonly record struct LogMark(long Sample, int Count, int Bytes, bool SameAsPrevious);

    /// <summary>The log's state now, to rewind to when a walk is taken again (its reads are then logged again).</summary>
    public LogMark Mark() => new(_samples, _recording.Count, _recording.Bytes, _recording.SameAsPrevious);

    /// <summary>
    /// Forgets the reads logged since <paramref name="mark"/>, so that a walk taken again is logged once. A mark of
    /// an earlier sample's log (a snapshot was taken since) is ignored.
    /// </summary>
    public void Rewind(LogMark mark)
    {
        Entries r = _recording;
        if (mark.Sample != _samples || mark.Count > r.Count) return;
        r.Count = mark.Count;
        r.Bytes = mark.Bytes;
        r.SameAsPrevious = mark.SameAsPrevious;
    }

    /// <summary>
    /// Reads the given ranges of one thread (its state and its frames) in one call and, until <see cref="EndCopy"/>,
    /// serves reads that fall inside them from that copy: a walk then reads the thread's chain in one call, not partly
    /// at the snapshot and partly later. The first <paramref name="tops"/> ranges hold where the stack's top is, and
    /// are read first (see <see cref="ReadingTops"/>); the others (a chain, innermost frame first) are merged into
    /// pieces of at most a page and read in the order given: the kernel copies a piece in a fraction of a microsecond,
    /// and a stack that unwinds meanwhile cannot catch up with a copy that goes down its frames faster than it returns
    /// from them. Reads outside the copy are served as usual and counted in <see cref="CopyMisses"/>. False, and no
    /// copy, when the ranges do not fit <paramref name="maxBytes"/>.
    /// </summary>
    public bool BeginCopy(ReadOnlySpan<ulong> addresses, ReadOnlySpan<int> sizes, int tops, int maxBytes)
    {
        int n = addresses.Length;
        if (_copyKeys.Length < n)
        {
            int size = Math.Max(n, _copyKeys.Length * 2);
            _copyKeys = new ulong[size];
            _copyIndex = new int[size];
            _copyStarts = new ulong[size];
            _copySizes = new int[size];
            _copyOffsets = new int[size];
            _copyPriority = new int[size];
            _copyReadOrder = new int[size];
            _copyReadStarts = new ulong[size];
            _copyReadSizes = new int[size];
        }
        long bytes = 0;
        for (int i = 0; i < tops; i++)
        {
            _copyStarts[i] = addresses[i];
            _copySizes[i] = sizes[i];
            _copyPriority[i] = i;
            bytes += sizes[i];
        }
        int m = n - tops;
        addresses[tops..].CopyTo(_copyKeys);
        for (int i = 0; i < m; i++) _copyIndex[i] = tops + i;
        Array.Sort(_copyKeys, _copyIndex, 0, m);
        int ranges = tops;
        for (int k = 0; k < m; k++)
        {
            ulong start = _copyKeys[k];
            int i = _copyIndex[k];
            ulong end = start + (ulong)sizes[i];
            if (ranges > tops)
            {
                ulong rangeStart = _copyStarts[ranges - 1];
                ulong rangeEnd = rangeStart + (ulong)_copySizes[ranges - 1];
                if (start <= rangeEnd + MergeGap && end - rangeStart <= CopyPiece)
                {
                    if (end > rangeEnd)
                    {
                        bytes += (long)(end - rangeEnd);
                        _copySizes[ranges - 1] = (int)(end - rangeStart);
                    }
                    _copyPriority[ranges - 1] = Math.Min(_copyPriority[ranges - 1], i);
                    continue;
                }
            }
            _copyStarts[ranges] = start;
            _copySizes[ranges] = sizes[i];
            _copyPriority[ranges] = i;
            bytes += sizes[i];
            ranges++;
            if (bytes > maxBytes) return false;
        }
        if (bytes > maxBytes) return false;
        if (_copyData.Length < bytes) _copyData = new byte[Math.Max(bytes, _copyData.Length * 2)];
        // The pieces in the order of the first read each holds; _copyKeys (free again) holds the sort keys.
        for (int r = 0; r < ranges; r++) { _copyReadOrder[r] = r; _copyKeys[r] = (ulong)_copyPriority[r]; }
        Array.Sort(_copyKeys, _copyReadOrder, 0, ranges);
        int offset = 0;
        for (int j = 0; j < ranges; j++)
        {
            int r = _copyReadOrder[j];
            _copyOffsets[r] = offset;
            offset += _copySizes[r];
            _copyReadStarts[j] = _copyStarts[r];
            _copyReadSizes[j] = _copySizes[r];
        }
        // A piece that cannot be read (a data-stack chunk freed since a walk met it) is left out, and the copy goes
        // on after it: reads there miss the copy.
        int at = 0;
        while (at < ranges)
        {
            int done = inner.ReadScatter(_copyReadStarts.AsSpan(at, ranges - at), _copyReadSizes.AsSpan(at, ranges - at),
                _copyData.AsSpan(_copyOffsets[_copyReadOrder[at]]));
            at += done;
            if (at < ranges) _copySizes[_copyReadOrder[at++]] = 0;
        }
        _copyTops = tops;
        _copyRanges = ranges;
        _copying = true;
        return true;
    }

    /// <summary>Reads are served from the snapshot again (see <see cref="BeginCopy"/>).</summary>
    public void EndCopy() => _copying = false;

    /// <summary>Copies the bytes of a read from the thread's copy, if it holds them all.</summary>
    private bool FromCopy(ulong address, Span<byte> destination)
    {
        int r = -1;
        for (int t = 0; t < _copyTops; t++)
            if (address >= _copyStarts[t] && address - _copyStarts[t] + (ulong)destination.Length <= (ulong)_copySizes[t]) r = t;
        if (r < 0)
        {
            int lo = _copyTops, hi = _copyRanges - 1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >>> 1;
                if (_copyStarts[mid] <= address) lo = mid + 1;
                else hi = mid - 1;
            }
            // hi: the last sorted range that starts at or below the address.
            if (hi >= _copyTops && address - _copyStarts[hi] + (ulong)destination.Length <= (ulong)_copySizes[hi]) r = hi;
        }
        if (r < 0)
        {
            CopyMisses++;
            return false;
        }
        _copyData.AsSpan(_copyOffsets[r] + (int)(address - _copyStarts[r]), destination.Length).CopyTo(destination);
        return true;
    }

    /// <summary>One logged read, and where the snapshot holds its bytes (see <see cref="Plan"/>).</summary>
    private struct Entry
    {
        public ulong Address;
        public int Size;
        /// <summary>The read holds where a stack's top is (see <see cref="ReadingTops"/>).</summary>
        public bool Top;
        /// <summary>The range of the read plan it falls in (int.MaxValue: none), and where its bytes are in _data.</summary>
        public int Range;
        public int Offset;
    }

    /// <summary>
    /// The reads of one sample, in order (repeats included): a stable stack reads the same addresses in the same
    /// order sample after sample, so a read is found by its position, without hashing. A read that is the previous
    /// log's at the same position takes its place in the read plan with it, so that a plan reused for the next
    /// sample is found in the entries themselves.
    /// </summary>
    private sealed class Entries
    {
        public Entry[] Items = new Entry[256];
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
        public int Add(ulong address, int size, bool top, Entries previous)
        {
            int i = Count;
            if (i == MaxLogEntries || Bytes + size > MaxLogBytes)
            {
                SameAsPrevious = false;
                return -1;
            }
            if (i == Items.Length) Array.Resize(ref Items, i * 2);
            ref Entry e = ref Items[i];
            e.Address = address;
            e.Size = size;
            e.Top = top;
            Bytes += size;
            Count = i + 1;
            if (SameAsPrevious)
            {
                if ((uint)i < (uint)previous.Count && previous.Items[i].Address == address && previous.Items[i].Size == size)
                {
                    e.Range = previous.Items[i].Range;
                    e.Offset = previous.Items[i].Offset;
                }
                else SameAsPrevious = false;
            }
            return i;
        }
    }

    /// <summary>Takes the snapshot of what the previous sample read; call once per sample before walking.</summary>
    public void BeginSample()
    {
        int previousCount = _snapshot.Count;
        _samples++;
        _copying = false;
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
        for (int i = 0; i < n; i++) { _sortKeys[i] = s.Items[i].Address; _order[i] = i; }
        Array.Sort(_sortKeys, _order, 0, n);
        int ranges = 0;
        int bytes = 0;
        for (int k = 0; k < n; k++)
        {
            int i = _order[k];
            ulong start = s.Items[i].Address;
            ulong end = start + (ulong)s.Items[i].Size;
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
                    s.Items[i].Range = ranges - 1;
                    continue;
                }
            }
            if (bytes + s.Items[i].Size > MaxBytes)
            {
                s.Items[i].Range = int.MaxValue;   // past the budget (merged gaps count too): read on demand
                continue;
            }
            _rangeStarts[ranges] = start;
            _rangeSizes[ranges] = s.Items[i].Size;
            bytes += s.Items[i].Size;
            s.Items[i].Range = ranges++;
        }

        if (_data.Length < bytes) _data = new byte[Math.Max(bytes, _data.Length * 2)];
        TopsFirst(s, ranges);
        // Where each range starts in _data (in _sortKeys, free again), then where each read's bytes are.
        int offset = 0;
        for (int r = 0; r < ranges; r++) { _sortKeys[r] = (ulong)offset; offset += _rangeSizes[r]; }
        for (int i = 0; i < n; i++)
        {
            ref Entry e = ref s.Items[i];
            int r = e.Range;
            e.Offset = r < ranges ? (int)_sortKeys[r] + (int)(e.Address - _rangeStarts[r]) : -1;
        }
        _ranges = ranges;
    }

    /// <summary>Puts the ranges that hold a stack's top before the others, in the order they are read (see <see cref="ReadingTops"/>).</summary>
    private void TopsFirst(Entries s, int ranges)
    {
        if (ranges < 2) return;
        Span<int> newIndex = _newIndex.AsSpan(0, ranges);
        newIndex.Fill(-1);
        int tops = 0;
        for (int i = 0; i < s.Count; i++)
        {
            int r = s.Items[i].Range;
            if (s.Items[i].Top && r < ranges && newIndex[r] < 0) newIndex[r] = tops++;
        }
        if (tops == 0) return;
        int next = tops;
        for (int r = 0; r < ranges; r++)
            if (newIndex[r] < 0) newIndex[r] = next++;
        // Permute the ranges (through _order, free again) and renumber the reads.
        for (int r = 0; r < ranges; r++) { _order[newIndex[r]] = r; }
        Span<ulong> starts = _newStarts.AsSpan(0, ranges);
        Span<int> sizes = _newSizes.AsSpan(0, ranges);
        for (int r = 0; r < ranges; r++) { starts[r] = _rangeStarts[_order[r]]; sizes[r] = _rangeSizes[_order[r]]; }
        starts.CopyTo(_rangeStarts);
        sizes.CopyTo(_rangeSizes);
        for (int i = 0; i < s.Count; i++)
            if (s.Items[i].Range < ranges) s.Items[i].Range = newIndex[s.Items[i].Range];
    }

    private void EnsureScratch(int n)
    {
        if (_order.Length >= n) return;
        int size = Math.Max(n, _order.Length * 2);
        Array.Resize(ref _sortKeys, size);
        Array.Resize(ref _order, size);
        Array.Resize(ref _newIndex, size);
        Array.Resize(ref _newStarts, size);
        Array.Resize(ref _newSizes, size);
        Array.Resize(ref _rangeStarts, size);
        Array.Resize(ref _rangeSizes, size);
    }

    public bool TryRead(ulong address, Span<byte> destination)
    {
        // A stable stack: the read the previous sample made at this position, logged as it was and served from the
        // snapshot in one step (what Remember and Lookup below do, for this case).
        Entries r = _recording, s = _snapshot;
        int i = r.Count;
        if (r.SameAsPrevious && _shift == 0 && !_copying && !Bypass && (uint)i < (uint)s.Count && (uint)i < (uint)r.Items.Length)
        {
            ref Entry previous = ref s.Items[i];
            int size = destination.Length;
            if (previous.Address == address && previous.Size == size && previous.Range < _validRanges && r.Bytes + size <= MaxLogBytes)
            {
                ref Entry e = ref r.Items[i];
                e = previous;
                e.Top = ReadingTops;
                r.Count = i + 1;
                r.Bytes += size;
                _data.AsSpan(previous.Offset, size).CopyTo(destination);
                Hits++;
                return true;
            }
        }
        int position = Remember(address, destination.Length);
        if (_copying && !Bypass && FromCopy(address, destination))
        {
            Hits++;
            return true;
        }
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
            if (_copying && !Bypass && FromCopy(addresses[i], destination.Slice(i * size, size)))
            {
                Hits++;
                continue;
            }
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
        if (position < 0 || (uint)p >= (uint)s.Count || s.Items[p].Address != address || s.Items[p].Size < size)
        {
            if (!Find(address, size, out p)) return false;
            if (position >= 0) _shift = p - position;   // the reads that follow are likely shifted alike
        }
        ref Entry e = ref s.Items[p];
        if (e.Range >= _validRanges) return false;
        offset = e.Offset;
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
                if (!_index.TryGetValue(s.Items[i].Address, out int known) || s.Items[i].Size > s.Items[known].Size) _index[s.Items[i].Address] = i;
            _indexBuilt = true;
        }
        return _index.TryGetValue(address, out position) && s.Items[position].Size >= size;
    }

    private int Remember(ulong address, int size) => size <= MaxRememberedRead ? _recording.Add(address, size, ReadingTops, _snapshot) : -1;
}
