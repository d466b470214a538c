// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Austin.Samples;
using Austin.Python.Abi;
using Austin.Python.Model;
using Austin.Python.Walkers;

namespace Austin.Tests.Support.Synthetic;

using Frame = Austin.Samples.Frame;

/// <summary>Keeps every thread of a sample, as text: for exact comparisons with a clean image.</summary>
internal sealed class RecordingVisitor : IThreadVisitor
{
    public List<ExpectedThread> Threads { get; } = new();
    public List<WalkResult> Results { get; } = new();

    public void OnThread(in WalkedThread thread)
    {
        ReadOnlySpan<Frame> frames = thread.Frames;
        var shown = new ExpectedFrame[frames.Length];
        for (int i = 0; i < frames.Length; i++)
            shown[i] = new ExpectedFrame(Encoding.UTF8.GetString(frames[i].Function.NameUtf8), Encoding.UTF8.GetString(frames[i].Function.FileUtf8), frames[i].Line);
        Threads.Add(new ExpectedThread(thread.InterpreterId, thread.ThreadId, thread.NativeThreadId, thread.HoldsGil, shown));
        Results.Add(thread.Result);
    }
}

/// <summary>
/// Checks a sample of a corrupted image as it goes, without allocating on the common path: counts threads and
/// frames, and keeps (a few of) the symbols of good stacks that no code object of the clean image has.
/// </summary>
internal sealed class CheckingVisitor(HashSet<Function> known) : IThreadVisitor
{
    private readonly List<Function> _unknown = new(16);

    public long Threads { get; private set; }
    public long GoodThreads { get; private set; }
    public long Frames { get; private set; }
    public int MaxDepth { get; private set; }
    public int UnknownCount { get; private set; }
    public IReadOnlyList<Function> Unknown => _unknown;
    public string? Violation { get; private set; }

    /// <summary>
    /// Reads made so far in this sample (through the runtime's snapshot, so that reads served from it count)
    /// and how many are allowed: past the budget the visitor throws <see cref="ReadBudgetExceeded"/> out of
    /// Sample, which turns a walk that would run for minutes into a quick failure.
    /// </summary>
    public Func<long>? Reads { get; set; }
    public long ReadBudget { get; set; } = long.MaxValue;

    public void Reset()
    {
        Threads = GoodThreads = Frames = 0;
        MaxDepth = UnknownCount = 0;
        _unknown.Clear();
        Violation = null;
    }

    public void OnThread(in WalkedThread thread)
    {
        WalkResult result = thread.Result;
        ReadOnlySpan<Frame> frames = thread.Frames;
        Threads++;
        if (Reads is not null && Reads() > ReadBudget) throw new ReadBudgetExceeded(Reads());
        if (result != WalkResult.Ok)
        {
            if (!frames.IsEmpty) Violation ??= $"a {result} walk came with {frames.Length} frames";
            return;
        }
        GoodThreads++;
        Frames += frames.Length;
        MaxDepth = Math.Max(MaxDepth, frames.Length);
        foreach (Frame frame in frames)
        {
            if (frame.Function is null) { Violation ??= "a frame without a function"; continue; }
            if (known.Contains(frame.Function)) continue;
            UnknownCount++;
            if (_unknown.Count < _unknown.Capacity) _unknown.Add(frame.Function);
        }
    }
}

/// <summary>Thrown by <see cref="CheckingVisitor"/> out of a sample that has made too many reads.</summary>
internal sealed class ReadBudgetExceeded(long reads) : Exception($"{reads} reads")
{
    public long ReadCount { get; } = reads;
}

/// <summary>
/// Every string a walker could have printed from one state of an image: the str (2.7: str/bytes) objects
/// that decode at any address a pointer in the image holds, or at any 16-byte boundary. A frame of a good
/// stack whose name or file is not among them was made up.
/// </summary>
internal static class ImageStrings
{
    public static HashSet<byte[]> Collect(FakeMemory state, Layout layout)
    {
        var strings = new RemoteStrings(state, layout);
        var found = new HashSet<byte[]>(ByteArrayComparer.Instance);
        var candidates = new HashSet<ulong>();
        Span<byte> page = stackalloc byte[FakeMemory.PageSize + 8];
        foreach (ulong start in state.MappedPages.ToArray())
        {
            for (ulong a = start; a < start + FakeMemory.PageSize; a += 16) candidates.Add(a);
            page.Clear();
            if (!state.TryRead(start, page[..FakeMemory.PageSize])) continue;
            state.TryRead(start + FakeMemory.PageSize, page.Slice(FakeMemory.PageSize, 8));
            for (int i = 0; i < FakeMemory.PageSize; i++)
            {
                ulong value = BinaryPrimitives.ReadUInt64LittleEndian(page[i..]);
                if (state.IsMapped(value)) candidates.Add(value);
            }
        }
        foreach (ulong a in candidates)
            if (strings.ReadUtf8(a) is byte[] s) found.Add(s);
        return found;
    }
}

internal sealed class ByteArrayComparer : IEqualityComparer<byte[]>
{
    public static readonly ByteArrayComparer Instance = new();

    public bool Equals(byte[]? x, byte[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

    public int GetHashCode(byte[] obj)
    {
        var hash = new HashCode();
        hash.AddBytes(obj);
        return hash.ToHashCode();
    }
}
