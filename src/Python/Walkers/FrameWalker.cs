// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Austin.Samples;
using Austin.Platform;
using Austin.Python.Abi;
using Austin.Python.LineTables;
using Austin.Python.Model;

namespace Austin.Python.Walkers;

/// <summary>
/// Walks one thread's Python frames, innermost first, for either frame model (PyFrameObject up to 3.10,
/// _PyInterpreterFrame from 3.11): the differences are offsets and a few flags of the <see cref="Layout"/>,
/// decided once per process.
/// </summary>
/// <remarks>
/// One read per frame, then the code objects of all frames in one batched read, checked against the cache
/// (see <see cref="CodeCache"/>). Reads go through a <see cref="SnapshotMemory"/>, so that what did not
/// change since the previous sample costs no system call of its own.
/// </remarks>
internal sealed class FrameWalker
{
    private const int OwnedByGenerator = 1;

    private readonly IProcessMemory _memory;
    private readonly Layout _layout;
    private readonly CodeCache _codes;
    private readonly int _frameSize;
    private readonly int _codeSize;
    private readonly bool _interpreterFrames;
    // 3.11+: by opcode, whether a caller waits there for the frame it pushed (see WaitsForItsCallee); null otherwise.
    private readonly byte[]? _callSites;
    // The distinct distances, in code units, from a pushing opcode to where its caller waits (see CallSiteTable).
    private readonly int[] _callUnitsPast = [];
    // Where a callee says it was entered from C: is_entry (3.11), or an owner of at least _shimOwnerFrom (3.12+); -1 = none.
    private readonly int _isEntryAt, _shimOwnerAt, _shimOwnerFrom;
    // The layout's offsets the walk reads per frame, held here: one load each instead of three (layout, family, field).
    private readonly int _backAt, _codeAt, _instrAt, _ownerAt, _stackTopAt, _tlbcIndexAt, _adaptiveAt;
    private readonly ulong _codeTagMask;
    private readonly LineTableFormat _tableFormat;

    // Scratch, grown on demand and then reused: no allocation per sample in steady state.
    private byte[] _raw;
    private int[] _codeSlot = new int[64];
    private ulong[] _addresses = new ulong[64];
    private int _chainLength;
    private ulong[] _uniqueCodes = new ulong[64];
    private CodeObject?[] _resolved = new CodeObject?[64];
    private byte[] _codeRaw;
    // Code objects past the first few are found by hashing; a stack of recursion or a few functions needs no hash.
    private const int LinearCodes = 8;
    private readonly Dictionary<ulong, int> _codeIndex = new();

    // The snapshot behind _memory, when there is one: it tells whether a chain was read at one moment.
    private readonly SnapshotMemory? _snapshot;

    public FrameWalker(IProcessMemory memory, Layout layout, CodeCache codes)
    {
        _snapshot = memory as SnapshotMemory;
        _memory = memory;
        _layout = layout;
        _codes = codes;
        _frameSize = layout.Frame.Size;
        _codeSize = layout.Code.Size;
        _interpreterFrames = layout.Frame.Model == FrameModel.InterpreterFrames;
        _raw = new byte[64 * _frameSize];
        _isEntryAt = layout.Frame.IsEntry;
        _shimOwnerFrom = layout.Frame.OwnerSkipFrom;
        _shimOwnerAt = _shimOwnerFrom > 0 ? layout.Frame.Owner : -1;
        _backAt = layout.Frame.Back;
        _codeAt = layout.Frame.Code;
        _instrAt = layout.Frame.Instr;
        _ownerAt = layout.Frame.Owner;
        _stackTopAt = layout.Frame.StackTop;
        _tlbcIndexAt = layout.Frame.TlbcIndex;
        _adaptiveAt = layout.Code.Adaptive;
        _codeTagMask = layout.Frame.CodeTagMask;
        _tableFormat = layout.Code.TableFormat;
        if (layout.Frame.CallSites is { } sites)
        {
            _callSites = sites;
            var past = new List<int>();
            foreach (byte site in sites)
                if (site != 0 && site != CallSiteTable.Unknown && !past.Contains(site - 1)) past.Add(site - 1);
            _callUnitsPast = [.. past];
        }
        _codeRaw = new byte[64 * _codeSize];
    }

    /// <summary>
    /// Fills the end of <paramref name="frames"/> with the stack of the thread whose state is <paramref name="threadState"/>,
    /// outermost frame first: the stack is its last <paramref name="count"/> frames.
    /// </summary>
    public WalkResult Walk(ReadOnlySpan<byte> threadState, Span<Frame> frames, out int count)
    {
        count = 0;
        _chainLength = 0;
        long strays = _snapshot?.Strays ?? 0;
        ChainStrayed = false;
        CaughtRunning = false;
        ulong top = threadState.U64(_layout.Thread.Frame);
        TopPointer = _layout.Thread.FrameIsCFrame && top != 0 ? top + (ulong)_layout.Thread.CFrameCurrentFrame : 0;
        if (TopPointer != 0 && !ReadTop(TopPointer, out top))
        {
            FailureSignature = Signature(top, 0, 0, inChain: true);
            return WalkResult.Bad;
        }

        FailedOnARace = false;
        int n = ReadChain(top, out bool bad);
        _chainLength = n;
        ChainStrayed = _snapshot is not null && _snapshot.Strays != strays;
        WalkResult result = bad ? WalkResult.Bad : Decode(n, frames, inChainOrder: false, out count);
        if (result == WalkResult.Bad)
            FailureSignature = Signature(top, n, n > 0 ? _addresses[n - 1] : 0, bad);
        return result;
    }

    /// <summary>Reads the pointer to the innermost frame (3.11-3.12, in the _PyCFrame), first in the next snapshot.</summary>
    private bool ReadTop(ulong at, out ulong top)
    {
        if (_snapshot is null) return _memory.TryReadPointer(at, out top);
        _snapshot.ReadingTops = true;
        bool read = _memory.TryReadPointer(at, out top);
        _snapshot.ReadingTops = false;
        return read;
    }

    /// <summary>
    /// Where the last <see cref="Walk"/> failed: the top frame, how many frames were read and the last one's address.
    /// Two walks that fail with the same signature met memory that is not changing (a chain too deep, a loop, a frame
    /// that stays unreadable): walking again will not help, unlike a stack that changed while it was read.
    /// </summary>
    public ulong FailureSignature { get; private set; }

    /// <summary>
    /// Whether the last <see cref="Walk"/> failed on something only a race explains: a frame that is dead (≤3.10: no
    /// reference left), or a frame whose position has no line in the code object it names. A consistent stack never
    /// links a dead frame or runs past its own code.
    /// </summary>
    public bool FailedOnARace { get; private set; }

    /// <summary>
    /// Whether the last <see cref="Walk"/> read some of its chain elsewhere than from the one copy it relied on (the
    /// snapshot, or a thread's copy): frames read from the target after the snapshot, one call each, may belong to
    /// another moment than the frames around them.
    /// </summary>
    public bool ChainStrayed { get; private set; }

    /// <summary>
    /// Whether the last <see cref="Walk"/> found a caller that was running when it was read: read at another moment
    /// than its callee, as it was the top. 3.11+: it had not run past its RESUME, so it could not have called anything
    /// yet, or it is not where a call that pushes a frame leaves it (see <see cref="CallSiteTable"/>); 3.12-3.13: its
    /// stacktop is -1 (see <see cref="FrameLayout.StackTop"/>).
    /// </summary>
    public bool CaughtRunning { get; private set; }

    /// <summary>
    /// A hash of the bytes of the frames the last <see cref="Walk"/> read: two walks that read the same bytes read
    /// the same stack, whatever it looks like.
    /// </summary>
    public ulong ChainHash()
    {
        ulong hash = 14695981039346656037UL;
        ReadOnlySpan<ulong> words = MemoryMarshal.Cast<byte, ulong>(_raw.AsSpan(0, _chainLength * _frameSize));
        foreach (ulong w in words) hash = (hash ^ w) * 1099511628211UL;
        return hash ^ (ulong)_chainLength;
    }

    /// <summary>Where the pointer to the innermost frame was read (3.11-3.12: in the _PyCFrame); 0 when in the thread state.</summary>
    public ulong TopPointer { get; private set; }

    /// <summary>The addresses of the frames the last <see cref="Walk"/> read, innermost first.</summary>
    public ReadOnlySpan<ulong> LastChain => _addresses.AsSpan(0, _chainLength);

    /// <summary>
    /// The bytes of the <paramref name="index"/>th frame to decode (<see cref="FrameLayout.Size"/> of them), for a walk
    /// that finds its frames elsewhere than in a chain: the frames inside suspended coroutines.
    /// </summary>
    public Span<byte> Slot(int index)
    {
        Grow(index + 1);
        return _raw.AsSpan(index * _frameSize, _frameSize);
    }

    /// <summary>Turns the first <paramref name="n"/> slots into frames, in slot order (see <see cref="Slot"/>).</summary>
    public WalkResult DecodeSlots(int n, Span<Frame> frames, out int count) => Decode(n, frames, inChainOrder: true, out count);

    private static ulong Signature(ulong top, int frames, ulong last, bool inChain) =>
        (top * 0x9E3779B97F4A7C15UL) ^ (last * 0xC2B2AE3D27D4EB4FUL) ^ ((ulong)frames << 1) ^ (inChain ? 1UL : 0UL) | 1UL << 63;

    /// <summary>Reads the frames from <paramref name="top"/> down into _raw; returns how many.</summary>
    private int ReadChain(ulong top, out bool bad)
    {
        bad = false;
        int n = 0;
        ulong current = top;
        // A frame freed and reused while the chain is read can close a loop: find it at once.
        var guard = new LoopGuard();
        while (current != 0)
        {
            if (n >= WalkLimits.MaxFrames || guard.Loops(current)) { bad = true; return n; }   // too deep, or a loop
            if (n == _codeSlot.Length) Grow(n + 1);
            Span<byte> raw = _raw.AsSpan(n * _frameSize, _frameSize);
            if (!(_snapshot is { } snapshot ? snapshot.TryRead(current, raw) : _memory.TryRead(current, raw))) { bad = true; return n; }
            _addresses[n] = current;
            // ≤3.10: a frame object with no reference is dead, freed while the chain was read (its f_back now
            // links the free list): what it leads to is not this thread's stack.
            if (!_interpreterFrames && MemoryMarshal.Read<long>(raw) <= 0) { FailedOnARace = bad = true; return n; }
            n++;
            ulong back = raw.U64(_backAt);
            if (back == current) { bad = true; return n; }
            current = back;
        }
        return n;
    }

    /// <summary>
    /// 3.11+: whether the <paramref name="i"/>th frame waits for the frame before it: where a call that pushes a
    /// frame leaves it (see <see cref="CallSiteTable"/>), unless its callee was entered from C (3.11's is_entry, or a
    /// C-stack shim from 3.12), or its bytecode is unknown. A caller that runs elsewhere in its code was read at
    /// another moment than its callee: as it was the top, or half before and half after a change (3.12-3.13 on the
    /// swing target: a caller still on its first line with the stacktop of a waiting one).
    /// </summary>
    private bool WaitsForItsCallee(int i, CodeObject code, long index)
    {
        int callee = (i - 1) * _frameSize;
        if (_isEntryAt >= 0 && _raw[callee + _isEntryAt] != 0) return true;
        if (_shimOwnerAt >= 0 && _raw[callee + _shimOwnerAt] >= _shimOwnerFrom) return true;
        if (code.Bytecode is not { } bytecode || code.WaitingIndex == index) return true;
        foreach (int past in _callUnitsPast)
        {
            long call = index - past;
            if (call < 0 || 2 * call >= bytecode.Length) continue;
            byte site = _callSites![bytecode[2 * call]];
            if (site == CallSiteTable.Unknown || site == past + 1)
            {
                code.WaitingIndex = index;
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Reads every frame's code object in one call and turns the frames into (symbol, line): in chain order from the
    /// start of <paramref name="frames"/>, or, unless <paramref name="inChainOrder"/>, in reverse from its end
    /// (outermost first, as samples are printed, with no second pass to reverse them).
    /// </summary>
    private WalkResult Decode(int n, Span<Frame> frames, bool inChainOrder, out int count)
    {
        count = 0;
        _codeIndex.Clear();
        int unique = 0;
        ulong lastCode = 0;
        int lastSlot = -1;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<byte> raw = _raw.AsSpan(i * _frameSize, _frameSize);
            if (_shimOwnerAt >= 0 && raw[_shimOwnerAt] >= _shimOwnerFrom)
            {
                _codeSlot[i] = -1;   // a shim frame of the C stack, not Python code
                continue;
            }
            ulong code = raw.U64(_codeAt) & ~_codeTagMask;
            if (code == 0) return WalkResult.Bad;
            if (code != lastCode) lastSlot = CodeSlot(code, ref unique);
            lastCode = code;
            _codeSlot[i] = lastSlot;
        }
        ReadOnlySpan<ulong> codes = _uniqueCodes.AsSpan(0, unique);
        Span<byte> codesRaw = _codeRaw.AsSpan(0, unique * _codeSize);
        if (unique > 0 && !(_snapshot is { } snapshot ? snapshot.TryReadMany(codes, _codeSize, codesRaw) : _memory.TryReadMany(codes, _codeSize, codesRaw)))
            return WalkResult.Bad;
        // Each code object once, however many frames run it.
        for (int slot = 0; slot < unique; slot++)
            if ((_resolved[slot] = _codes.Resolve(_uniqueCodes[slot], _codeRaw.AsSpan(slot * _codeSize, _codeSize))) is null)
                return WalkResult.Bad;

        int last = frames.Length - 1;
        for (int i = 0; i < n; i++)
        {
            int slot = _codeSlot[i];
            if (slot < 0) continue;
            ulong codeAddress = _uniqueCodes[slot];
            CodeObject code = _resolved[slot]!;
            ReadOnlySpan<byte> raw = _raw.AsSpan(i * _frameSize, _frameSize);
            int position;
            if (_interpreterFrames)
            {
                ulong bytecode = codeAddress + (ulong)_adaptiveAt;
                if (_tlbcIndexAt >= 0 && !ThreadBytecode(raw.I32(_tlbcIndexAt), _codeRaw.AsSpan(slot * _codeSize, _codeSize), ref bytecode))
                    return WalkResult.Bad;
                long index = ((long)raw.U64(_instrAt) - (long)bytecode) / 2;
                int owner = _ownerAt >= 0 ? raw[_ownerAt] : 0;
                if (i > 0)
                {
                    // A caller has run its call, past its RESUME: one at or before it was read as it was just pushed,
                    // at another moment than its callee (3.11+, whatever stacktop says).
                    if (owner != OwnedByGenerator && index <= code.FirstTraceable) CaughtRunning = true;
                    if (_callSites is not null && code.WaitingIndex != index && !WaitsForItsCallee(i, code, index)) CaughtRunning = true;
                    // 3.12-3.13: a caller waits with its stack pointer saved (stacktop at least 0); one with -1 runs,
                    // unless its callee is a C-stack shim (it called C code that called Python again).
                    if (_stackTopAt >= 0 && _codeSlot[i - 1] >= 0 && raw.I32(_stackTopAt) < 0) CaughtRunning = true;
                }
                // Not past its prologue yet: CPython hides such a frame too (_PyFrame_IsIncomplete).
                if (owner != OwnedByGenerator && index < code.FirstTraceable) continue;
                position = index > int.MaxValue ? -1 : (int)index;
            }
            else
            {
                position = raw.I32(_instrAt);   // f_lasti
            }
            FrameLocation at = LineNumbers.Location(_tableFormat, code, position);
            // No table gives a negative line for a position of its own code: the frame and the code object it
            // names were read at different moments (a frame being set up or torn down).
            if (at.Line < 0 || count == frames.Length)
            {
                FailedOnARace = at.Line < 0;
                return WalkResult.Bad;
            }
            frames[inChainOrder ? count : last - count] = new Frame(code.Function, at.Line, at.EndLine, at.Column, at.EndColumn);
            count++;
        }
        return WalkResult.Ok;
    }

    /// <summary>The slot of a code object among this walk's distinct ones, given a new slot if it is new.</summary>
    private int CodeSlot(ulong code, ref int unique)
    {
        int linear = Math.Min(unique, LinearCodes);
        for (int u = 0; u < linear; u++)
            if (_uniqueCodes[u] == code) return u;
        if (unique > LinearCodes && _codeIndex.TryGetValue(code, out int known)) return known;
        int slot = unique++;
        _uniqueCodes[slot] = code;
        if (slot >= LinearCodes) _codeIndex[code] = slot;
        return slot;
    }

    /// <summary>
    /// Free-threaded 3.14+: the bytecode a frame of thread-local copy <paramref name="tlbcIndex"/> runs, entries[index]
    /// of the code object's co_tlbc (_PyCodeArray {size; entries[]}, Include/cpython/code.h); copy 0 is
    /// co_code_adaptive itself, which <paramref name="bytecode"/> already holds. False when the array cannot be read or
    /// has no such entry (a frame and a code object read at different moments).
    /// </summary>
    private bool ThreadBytecode(int tlbcIndex, ReadOnlySpan<byte> codeRaw, ref ulong bytecode)
    {
        if (tlbcIndex == 0) return true;
        ulong array = codeRaw.U64(_layout.Code.Tlbc);
        if (tlbcIndex < 0 || array == 0 || !_memory.TryRead(array, out long size) || tlbcIndex >= size) return false;
        return _memory.TryReadPointer(array + 8 + 8 * (ulong)tlbcIndex, out bytecode) && bytecode != 0;
    }

    private void Grow(int frames)
    {
        if (frames <= _codeSlot.Length) return;
        int size = Math.Min(Math.Max(frames, _codeSlot.Length * 2), WalkLimits.MaxFrames);
        Array.Resize(ref _codeSlot, size);
        Array.Resize(ref _uniqueCodes, size);
        Array.Resize(ref _resolved, size);
        Array.Resize(ref _addresses, size);
        Array.Resize(ref _raw, size * _frameSize);
        Array.Resize(ref _codeRaw, size * _codeSize);
    }
}

