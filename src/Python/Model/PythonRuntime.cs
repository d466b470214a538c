// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using Austin.Output;
using Austin.Platform;
using Austin.Python.Abi;
using Austin.Python.Walkers;

namespace Austin.Python.Model;

/// <summary>Receives each thread of a sample; implemented by the sampler (no allocation per thread).</summary>
internal interface IThreadVisitor
{
    /// <param name="threadId">PyThreadState.thread_id, what the output prints.</param>
    /// <param name="nativeThreadId">The kernel TID where the version stores it (3.11+), else 0.</param>
    /// <param name="result">Whether <paramref name="frames"/> is a real stack.</param>
    /// <param name="frames">Outermost frame first.</param>
    void OnThread(ulong threadId, ulong nativeThreadId, WalkResult result, ReadOnlySpan<Frame> frames);
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
    private readonly FrameWalker _walker;
    private readonly Frame[] _frames = new Frame[WalkLimits.MaxFrames];
    private readonly byte[] _threadState;

    /// <param name="interpreterHeadPointer">
    /// Remote address of the pointer to the first interpreter: &amp;interp_head (≤3.6) or
    /// &amp;_PyRuntime.interpreters.head (3.7+).
    /// </param>
    public PythonRuntime(IProcessMemory memory, Layout layout, ulong interpreterHeadPointer, ulong codeType = 0)
    {
        _memory = memory;
        Layout = layout;
        InterpreterHeadPointer = interpreterHeadPointer;
        var strings = new RemoteStrings(memory, layout);
        Codes = new CodeCache(memory, layout, strings) { CodeType = codeType };
        _walker = FrameWalker.For(memory, layout, Codes);
        _threadState = new byte[layout.ThreadSize];
    }

    public Layout Layout { get; }
    public ulong InterpreterHeadPointer { get; }
    public CodeCache Codes { get; }

    /// <summary>The first interpreter's address, 0 when there is none.</summary>
    public bool TryReadHead(out ulong head) => _memory.TryReadPointer(InterpreterHeadPointer, out head);

    /// <summary>The first thread state of the head interpreter, 0 when none.</summary>
    public bool HasThreads()
    {
        if (!TryReadHead(out ulong interp) || interp == 0) return false;
        return _memory.TryReadPointer(interp + (ulong)Layout.InterpThreadsHead, out ulong thread) && thread != 0;
    }

    /// <summary>Walks every thread of every interpreter once, handing each to <paramref name="visitor"/>.</summary>
    public RuntimeReadStatus Sample(IThreadVisitor visitor)
    {
        if (!TryReadHead(out ulong interp)) return RuntimeReadStatus.Unreadable;
        if (interp == 0) return RuntimeReadStatus.NoInterpreter;

        Span<byte> tstate = _threadState;
        for (int i = 0; interp != 0 && i < WalkLimits.MaxInterpreters; i++)
        {
            if (!_memory.TryReadPointer(interp + (ulong)Layout.InterpThreadsHead, out ulong thread)) break;
            for (int t = 0; thread != 0 && t < WalkLimits.MaxThreads; t++)
            {
                if (!_memory.TryRead(thread, tstate)) break;   // the list changed under us: the rest waits for the next sample
                ulong threadId = tstate.U64(Layout.ThreadId);
                ulong native = Layout.ThreadNativeId >= 0 ? tstate.U64(Layout.ThreadNativeId) : 0;
                WalkResult result = _walker.Walk(tstate, _frames, out int count);
                Span<Frame> frames = _frames.AsSpan(0, count);
                frames.Reverse();
                visitor.OnThread(threadId, native, result, result == WalkResult.Ok ? frames : default);
                ulong next = tstate.U64(Layout.ThreadNext);
                if (next == thread) break;
                thread = next;
            }
            if (!_memory.TryReadPointer(interp + (ulong)Layout.InterpNext, out ulong nextInterp) || nextInterp == interp) break;
            interp = nextInterp;
        }
        return RuntimeReadStatus.Ok;
    }
}
