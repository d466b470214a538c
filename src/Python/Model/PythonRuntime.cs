// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using Austin.Output;
using Austin.Platform;
using Austin.Python.Abi;
using Austin.Python.Walkers;

namespace Austin.Python.Model;

/// <summary>Receives each thread of a sample; implemented by the sampler (no allocation per thread).</summary>
internal interface IThreadVisitor
{
    /// <param name="threadId">PyThreadState.thread_id, what the output prints.</param>
    /// <param name="nativeThreadId">The kernel TID (0 when unknown).</param>
    /// <param name="holdsGil">Whether this thread holds the GIL in this sample.</param>
    /// <param name="result">Whether <paramref name="frames"/> is a real stack.</param>
    /// <param name="frames">Outermost frame first.</param>
    void OnThread(ulong threadId, ulong nativeThreadId, bool holdsGil, WalkResult result, ReadOnlySpan<Frame> frames);
}

/// <summary>How reading the interpreter list went.</summary>
internal enum RuntimeReadStatus
{
    Ok,
    /// <summary>The anchor could not be read: the process has gone (or unmapped its runtime).</summary>
    Unreadable,
    /// <summary>No interpreter yet (starting) or any more (finalizing).</summary>
    NoInterpreter,
}

/// <summary>
/// A CPython runtime inside a target process: every interpreter, every thread state, every frame.
/// Built once by discovery, then sampled many times without allocating.
/// </summary>
internal sealed class PythonRuntime
{
    private readonly IProcessMemory _memory;
    private readonly SnapshotMemory _snapshot;
    private readonly FrameWalker _walker;
    /// <summary>Fresh walks of a thread whose stack read as inconsistent, before it counts as a bad sample.</summary>
    private const int MaxRetries = 4;

    private readonly Frame[] _frames = new Frame[WalkLimits.MaxFrames];
    private readonly byte[] _threadState;
    private readonly ulong _threadStateCurrent;
    /// <summary>Where glibc keeps the kernel TID in struct pthread (≤3.10 store only pthread_self()); found by <see cref="LearnPthreadTidOffset"/>.</summary>
    private int _pthreadTidOffset = 0x2d0;

    /// <summary>Whether the sampler needs OS thread ids (for -s); costs one read per thread on ≤3.10.</summary>
    public bool WantNativeIds { get; set; }

    /// <summary>Whether the sampler needs the GIL holder (for -m and -f).</summary>
    public bool WantGilHolder { get; set; }

    /// <param name="interpreterHeadPointer">
    /// Remote address of the pointer to the first interpreter: &amp;interp_head (≤3.6) or
    /// &amp;_PyRuntime.interpreters.head (3.7+).
    /// </param>
    public PythonRuntime(IProcessMemory memory, Layout layout, ulong interpreterHeadPointer, ulong codeType = 0, ulong threadStateCurrent = 0)
    {
        _threadStateCurrent = threadStateCurrent;
        _snapshot = new SnapshotMemory(memory);
        memory = _snapshot;
        _memory = memory;
        Layout = layout;
        InterpreterHeadPointer = interpreterHeadPointer;
        var strings = new RemoteStrings(memory, layout);
        Codes = new CodeCache(memory, layout, strings) { CodeType = codeType };
        _walker = new FrameWalker(memory, layout, Codes);
        _threadState = new byte[layout.Thread.Size];
    }

    public Layout Layout { get; }

    /// <summary>The binary that holds this runtime (libpython or the executable), when discovery found it there.</summary>
    public LoadedModule? Module { get; init; }
    public ulong InterpreterHeadPointer { get; }
    public CodeCache Codes { get; }

    /// <summary>Reads served by the per-sample snapshot and reads that went to the target (for the statistics).</summary>
    public (long Hits, long Misses) SnapshotCounts => (_snapshot.Hits, _snapshot.Misses);

    /// <summary>The first interpreter's address, 0 when there is none.</summary>
    public bool TryReadHead(out ulong head) => _memory.TryReadPointer(InterpreterHeadPointer, out head);

    /// <summary>The first thread state of the head interpreter, 0 when none.</summary>
    public bool HasThreads()
    {
        if (!TryReadHead(out ulong interp) || interp == 0) return false;
        return _memory.TryReadPointer(interp + (ulong)Layout.Interpreter.ThreadsHead, out ulong thread) && thread != 0;
    }

    /// <summary>Walks every thread of every interpreter once, handing each to <paramref name="visitor"/>.</summary>
    public RuntimeReadStatus Sample(IThreadVisitor visitor)
    {
        _snapshot.BeginSample();
        if (!TryReadHead(out ulong interp)) return RuntimeReadStatus.Unreadable;
        if (interp == 0) return RuntimeReadStatus.NoInterpreter;

        Span<byte> tstate = _threadState;
        ulong gilHolder = WantGilHolder ? GilHolder(interp) : 0;
        // Bounds for garbage: loops in either list end it, and all interpreters together get one thread budget.
        var interpreters = new LoopGuard();
        int budget = WalkLimits.MaxThreads;
        for (int i = 0; interp != 0 && i < WalkLimits.MaxInterpreters && !interpreters.Loops(interp); i++)
        {
            ulong link = interp + (ulong)Layout.Interpreter.ThreadsHead;   // where the pointer to the current thread state lives
            if (!_memory.TryReadPointer(link, out ulong thread)) break;
            var threads = new LoopGuard();
            for (; thread != 0 && budget > 0 && !threads.Loops(thread); budget--)
            {
                if (!_memory.TryRead(thread, tstate)) break;   // the list changed under us: the rest waits for the next sample
                // A thread state being freed (interpreter shutdown) no longer points back to its interpreter:
                // what follows it is not a thread list any more.
                if (tstate.U64(Layout.Thread.Interp) != interp) break;
                ulong threadId = Layout.Thread.IdOf(tstate);
                if (threadId == 0)
                {
                    // 3.12+ link a new thread state before its thread sets its id: not a running thread yet.
                    link = thread + (ulong)Layout.Thread.Next;
                    thread = tstate.U64(Layout.Thread.Next);
                    continue;
                }
                ulong native = !WantNativeIds ? 0 : Layout.Thread.NativeId >= 0 ? Layout.Thread.NativeIdOf(tstate) : PthreadTid(threadId);
                WalkResult result = _walker.Walk(tstate, _frames, out int count);
                for (int retry = 0; result == WalkResult.Bad && retry < MaxRetries; retry++)
                {
                    // The stack changed while it was read: frames were freed and reused under the walk (a freed
                    // frame links to other free frames, which closes loops), or the snapshot's older bytes did
                    // not fit the fresh ones. Take everything read so far again, in one call, so that the chain is
                    // read at one instant, and walk it again.
                    _snapshot.BeginSample();
                    if (_memory.TryRead(thread, tstate) && tstate.U64(Layout.Thread.Interp) == interp)
                        result = _walker.Walk(tstate, _frames, out count);
                }
                if (result == WalkResult.Bad && !StillLinked(link, thread))
                    break;   // the thread ended and its state was freed while it was read: not a thread any more
                Span<Frame> frames = _frames.AsSpan(0, count);
                frames.Reverse();
                visitor.OnThread(threadId, native, gilHolder == thread, result, result == WalkResult.Ok ? frames : default);
                ulong next = tstate.U64(Layout.Thread.Next);
                if (next == thread) break;
                link = thread + (ulong)Layout.Thread.Next;
                thread = next;
            }
            if (!_memory.TryReadPointer(interp + (ulong)Layout.Interpreter.Next, out ulong nextInterp) || nextInterp == interp) break;
            interp = nextInterp;
        }
        return RuntimeReadStatus.Ok;
    }

    /// <summary>
    /// Whether the thread state at <paramref name="thread"/> is still in its list (read afresh): one that ended may
    /// be freed with its last frame still named in it, which no walk can make sense of.
    /// </summary>
    private bool StillLinked(ulong link, ulong thread)
    {
        _snapshot.Bypass = true;
        bool linked = _memory.TryReadPointer(link, out ulong current) && current == thread;
        _snapshot.Bypass = false;
        return linked;
    }

    /// <summary>
    /// The thread state holding the GIL, or the one that held it last when nobody holds it now (internals doc
    /// §6.3): memory changes since the previous sample were made by Python code, and a thread that has just
    /// released the GIL to sleep (after freeing a large object, say) is the one that ran it.
    /// 2.7-3.6: _PyThreadState_Current (nobody when NULL); 3.7-3.11: _PyRuntime.gilstate.tstate_current, else
    /// _PyRuntime.ceval.gil.last_holder; 3.12+: the interpreter's GIL last_holder.
    /// </summary>
    private ulong GilHolder(ulong interp)
    {
        ulong holder;
        if (Layout.Runtime.TstateCurrent >= 0)
        {
            ulong runtime = InterpreterHeadPointer - (ulong)Layout.Runtime.InterpretersHead;
            if (_memory.TryReadPointer(runtime + (ulong)Layout.Runtime.TstateCurrent, out holder) && holder != 0) return holder;
            return Layout.Runtime.GilLastHolder >= 0 && _memory.TryReadPointer(runtime + (ulong)Layout.Runtime.GilLastHolder, out holder) ? holder : 0;
        }
        if (Layout.Interpreter.CevalGil >= 0)
        {
            if (!_memory.TryReadPointer(interp + (ulong)Layout.Interpreter.CevalGil, out ulong gil) || gil == 0) return 0;
            return _memory.TryReadPointer(gil + (ulong)Layout.Interpreter.GilLastHolder, out holder) ? holder : 0;
        }
        return _threadStateCurrent != 0 && _memory.TryReadPointer(_threadStateCurrent, out holder) ? holder : 0;
    }

    private ulong PthreadTid(ulong pthread) =>
        pthread != 0 && _memory.TryRead(pthread + (ulong)_pthreadTidOffset, out int tid) && tid > 0 ? (ulong)tid : 0;

    /// <summary>
    /// Finds where this glibc stores the kernel TID in struct pthread (≤3.10 keep only pthread_self()): the offset
    /// at which every thread's struct pthread holds a distinct TID of the process (<paramref name="isThread"/>),
    /// the main thread's being the PID (0x2d0 on glibc 2.36). Other words of a struct pthread can equal the PID,
    /// so one thread alone does not decide it.
    /// </summary>
    public void LearnPthreadTidOffset(int pid, Func<int, bool> isThread)
    {
        if (Layout.Thread.NativeId >= 0 || !TryReadHead(out ulong interp) || interp == 0) return;
        if (!_memory.TryReadPointer(interp + (ulong)Layout.Interpreter.ThreadsHead, out ulong thread)) return;
        const int Size = 0x800;
        var pthreads = new List<byte[]>();
        Span<byte> tstate = _threadState;
        for (int t = 0; thread != 0 && t < 64; t++)
        {
            if (!_memory.TryRead(thread, tstate)) break;
            ulong id = Layout.Thread.IdOf(tstate);
            byte[] raw = new byte[Size];
            if (id != 0 && _memory.TryRead(id, raw)) pthreads.Add(raw);
            thread = tstate.U64(Layout.Thread.Next);
        }
        for (int off = 0; off + 4 <= Size; off += 4)
        {
            var seen = new HashSet<int>();
            bool main = false, valid = pthreads.Count > 0;
            foreach (byte[] raw in pthreads)
            {
                int tid = BitConverter.ToInt32(raw, off);
                main |= tid == pid;
                if (tid <= 0 || !seen.Add(tid) || (tid != pid && !isThread(tid))) { valid = false; break; }
            }
            if (valid && main) { _pthreadTidOffset = off; return; }
        }
    }
}
