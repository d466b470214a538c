// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using Austin.Output;
using Austin.Platform;
using Austin.Python.Abi;
using Austin.Python.Model;

namespace Austin.Python.Walkers;

/// <summary>
/// Walks one thread's Python frames, innermost first, for either frame model (PyFrameObject up to 3.10,
/// _PyInterpreterFrame from 3.11): the differences are offsets and a few flags of the <see cref="Layout"/>,
/// decided once per process.
/// </summary>
/// <remarks>
/// Reading another process costs a system call per read, whatever the size, so the walker reads as little as
/// it can: it remembers each thread's chain of frame addresses from the previous sample and, as soon as the
/// walk meets an address of that chain, reads the rest of the chain in one batched call, then checks that
/// every frame still links to the next one (a changed link ends the batch and the walk goes on one frame at
/// a time). The code objects of all frames are then read in one more batched call and checked against the
/// cache (see <see cref="CodeCache"/>). A stable 40-frame stack costs three or four calls instead of eighty.
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

    // Scratch, grown on demand and then reused: no allocation per sample in steady state.
    private ulong[] _addresses = new ulong[64];
    private byte[] _raw;
    private int[] _codeSlot = new int[64];
    private ulong[] _uniqueCodes = new ulong[64];
    private byte[] _codeRaw;
    private readonly Dictionary<ulong, int> _codeIndex = new();
    private readonly Dictionary<ulong, int> _previousIndex = new();

    // Each thread's chain of frame addresses in the previous sample, by thread-state address.
    private readonly Dictionary<ulong, Chain> _chains = new();
    private long _generation;

    private sealed class Chain
    {
        public ulong[] Addresses = new ulong[64];
        public int Length;
        public long Seen;
    }

    public FrameWalker(IProcessMemory memory, Layout layout, CodeCache codes)
    {
        _memory = memory;
        _layout = layout;
        _codes = codes;
        _frameSize = layout.FrameSize;
        _codeSize = layout.CodeSize;
        _interpreterFrames = layout.Frames == FrameModel.InterpreterFrames;
        _raw = new byte[64 * _frameSize];
        _codeRaw = new byte[64 * _codeSize];
    }

    /// <summary>Marks the start of a sample; chains of threads not seen for a while are dropped.</summary>
    public void BeginSample()
    {
        if (++_generation % 1024 != 0 || _chains.Count == 0) return;
        List<ulong>? gone = null;
        foreach (KeyValuePair<ulong, Chain> kv in _chains)
            if (_generation - kv.Value.Seen > 1024) (gone ??= new()).Add(kv.Key);
        if (gone is not null) foreach (ulong key in gone) _chains.Remove(key);
    }

    /// <summary>
    /// Fills <paramref name="frames"/> with the stack of the thread whose state (read at
    /// <paramref name="threadStateAddress"/>) is <paramref name="threadState"/>, innermost frame first.
    /// </summary>
    public WalkResult Walk(ulong threadStateAddress, ReadOnlySpan<byte> threadState, Span<Frame> frames, out int count)
    {
        count = 0;
        ulong top = threadState.U64(_layout.ThreadFrame);
        if (_layout.ThreadFrameIsCFrame && top != 0 && !_memory.TryReadPointer(top + (ulong)_layout.CFrameCurrentFrame, out top))
            return WalkResult.Bad;

        if (!_chains.TryGetValue(threadStateAddress, out Chain? chain))
            _chains[threadStateAddress] = chain = new Chain();
        chain.Seen = _generation;

        int n = ReadChain(top, chain, out bool bad);
        if (bad) { chain.Length = 0; return WalkResult.Bad; }
        Remember(chain, n);
        return Decode(n, frames, out count);
    }

    /// <summary>Reads the frames from <paramref name="top"/> down into _addresses/_raw; returns how many.</summary>
    private int ReadChain(ulong top, Chain previous, out bool bad)
    {
        bad = false;
        _previousIndex.Clear();
        for (int k = 0; k < previous.Length; k++) _previousIndex.TryAdd(previous.Addresses[k], k);

        int n = 0;
        ulong current = top;
        while (current != 0)
        {
            if (n >= WalkLimits.MaxFrames) { bad = true; return n; }   // too deep, or a loop
            if (_previousIndex.TryGetValue(current, out int j) && TryReadSpeculatively(previous, j, ref n, out current))
                continue;

            Grow(n + 1);
            Span<byte> raw = _raw.AsSpan(n * _frameSize, _frameSize);
            if (!_memory.TryRead(current, raw)) { bad = true; return n; }
            _addresses[n++] = current;
            ulong back = raw.U64(_layout.FrameBack);
            if (back == current) { bad = true; return n; }
            current = back;
        }
        return n;
    }

    /// <summary>
    /// Reads the previous chain from index <paramref name="j"/> on in one call and keeps the frames that still link
    /// to each other. Sets <paramref name="next"/> to where the walk continues; false if the batch could not be read.
    /// </summary>
    private bool TryReadSpeculatively(Chain previous, int j, ref int n, out ulong next)
    {
        next = 0;
        int m = Math.Min(previous.Length - j, WalkLimits.MaxFrames - n);
        if (m <= 1) return false;
        Grow(n + m);
        ReadOnlySpan<ulong> guess = previous.Addresses.AsSpan(j, m);
        if (!_memory.TryReadMany(guess, _frameSize, _raw.AsSpan(n * _frameSize, m * _frameSize))) return false;
        for (int k = 0; k < m; k++)
        {
            ulong address = guess[k];
            _addresses[n++] = address;
            next = _raw.AsSpan((n - 1) * _frameSize, _frameSize).U64(_layout.FrameBack);
            if (next == address) { next = 0; return true; }   // a self-loop: the remembered frame is garbage now
            if (k + 1 < m && next != guess[k + 1]) return true;   // the chain changed here: go on frame by frame
        }
        return true;
    }

    private void Remember(Chain chain, int n)
    {
        if (chain.Addresses.Length < n) chain.Addresses = new ulong[Math.Max(n, chain.Addresses.Length * 2)];
        _addresses.AsSpan(0, n).CopyTo(chain.Addresses);
        chain.Length = n;
    }

    /// <summary>Reads every frame's code object in one call and turns the frames into (symbol, line).</summary>
    private WalkResult Decode(int n, Span<Frame> frames, out int count)
    {
        count = 0;
        _codeIndex.Clear();
        int unique = 0;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<byte> raw = _raw.AsSpan(i * _frameSize, _frameSize);
            int owner = _layout.FrameOwner >= 0 ? raw[_layout.FrameOwner] : 0;
            if (_layout.FrameOwnerSkipFrom > 0 && owner >= _layout.FrameOwnerSkipFrom)
            {
                _codeSlot[i] = -1;   // a shim frame of the C stack, not Python code
                continue;
            }
            ulong code = raw.U64(_layout.FrameCode) & ~_layout.FrameCodeTagMask;
            if (code == 0) return WalkResult.Bad;
            if (!_codeIndex.TryGetValue(code, out int slot))
            {
                slot = unique++;
                _codeIndex[code] = slot;
                _uniqueCodes[slot] = code;
            }
            _codeSlot[i] = slot;
        }
        if (unique > 0 && !_memory.TryReadMany(_uniqueCodes.AsSpan(0, unique), _codeSize, _codeRaw.AsSpan(0, unique * _codeSize)))
            return WalkResult.Bad;

        for (int i = 0; i < n; i++)
        {
            int slot = _codeSlot[i];
            if (slot < 0) continue;
            ulong codeAddress = _uniqueCodes[slot];
            CodeObject? code = _codes.Resolve(codeAddress, _codeRaw.AsSpan(slot * _codeSize, _codeSize));
            if (code is null) return WalkResult.Bad;
            ReadOnlySpan<byte> raw = _raw.AsSpan(i * _frameSize, _frameSize);
            int position;
            if (_interpreterFrames)
            {
                long index = ((long)raw.U64(_layout.FrameInstr) - (long)(codeAddress + (ulong)_layout.CodeAdaptive)) / 2;
                int owner = _layout.FrameOwner >= 0 ? raw[_layout.FrameOwner] : 0;
                // Not past its prologue yet: CPython hides such a frame too (_PyFrame_IsIncomplete).
                if (owner != OwnedByGenerator && index < code.FirstTraceable) continue;
                position = index > int.MaxValue ? -1 : (int)index;
            }
            else
            {
                position = raw.I32(_layout.FrameInstr);   // f_lasti
            }
            if (count == frames.Length) return WalkResult.Bad;
            frames[count++] = new Frame(code.Symbol, LineNumbers.Line(_layout.LineTable, code, position));
        }
        return WalkResult.Ok;
    }

    private void Grow(int frames)
    {
        if (frames <= _addresses.Length) return;
        int size = Math.Min(Math.Max(frames, _addresses.Length * 2), WalkLimits.MaxFrames);
        Array.Resize(ref _addresses, size);
        Array.Resize(ref _codeSlot, size);
        Array.Resize(ref _uniqueCodes, size);
        Array.Resize(ref _raw, size * _frameSize);
        Array.Resize(ref _codeRaw, size * _codeSize);
    }
}
