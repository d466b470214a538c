// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using Austin.Platform;
using Austin.Platform.Linux;
using Austin.Python.Abi;
using Austin.Python.Model;
using Austin.Python.Walkers;

namespace Austin.Tests.Support.Synthetic;

/// <summary>
/// A CPython runtime over a synthetic image, built as PythonProcess builds one after discovery (a snapshot memory,
/// a code cache, a thread walker wanting native ids and the GIL holder), with glibc's thread-id mapping learnt
/// when the test asks.
/// </summary>
internal sealed class SyntheticRuntime
{
    private readonly SyntheticImage _image;
    private readonly SnapshotMemory _snapshot;
    private readonly LateThreadIds _ids = new();
    private readonly ThreadWalker _walker;

    public SyntheticRuntime(SyntheticImage image)
        : this(image, image.Layout, image.HeadPointer, image.CodeTypeArgument, image.ThreadStateCurrent) { }

    /// <summary>A runtime over <paramref name="image"/> read with another layout (one a target's debug offsets gave).</summary>
    public SyntheticRuntime(SyntheticImage image, Layout layout, ulong headPointer, ulong codeType, ulong threadStateCurrent)
    {
        _image = image;
        _snapshot = new SnapshotMemory(image.Memory);
        var codes = new CodeCache(_snapshot, layout, new RemoteStrings(_snapshot, layout)) { CodeType = codeType };
        _walker = new ThreadWalker(_snapshot, layout, codes, _ids, headPointer, threadStateCurrent)
        {
            WantNativeIds = true,
            WantGilHolder = true,
        };
    }

    /// <summary>What discovery checks before it hands a runtime over: a first thread state (read through the snapshot).</summary>
    public bool HasThreads()
    {
        Span<ulong> handles = stackalloc ulong[1];
        return _walker.ThreadHandles(handles) > 0;
    }

    public (long Hits, long Misses) SnapshotCounts => (_snapshot.Hits, _snapshot.Misses);

    public RuntimeReadStatus Sample(IThreadVisitor visitor) => _walker.Sample(visitor);

    /// <summary>Learns where struct pthread keeps the TID, as the Linux platform does for -s on ≤3.10.</summary>
    public void LearnPthreadTidOffset(int pid, Func<int, bool> isThread)
    {
        if (_image.Layout.Thread.NativeId >= 0) return;
        _ids.Inner = new GlibcThreadIds(pid, isThread);
        Span<ulong> handles = stackalloc ulong[64];
        _ids.Inner.Learn(_snapshot, handles[.._walker.ThreadHandles(handles)]);
    }

    /// <summary>glibc's mapping at its default offset until one is learnt.</summary>
    private sealed class LateThreadIds : INativeThreadIds
    {
        public INativeThreadIds Inner { get; set; } = new GlibcThreadIds(0, _ => false);
        public bool Learn(IProcessMemory memory, ReadOnlySpan<ulong> handles) => Inner.Learn(memory, handles);
        public ulong Of(IProcessMemory memory, ulong handle) => Inner.Of(memory, handle);
    }
}
