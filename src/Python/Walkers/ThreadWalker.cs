// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using Austin.Platform;
using Austin.Python.Abi;
using Austin.Python.Model;
using Austin.Samples;

namespace Austin.Python.Walkers;

/// <summary>One thread as a walk found it: a ref struct over the walker's buffers.</summary>
internal readonly ref struct WalkedThread
{
    public WalkedThread(long interpreterId, ulong threadId, ulong nativeThreadId, bool holdsGil, WalkResult result, ReadOnlySpan<Frame> frames,
        bool gilReleased = false, bool gcCollecting = false, AsyncTask? task = null)
    {
        Task = task;
        InterpreterId = interpreterId;
        ThreadId = threadId;
        NativeThreadId = nativeThreadId;
        HoldsGil = holdsGil;
        Result = result;
        Frames = frames;
        GilReleased = gilReleased;
        GcCollecting = gcCollecting;
    }

    /// <summary>PyInterpreterState.id (3.7+), else the interpreter's place in the list.</summary>
    public long InterpreterId { get; }

    /// <summary>PyThreadState.thread_id: what the output prints.</summary>
    public ulong ThreadId { get; }

    /// <summary>The kernel TID (0 when unknown or not asked for).</summary>
    public ulong NativeThreadId { get; }

    /// <summary>The thread holds the GIL, or held it last (<see cref="GilReleased"/>).</summary>
    public bool HoldsGil { get; }

    /// <summary>Nobody held the GIL at this sample (asked for with the GIL holder; false when unknown).</summary>
    public bool GilReleased { get; }

    /// <summary>The garbage collector of the thread's interpreter was collecting (asked for with <see cref="ThreadWalker.WantGc"/>).</summary>
    public bool GcCollecting { get; }

    public WalkResult Result { get; }

    /// <summary>Outermost frame first; empty when <see cref="Result"/> is bad.</summary>
    public ReadOnlySpan<Frame> Frames { get; }

    /// <summary>The asyncio task these frames are the await chain of (a pseudo-thread of the thread that runs its loop); null for a thread.</summary>
    public AsyncTask? Task { get; }
}

/// <summary>Receives each thread of a sample (no allocation per thread).</summary>
internal interface IThreadVisitor
{
    void OnThread(in WalkedThread thread);
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
/// Every interpreter, every thread state, every frame of a CPython runtime, walked once per sample through a
/// <see cref="SnapshotMemory"/>, without allocating.
/// </summary>
internal sealed class ThreadWalker
{
    /// <summary>
    /// Fresh walks of a thread whose stack read as inconsistent, before it counts as a bad sample. A stack that changes
    /// as fast as it is read needs many (3.7, a recursion growing and shrinking under a 100-deep walk: 0.9-1.4 % bad
    /// samples after 4 retries, 0.02-0.16 % after 8, none in 3 runs after 20). A failure that only a race explains
    /// (a dead frame in the chain) is retried however often it comes back: there, the top frame is most often the
    /// same short-lived frame, freed and reused at the same address, whose state was read just as it returned. Any
    /// other failure that comes back the same (a chain too deep, a loop, an unreadable frame) ends the retries at once,
    /// since memory that does not change will not read better (see <see cref="FrameWalker.FailureSignature"/>).
    /// </summary>
    private const int MaxRetries = 32;

    /// <summary>
    /// Copies of one thread's chain taken, each in one call, before a walk that found a caller running is a bad sample
    /// (see <see cref="WalkOneMoment"/>). Each copy holds what every walk before it met, so a stack that moves within
    /// what it reached before is found whole. Measured when copies were also taken for every walk that read frames
    /// outside the snapshot, on the swing target (depth 1 - 2048, no work per level), 3.11 - 3.13t: about 60 % of the
    /// walks that needed copies took one, most of the rest 2 - 5. With at most 8, 1 - 4 % of the samples were bad
    /// beside other jobs, but 13 - 23 % on a quiet machine, where the target runs on a core of its own while it is
    /// copied; with 32 (as many as <see cref="MaxRetries"/>), 0 - 0.7 % there.
    /// </summary>
    private const int MaxCopies = 32;

    /// <summary>
    /// Bytes of one thread's copy. A 5000-deep recursion of 3.11 is about 0.6 MB of data stack. A walk that found a
    /// caller running in a chain past this is a bad sample.
    /// </summary>
    private const int MaxCopyBytes = Limits.SnapshotBytes;

    private const int StackPage = 4096;

    private readonly SnapshotMemory _snapshot;
    private readonly IProcessMemory _memory;
    private readonly Layout _layout;
    private readonly FrameWalker _frames;
    private readonly INativeThreadIds _nativeIds;
    private readonly ulong _threadStateCurrent;
    private readonly Frame[] _buffer = new Frame[WalkLimits.MaxFrames];
    private readonly byte[] _threadState;
    private ulong[] _copyAddresses = new ulong[64];
    private int[] _copySizes = new int[64];
    private ulong[] _copyFrames = new ulong[64];
    // 3.11+: a thread's frames sit in its data stack, where a frame of a given depth is found again at the same
    // address while the stack swings (see WalkOneMoment). Frame objects (≤3.10) are freed and reused from the heap
    // at other addresses, so a copy of where a walk found them rarely holds the next walk: 2.7 - 3.10 walk as before.
    private readonly bool _copies;

    /// <param name="interpreterHeadPointer">&amp;interp_head (≤3.6) or &amp;_PyRuntime.interpreters.head (3.7+).</param>
    /// <param name="threadStateCurrent">&amp;_PyThreadState_Current (2.7-3.6), for the GIL holder; 0 when unknown.</param>
    public ThreadWalker(SnapshotMemory snapshot, Layout layout, CodeCache codes, INativeThreadIds nativeIds, ulong interpreterHeadPointer, ulong threadStateCurrent)
    {
        _snapshot = snapshot;
        _memory = snapshot;
        _layout = layout;
        _nativeIds = nativeIds;
        _threadStateCurrent = threadStateCurrent;
        InterpreterHeadPointer = interpreterHeadPointer;
        _frames = new FrameWalker(snapshot, layout, codes);
        _threadState = new byte[layout.Thread.Size];
        _copies = layout.Frame.Model == FrameModel.InterpreterFrames;
    }

    public ulong InterpreterHeadPointer { get; }

    /// <summary>Whether the visitor needs OS thread ids (for -s); costs one read per thread on ≤3.10.</summary>
    public bool WantNativeIds { get; set; }

    /// <summary>Whether the visitor needs the GIL holder (for -m and -f).</summary>
    public bool WantGilHolder { get; set; }

    /// <summary>Whether the visitor needs the garbage collector's state (-g): one read of an int per interpreter.</summary>
    public bool WantGc { get; set; }

    /// <summary>
    /// &amp;_PyRuntime.gc.collecting (3.7-3.8), or the address of gcmodule.c's static <c>collecting</c> (≤3.6, when the
    /// symbol table names it); 0 when the flag is each interpreter's (3.9+) or cannot be found.
    /// </summary>
    public ulong RuntimeGcCollecting { get; init; }

    /// <summary>Whether this runtime's garbage collector state can be read at all.</summary>
    public bool ReadsGc => _layout.Interpreter.GcCollecting >= 0 || RuntimeGcCollecting != 0;

    /// <summary>The walker of asyncio tasks, when they are wanted (--asyncio): each suspended task after its interpreter's threads.</summary>
    public TaskWalker? Tasks { get; set; }

    /// <summary>Walks every thread of every interpreter once, handing each to <paramref name="visitor"/>.</summary>
    public RuntimeReadStatus Sample(IThreadVisitor visitor)
    {
        _snapshot.BeginSample();
        Tasks?.BeginSample();
        if (!_memory.TryReadPointer(InterpreterHeadPointer, out ulong interp)) return RuntimeReadStatus.Unreadable;
        if (interp == 0) return RuntimeReadStatus.NoInterpreter;

        Span<byte> tstate = _threadState;
        // Bounds for garbage: loops in either list end it, and all interpreters together get one thread budget.
        var interpreters = new LoopGuard();
        int budget = WalkLimits.MaxThreads;
        for (int i = 0; interp != 0 && i < WalkLimits.MaxInterpreters && !interpreters.Loops(interp); i++)
        {
            // Each interpreter has a GIL of its own from 3.12 (PEP 684); before, they share the runtime's.
            bool gilReleased = false;
            ulong gilHolder = WantGilHolder ? GilHolder(interp, out gilReleased) : 0;
            bool gc = WantGc && Collecting(interp);
            long interpreterId = InterpreterId(interp, i);
            Tasks?.BeginInterpreter();
            ulong link = interp + (ulong)_layout.Interpreter.ThreadsHead;   // where the pointer to the current thread state lives
            if (!_memory.TryReadPointer(link, out ulong thread)) break;
            var threads = new LoopGuard();
            for (; thread != 0 && budget > 0 && !threads.Loops(thread); budget--)
            {
                SnapshotMemory.LogMark mark = _snapshot.Mark();
                if (!ReadThreadState(thread, tstate)) break;   // the list changed under us: the rest waits for the next sample
                // A thread state being freed (interpreter shutdown) no longer points back to its interpreter:
                // what follows it is not a thread list any more.
                if (tstate.U64(_layout.Thread.Interp) != interp) break;
                ulong threadId = _layout.Thread.IdOf(tstate);
                ulong native = threadId == 0 || !WantNativeIds ? 0
                    : _layout.Thread.NativeId >= 0 ? _layout.Thread.NativeIdOf(tstate) : _nativeIds.Of(_memory, threadId);
                if (threadId == 0 || (WantNativeIds && native == 0 && _layout.Thread.NativeId >= 0))
                {
                    // Not a running thread yet: 3.12+ link a new thread state before its thread sets its id, and a
                    // new thread sets thread_id, then native_thread_id (3.11+, bind_tstate).
                    link = thread + (ulong)_layout.Thread.Next;
                    thread = tstate.U64(_layout.Thread.Next);
                    continue;
                }
                WalkResult result = _frames.Walk(tstate, _buffer, out int count);
                ulong failure = 0;
                for (int retry = 0; result == WalkResult.Bad && retry < MaxRetries && (_frames.FailedOnARace || _frames.FailureSignature != failure); retry++)
                {
                    failure = _frames.FailureSignature;
                    // The stack changed while it was read: frames were freed and reused under the walk (a freed
                    // frame links to other free frames, which closes loops), or the snapshot's older bytes did
                    // not fit the fresh ones. Take everything read so far again, in one call, so that the chain is
                    // read at one instant, and walk it again.
                    _snapshot.BeginSample();
                    mark = _snapshot.Mark();
                    if (ReadThreadState(thread, tstate) && tstate.U64(_layout.Thread.Interp) == interp)
                        result = _frames.Walk(tstate, _buffer, out count);
                }
                // A walk that found a caller running (still at its first line, or not waiting in a call) under a
                // callee joined frames of different moments: frames not in the snapshot were read after it, one
                // call each, and the stack may have unwound and grown again in between. Such a walk is taken again
                // from one copy of this thread's chain. Only then: a walk that merely read frames outside the
                // snapshot (a stack that grew since the last sample) stands, since a copy is a later moment, and
                // copying every such walk moved new work's samples late (3.13, periodic.py: 43 of 96 copies of
                // a sample in burst() found it returned and main() asleep).
                if (result == WalkResult.Ok && _frames.CaughtRunning && _copies)
                    result = WalkOneMoment(thread, interp, tstate, mark, ref count);
                if (result == WalkResult.Bad && !StillLinked(link, thread))
                    break;   // the thread ended and its state was freed while it was read: not a thread any more
                Tasks?.NoteThread(thread, tstate, threadId, result == WalkResult.Ok ? _frames.LastChain : default);
                Span<Frame> frames = _buffer.AsSpan(_buffer.Length - count, count);   // outermost first (FrameWalker.Walk)
                visitor.OnThread(new WalkedThread(interpreterId, threadId, native, gilHolder == thread, result, result == WalkResult.Ok ? frames : default, gilReleased, gc));
                ulong next = tstate.U64(_layout.Thread.Next);
                if (next == thread) break;
                link = thread + (ulong)_layout.Thread.Next;
                thread = next;
            }
            Tasks?.Walk(interp, interpreterId, visitor);
            if (!_memory.TryReadPointer(interp + (ulong)_layout.Interpreter.Next, out ulong nextInterp) || nextInterp == interp) break;
            interp = nextInterp;
        }
        return RuntimeReadStatus.Ok;
    }

    /// <summary>
    /// Walks a thread again from a copy of what its walks met (its state, the pointer to its innermost frame, its
    /// frames), read in one call, and takes that walk when it read nothing outside the copy and every caller in it was
    /// found the same (address, code, instruction, caller) by an earlier walk of this sample. A copy is one call, not
    /// one instant: the target runs while it is made, and a stack that swings as fast as it is copied can be caught
    /// torn even there (a caller read as it was still the top). Two reads at different moments that agree on a caller
    /// leave no such doubt. Each copy holds what every walk before it met, so a stack that moves within what it
    /// reached before is found whole. Only this thread's chain is read again: a thousand threads or a deep stack
    /// elsewhere cost nothing more. Bad when no copy gave such a walk, when the thread is gone from the copy, or when
    /// the copy cannot be made (over <see cref="MaxCopyBytes"/>, or part of it unmapped).
    /// </summary>
    private WalkResult WalkOneMoment(ulong thread, ulong interp, Span<byte> tstate, SnapshotMemory.LogMark mark, ref int count)
    {
        int frames = 0;
        ulong previous = _frames.ChainHash();
        for (int copy = 0; copy < MaxCopies; copy++)
        {
            ReadOnlySpan<ulong> chain = _frames.LastChain;
            int n = 3 + frames + chain.Length;
            if (_copyAddresses.Length < n)
            {
                Array.Resize(ref _copyAddresses, Math.Max(n, 2 * _copyAddresses.Length));
                Array.Resize(ref _copySizes, _copyAddresses.Length);
                Array.Resize(ref _copyFrames, _copyAddresses.Length);
            }
            // Every frame any walk of this thread met, so that a stack that moves within what it reached is found
            // whole: the last walk's first, innermost first, as the copy reads them.
            _copyFrames.AsSpan(0, frames).CopyTo(_copyFrames.AsSpan(chain.Length));
            chain.CopyTo(_copyFrames);
            frames += chain.Length;
            // Where the top is, first: the thread state, and (3.11-3.12) the page of the C stack that holds the
            // _PyCFrame, where C code that calls Python (an import, a callback) pushes its own nearby.
            int tops = 0;
            _copyAddresses[tops] = thread;
            _copySizes[tops++] = _layout.Thread.Size;
            if (_frames.TopPointer != 0)
            {
                _copyAddresses[tops] = _frames.TopPointer & ~(ulong)(StackPage - 1);
                _copySizes[tops++] = StackPage;
            }
            _copyFrames.AsSpan(0, frames).CopyTo(_copyAddresses.AsSpan(tops));
            _copySizes.AsSpan(tops, frames).Fill(_layout.Frame.Size);
            int listed = tops + frames;
            if (chain.Length > 0)
            {
                // Room for the stack to grow: 3.11+ push a callee right above its caller in the data stack, so the
                // rest of the innermost frame's page (mapped, since the frame is there) is taken as well.
                ulong inner = chain[0], pageEnd = (inner | (StackPage - 1)) + 1;
                _copyAddresses[listed] = inner;
                _copySizes[listed++] = (int)Math.Max((ulong)_layout.Frame.Size, pageEnd - inner);
            }
            if (!_snapshot.BeginCopy(_copyAddresses.AsSpan(0, listed), _copySizes.AsSpan(0, listed), tops, MaxCopyBytes))
            {
                // Too large, or part of it is gone (3.12+ free a data stack chunk the stack left): the walk that
                // found a caller running stays unconfirmed, and is not printed.
                count = 0;
                return WalkResult.Bad;
            }
            // The walk is logged once, as the copy read it.
            _snapshot.Rewind(mark);
            long strays = _snapshot.Strays;
            bool same = ReadThreadState(thread, tstate) && tstate.U64(_layout.Thread.Interp) == interp;
            bool stateStrayed = _snapshot.Strays != strays;
            WalkResult result = same ? _frames.Walk(tstate, _buffer, out count) : WalkResult.Bad;
            bool strayed = stateStrayed || _frames.ChainStrayed;
            _snapshot.EndCopy();
            if (!same) break;
            if (strayed) continue;
            ulong hash = _frames.ChainHash();
            // A caller that looks as if it runs in two walks that read the very same bytes is not a torn read but how
            // this stack is (a way of calling these checks do not know): it stands.
            if (_frames.CaughtRunning && hash != previous) { previous = hash; continue; }
            return result;
        }
        count = 0;
        return WalkResult.Bad;
    }

    /// <summary>Reads a thread state, which holds where its stack's top is (see <see cref="SnapshotMemory.ReadingTops"/>).</summary>
    private bool ReadThreadState(ulong thread, Span<byte> tstate)
    {
        _snapshot.ReadingTops = true;
        bool read = _memory.TryRead(thread, tstate);
        _snapshot.ReadingTops = false;
        return read;
    }

    /// <summary>
    /// PyInterpreterState.id (3.7+): 0 for the main interpreter, then 1, 2... in order of creation, whatever their
    /// place in the list (each new one is linked at its head). Before 3.7 there is no id: the place in the list.
    /// </summary>
    private long InterpreterId(ulong interp, int position)
    {
        if (_layout.Interpreter.Id < 0) return position;
        return _memory.TryRead(interp + (ulong)_layout.Interpreter.Id, out long id) ? id : position;
    }

    /// <summary>The thread handles (PyThreadState.thread_id) of the first interpreter's threads, at most <paramref name="handles"/>.Length.</summary>
    public int ThreadHandles(Span<ulong> handles)
    {
        if (!_memory.TryReadPointer(InterpreterHeadPointer, out ulong interp) || interp == 0) return 0;
        if (!_memory.TryReadPointer(interp + (ulong)_layout.Interpreter.ThreadsHead, out ulong thread)) return 0;
        Span<byte> tstate = _threadState;
        int n = 0;
        var guard = new LoopGuard();
        while (thread != 0 && n < handles.Length && !guard.Loops(thread) && _memory.TryRead(thread, tstate))
        {
            ulong id = _layout.Thread.IdOf(tstate);
            if (id != 0) handles[n++] = id;
            thread = tstate.U64(_layout.Thread.Next);
        }
        return n;
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
    /// _PyRuntime.ceval.gil.last_holder; 3.12+: the interpreter's GIL last_holder. <paramref name="released"/> says
    /// that nobody held it at this read: tstate_current is NULL (PyEval_SaveThread clears it before it drops the
    /// GIL: Python/ceval.c of 3.7-3.11, _PyThreadState_Current up to 3.6), or the GIL's locked word is 0 (3.12+).
    /// </summary>
    private ulong GilHolder(ulong interp, out bool released)
    {
        released = false;
        ulong holder;
        if (_layout.Runtime.TstateCurrent >= 0)
        {
            ulong runtime = InterpreterHeadPointer - (ulong)_layout.Runtime.InterpretersHead;
            if (!_memory.TryReadPointer(runtime + (ulong)_layout.Runtime.TstateCurrent, out holder)) return 0;
            if (holder != 0) return holder;
            released = true;
            return _layout.Runtime.GilLastHolder >= 0 && _memory.TryReadPointer(runtime + (ulong)_layout.Runtime.GilLastHolder, out holder) ? holder : 0;
        }
        if (_layout.Interpreter.CevalGil >= 0)
        {
            if (!_memory.TryReadPointer(interp + (ulong)_layout.Interpreter.CevalGil, out ulong gil) || gil == 0) return 0;
            if (_layout.Interpreter.GilLocked >= 0 && _memory.TryRead(gil + (ulong)_layout.Interpreter.GilLocked, out int locked))
                released = locked == 0;
            return _memory.TryReadPointer(gil + (ulong)_layout.Interpreter.GilLastHolder, out holder) ? holder : 0;
        }
        if (_threadStateCurrent == 0 || !_memory.TryReadPointer(_threadStateCurrent, out holder)) return 0;
        released = holder == 0;
        return holder;
    }

    /// <summary>Whether the garbage collector of <paramref name="interp"/> (or of the whole runtime, up to 3.8) is collecting.</summary>
    private bool Collecting(ulong interp)
    {
        ulong at = _layout.Interpreter.GcCollecting >= 0 ? interp + (ulong)_layout.Interpreter.GcCollecting : RuntimeGcCollecting;
        return at != 0 && _memory.TryRead(at, out int collecting) && collecting != 0;
    }
}
