// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using Austin.Output;
using Austin.Platform;
using Austin.Python.Abi;
using Austin.Python.Model;

namespace Austin.Python.Walkers;

/// <summary>
/// Walks one thread's Python frames, innermost first, into a caller's buffer. One implementation per frame
/// model, chosen once per process; no version checks in the loop.
/// </summary>
internal abstract class FrameWalker(IProcessMemory memory, Layout layout, CodeCache codes)
{
    protected IProcessMemory Memory { get; } = memory;
    protected Layout Layout { get; } = layout;
    protected CodeCache Codes { get; } = codes;

    public static FrameWalker For(IProcessMemory memory, Layout layout, CodeCache codes) => layout.Frames switch
    {
        FrameModel.FrameObjects => new FrameObjectWalker(memory, layout, codes),
        _ => new InterpreterFrameWalker(memory, layout, codes),
    };

    /// <summary>
    /// Fills <paramref name="frames"/> from the thread state's raw bytes, innermost frame first.
    /// </summary>
    public abstract WalkResult Walk(ReadOnlySpan<byte> threadState, Span<Frame> frames, out int count);

    protected int Line(CodeObject code, int position) => LineNumbers.Line(Layout.LineTable, code, position);
}

/// <summary>≤3.10: PyFrameObject linked by f_back; position is f_lasti.</summary>
internal sealed class FrameObjectWalker(IProcessMemory memory, Layout layout, CodeCache codes) : FrameWalker(memory, layout, codes)
{
    public override WalkResult Walk(ReadOnlySpan<byte> threadState, Span<Frame> frames, out int count)
    {
        count = 0;
        Span<byte> frame = stackalloc byte[Layout.FrameSize];
        Span<byte> scratch = stackalloc byte[256];
        ulong address = threadState.U64(Layout.ThreadFrame);
        while (address != 0)
        {
            if (count == frames.Length || !Memory.TryRead(address, frame)) return WalkResult.Bad;
            CodeObject? code = Codes.Get(frame.U64(Layout.FrameCode), scratch);
            if (code is null) return WalkResult.Bad;
            int lasti = frame.I32(Layout.FrameInstr);
            frames[count++] = new Frame(code.Symbol, Line(code, lasti));
            ulong back = frame.U64(Layout.FrameBack);
            if (back == address) return WalkResult.Bad;
            address = back;
        }
        return WalkResult.Ok;
    }
}

/// <summary>3.11+: _PyInterpreterFrame linked by previous; position is the instruction pointer into the code object.</summary>
internal sealed class InterpreterFrameWalker(IProcessMemory memory, Layout layout, CodeCache codes) : FrameWalker(memory, layout, codes)
{
    private const int OwnedByGenerator = 1;

    public override WalkResult Walk(ReadOnlySpan<byte> threadState, Span<Frame> frames, out int count)
    {
        count = 0;
        ulong address = threadState.U64(Layout.ThreadFrame);
        if (Layout.ThreadFrameIsCFrame && address != 0 &&
            !Memory.TryReadPointer(address + (ulong)Layout.CFrameCurrentFrame, out address))
            return WalkResult.Bad;

        Span<byte> frame = stackalloc byte[Layout.FrameSize];
        Span<byte> scratch = stackalloc byte[256];
        int visited = 0;
        while (address != 0)
        {
            if (++visited > WalkLimits.MaxFrames || !Memory.TryRead(address, frame)) return WalkResult.Bad;
            ulong previous = frame.U64(Layout.FrameBack);
            if (previous == address) return WalkResult.Bad;
            int owner = Layout.FrameOwner >= 0 ? frame[Layout.FrameOwner] : 0;
            if (Layout.FrameOwnerSkipFrom > 0 && owner >= Layout.FrameOwnerSkipFrom)
            {
                address = previous;   // a shim frame of the C stack: not Python code
                continue;
            }

            ulong codeAddress = frame.U64(Layout.FrameCode) & ~Layout.FrameCodeTagMask;
            CodeObject? code = Codes.Get(codeAddress, scratch);
            if (code is null)
            {
                // 3.13: the entry frame's f_executable is None, not a code object: not Python code either.
                if (Layout.FrameOwnerSkipFrom > 0 && owner >= Layout.FrameOwnerSkipFrom) { address = previous; continue; }
                return WalkResult.Bad;
            }

            long index = ((long)frame.U64(Layout.FrameInstr) - (long)(codeAddress + (ulong)Layout.CodeAdaptive)) / 2;
            if (owner != OwnedByGenerator && index < code.FirstTraceable)
            {
                address = previous;   // not past its prologue yet: CPython hides it too (_PyFrame_IsIncomplete)
                continue;
            }
            if (count == frames.Length) return WalkResult.Bad;
            frames[count++] = new Frame(code.Symbol, Line(code, index < 0 || index > int.MaxValue ? -1 : (int)index));
            address = previous;
        }
        return WalkResult.Ok;
    }
}
