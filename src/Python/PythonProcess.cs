// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using Austin.Platform;
using Austin.Python.Abi;
using Austin.Python.Discovery;
using Austin.Python.Model;
using Austin.Python.Walkers;
using Austin.Samples;

namespace Austin.Python;

/// <summary>How far a process is from being sampled, as one look at it tells.</summary>
internal enum PythonStartup
{
    /// <summary>Sampling can start.</summary>
    Ready,
    /// <summary>No Python runtime mapped (yet): a wrapper still running, or not Python at all.</summary>
    NoPython,
    /// <summary>The program is Python, but its runtime is not mapped yet (the loader is at work).</summary>
    Loading,
    /// <summary>A runtime is mapped but not initialised yet.</summary>
    Initialising,
}

/// <summary>How one sample of a process went.</summary>
internal enum PythonSampleStatus
{
    Ok,
    /// <summary>The runtime could not be read: the process has gone, or unmapped it.</summary>
    Unreadable,
    /// <summary>No interpreter yet (starting) or any more (finalizing).</summary>
    NoInterpreter,
}

/// <summary>One thread of a sample, as the CPython model saw it: a ref struct over the walker's buffers.</summary>
internal readonly ref struct PythonThread
{
    public PythonThread(long interpreterId, ulong threadId, ulong nativeThreadId, bool holdsGil, bool bad, ReadOnlySpan<Frame> frames,
        bool gilReleased = false, bool gcCollecting = false, AsyncTask? task = null)
    {
        Task = task;
        InterpreterId = interpreterId;
        ThreadId = threadId;
        NativeThreadId = nativeThreadId;
        HoldsGil = holdsGil;
        IsBad = bad;
        Frames = frames;
        GilReleased = gilReleased;
        GcCollecting = gcCollecting;
    }

    public long InterpreterId { get; }
    public ulong ThreadId { get; }
    public ulong NativeThreadId { get; }
    /// <summary>The thread holds the GIL, or held it last when <see cref="GilReleased"/>.</summary>
    public bool HoldsGil { get; }
    /// <summary>Nobody held the GIL at this sample (false when unknown).</summary>
    public bool GilReleased { get; }
    /// <summary>The garbage collector of the thread's interpreter was collecting (with <see cref="PythonProcess.WantGc"/>).</summary>
    public bool GcCollecting { get; }
    public bool IsBad { get; }
    public ReadOnlySpan<Frame> Frames { get; }
    /// <summary>The asyncio task whose await chain <see cref="Frames"/> is (--asyncio), shown as a thread of the thread that runs its loop; null for a thread.</summary>
    public AsyncTask? Task { get; }
}

/// <summary>Receives each thread of a sample.</summary>
internal interface IThreadSink
{
    void OnThread(in PythonThread thread);
}

/// <summary>
/// The CPython runtime of one process, and the one door to the CPython model: find it (<see cref="TryLocate"/>),
/// then sample it many times without allocating. Everything behind (ABI layouts, discovery, walkers, the code
/// cache) is decided once per process.
/// </summary>
internal sealed class PythonProcess : IThreadVisitor
{
    private readonly ITargetProcess _process;
    private readonly RuntimeAnchor _anchor;
    private readonly SnapshotMemory _snapshot;
    private readonly ThreadWalker _walker;
    private readonly CodeCache _codes;
    private readonly RemoteStrings _strings;
    private IThreadSink? _sink;
    private bool _nativeIdsLearnt;

    private PythonProcess(ITargetProcess process, RuntimeAnchor anchor)
    {
        _process = process;
        _anchor = anchor;
        _snapshot = new SnapshotMemory(process.Memory);
        _strings = new RemoteStrings(_snapshot, anchor.Layout);
        _codes = new CodeCache(_snapshot, anchor.Layout, _strings) { CodeType = anchor.CodeType };
        _walker = new ThreadWalker(_snapshot, anchor.Layout, _codes, process.NativeThreadIds, anchor.InterpreterHeadPointer, anchor.ThreadStateCurrent)
        {
            RuntimeGcCollecting = anchor.GcCollecting,
        };
    }

    /// <summary>Looks once for a readable CPython runtime in <paramref name="process"/>.</summary>
    /// <exception cref="AustinException">The runtime is a version austin does not support, or publishes a layout it cannot use.</exception>
    /// <param name="like">
    /// A runtime found in another process running the same executable (the parent of a fork): when its binary is
    /// mapped at the same address here, its anchor is taken as it is, without reading a symbol table again.
    /// </param>
    public static PythonStartup TryLocate(ITargetProcess process, out PythonProcess? python, PythonProcess? like = null)
    {
        python = null;
        if (like is not null && RuntimeLocator.TryReuse(process, like._anchor) == LocateStatus.Ready)
        {
            python = new PythonProcess(process, like._anchor);
            return PythonStartup.Ready;
        }
        LocateStatus status = RuntimeLocator.TryLocate(process, out RuntimeAnchor? anchor);
        if (status == LocateStatus.Ready && anchor is not null)
        {
            python = new PythonProcess(process, anchor);
            return PythonStartup.Ready;
        }
        return status switch
        {
            LocateStatus.Loading => PythonStartup.Loading,
            LocateStatus.NotReady => PythonStartup.Initialising,
            _ => PythonStartup.NoPython,
        };
    }

    public int Pid => _process.Pid;

    /// <summary>The version the layout was chosen for (X.Y.Z, or X.Y when only a file name told it).</summary>
    public string Version => _anchor.Layout.Version.ToString();

    /// <summary>The full X.Y.Z once known (from sys.version when only a file name gave X.Y); null while it is not.</summary>
    public string? FullVersion() => RuntimeLocator.FullVersion(_process, _anchor)?.ToString();

    /// <summary>
    /// Whether the binary holding the runtime is still mapped where the runtime was found. An exec of the same
    /// program (a fork + exec of sys.executable, a multiprocessing spawn) keeps the executable's name but maps it
    /// elsewhere: the runtime found before is gone. True when the mappings cannot be read.
    /// </summary>
    public bool RuntimeStillMapped()
    {
        IReadOnlyList<LoadedModule> modules = _process.Modules();
        if (modules.Count == 0) return true;
        foreach (LoadedModule module in modules)
            if (module == _anchor.Module) return true;
        return false;
    }

    /// <summary>Whether the GIL holder is needed (for memory modes).</summary>
    public bool WantGilHolder { get => _walker.WantGilHolder; set => _walker.WantGilHolder = value; }

    /// <summary>Whether the garbage collector's state is needed (-g, -w).</summary>
    public bool WantGc { get => _walker.WantGc; set => _walker.WantGc = value; }

    /// <summary>
    /// Whether this runtime's garbage collector state can be read: 3.7+ always (the runtime's or each interpreter's
    /// state), 2.7-3.6 only when the interpreter's symbol table names gcmodule.c's static flag.
    /// </summary>
    public bool ExposesGc => _walker.ReadsGc;

    /// <summary>Whether OS thread ids are needed (for -s); learnt from the live threads when the runtime does not store them.</summary>
    public bool WantNativeIds
    {
        get => _walker.WantNativeIds;
        set
        {
            _walker.WantNativeIds = value;
            if (!value || _nativeIdsLearnt || _anchor.Layout.Thread.NativeId >= 0) return;
            Span<ulong> handles = stackalloc ulong[64];
            _process.NativeThreadIds.Learn(_process.Memory, handles[.._walker.ThreadHandles(handles)]);
            _nativeIdsLearnt = true;
        }
    }

    /// <summary>Whether austin reads the asyncio tasks of this version (3.11+; not of a free-threaded 3.13).</summary>
    public bool CanReadTasks => _anchor.Layout.Asyncio is not null;

    /// <summary>A free-threaded build (3.13+, Py_GIL_DISABLED): it has no GIL to hold.</summary>
    public bool FreeThreaded => _anchor.Layout.FreeThreaded;

    /// <summary>
    /// Whether asyncio tasks are wanted (--asyncio): each suspended task then comes as a thread of its own, after the
    /// threads of its interpreter (see <see cref="TaskWalker"/>). Ignored where <see cref="CanReadTasks"/> is false.
    /// </summary>
    public bool WantTasks
    {
        get => _walker.Tasks is not null;
        set => _walker.Tasks = value && _anchor.Layout.Asyncio is AsyncioLayout asyncio
            ? _walker.Tasks ?? new TaskWalker(_snapshot, _anchor.Layout, asyncio, _strings, _codes,
                asyncio.Published ? new AsyncioModuleLocator(_process, _anchor.Module).Find : null)
            : null;
    }

    /// <summary>Reads served by the per-sample snapshot and reads that went to the target (for the statistics).</summary>
    public (long Hits, long Misses) SnapshotCounts => (_snapshot.Hits, _snapshot.Misses);

    /// <summary>Walks every thread of every interpreter once, handing each to <paramref name="sink"/>.</summary>
    public PythonSampleStatus Sample(IThreadSink sink)
    {
        _sink = sink;
        RuntimeReadStatus status = _walker.Sample(this);
        _sink = null;
        return status switch
        {
            RuntimeReadStatus.Ok => PythonSampleStatus.Ok,
            RuntimeReadStatus.NoInterpreter => PythonSampleStatus.NoInterpreter,
            _ => PythonSampleStatus.Unreadable,
        };
    }

    void IThreadVisitor.OnThread(in WalkedThread thread) =>
        _sink!.OnThread(new PythonThread(thread.InterpreterId, thread.ThreadId, thread.NativeThreadId, thread.HoldsGil,
            thread.Result != WalkResult.Ok, thread.Frames, thread.GilReleased, thread.GcCollecting, thread.Task));
}
