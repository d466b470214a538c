// SPDX-License-Identifier: GPL-3.0-or-later
using Austin.Python.LineTables;

namespace Austin.Python.Abi;

/// <summary>How a version chains its frames.</summary>
internal enum FrameModel
{
    /// <summary>PyFrameObject linked by f_back (up to 3.10).</summary>
    FrameObjects,
    /// <summary>_PyInterpreterFrame linked by previous (3.11+).</summary>
    InterpreterFrames,
}

/// <summary>
/// Every offset the sampler reads in one version's ABI, decided once per process (from the struct table
/// in <see cref="VersionTable"/>, or from the target's own _Py_DebugOffsets on 3.13+). Absent fields are -1.
/// The walkers read objects in one read of the given size, then fields at these offsets.
/// </summary>
internal sealed record Layout
{
    public required PythonVersion Version { get; init; }
    public required FrameModel Frames { get; init; }
    public required LineTableFormat LineTable { get; init; }

    // _PyRuntimeState (3.7+); -1 before that: the anchor is interp_head.
    public int RuntimeInterpretersHead { get; init; } = -1;
    public int RuntimeSize { get; init; }
    public int RuntimeGilLastHolder { get; init; } = -1;
    public int RuntimeGilLocked { get; init; } = -1;
    public int RuntimeTstateCurrent { get; init; } = -1;

    // PyInterpreterState
    public required int InterpNext { get; init; }
    public required int InterpThreadsHead { get; init; }
    public required int InterpModules { get; init; }
    public int InterpCevalGil { get; init; } = -1;
    public int InterpGcCollecting { get; init; } = -1;
    public required int InterpSize { get; init; }

    // PyThreadState
    public required int ThreadNext { get; init; }
    public required int ThreadInterp { get; init; }
    /// <summary>tstate->frame (≤3.10), tstate->cframe (3.11-3.12) or tstate->current_frame (3.13+).</summary>
    public required int ThreadFrame { get; init; }
    /// <summary>True when <see cref="ThreadFrame"/> points to a _PyCFrame whose current_frame is at <see cref="CFrameCurrentFrame"/>.</summary>
    public bool ThreadFrameIsCFrame { get; init; }
    public int CFrameCurrentFrame { get; init; } = -1;
    public required int ThreadId { get; init; }
    public int ThreadNativeId { get; init; } = -1;
    public int ThreadDatastackChunk { get; init; } = -1;
    public required int ThreadSize { get; init; }

    // PyFrameObject (FrameObjects) or _PyInterpreterFrame (InterpreterFrames)
    public required int FrameBack { get; init; }
    public required int FrameCode { get; init; }
    /// <summary>f_lasti (int) for frame objects; prev_instr/instr_ptr (pointer) for interpreter frames.</summary>
    public required int FrameInstr { get; init; }
    public int FrameOwner { get; init; } = -1;
    public required int FrameSize { get; init; }
    /// <summary>Frames owned by the C stack (shim/entry frames) have owner ≥ this value; 0 = none.</summary>
    public int FrameOwnerSkipFrom { get; init; }
    /// <summary>3.14 tags f_executable (a _PyStackRef): clear these low bits before use.</summary>
    public ulong FrameCodeTagMask { get; init; }

    // PyCodeObject
    public required int CodeFilename { get; init; }
    public required int CodeName { get; init; }
    public int CodeQualname { get; init; } = -1;
    public required int CodeLineTable { get; init; }
    public required int CodeFirstLineno { get; init; }
    public int CodeFirstTraceable { get; init; } = -1;
    public int CodeAdaptive { get; init; } = -1;
    public required int CodeSize { get; init; }

    // Strings: 2.7 PyStringObject, or PEP 393 str.
    public required bool Py2Strings { get; init; }
    public int UnicodeAsciiSize { get; init; }
    public int UnicodeCompactSize { get; init; }
    public int UnicodeDataPointer { get; init; }
    /// <summary>Where a bytes object's (2.7 str's) characters start.</summary>
    public required int BytesData { get; init; }

    /// <summary>
    /// Every field read lies inside the bytes read for its object, so that no layout, however it was made, can
    /// make a walker index outside its buffers.
    /// </summary>
    public bool IsConsistent()
    {
        static bool Fits(int offset, int width, int size) => offset < 0 || (offset <= size - width);
        static bool Present(int offset, int width, int size) => offset >= 0 && offset <= size - width;
        return ThreadSize is > 0 and <= 65536 && FrameSize is > 0 and <= 4096 && CodeSize is > 0 and <= 4096 &&
               Present(ThreadNext, 8, ThreadSize) && Present(ThreadInterp, 8, ThreadSize) &&
               Present(ThreadFrame, 8, ThreadSize) && Present(ThreadId, 8, ThreadSize) &&
               Fits(ThreadNativeId, 8, ThreadSize) && Fits(ThreadDatastackChunk, 8, ThreadSize) &&
               Present(FrameBack, 8, FrameSize) && Present(FrameCode, 8, FrameSize) &&
               Present(FrameInstr, Frames == FrameModel.FrameObjects ? 4 : 8, FrameSize) && Fits(FrameOwner, 1, FrameSize) &&
               Present(CodeFilename, 8, CodeSize) && Present(CodeName, 8, CodeSize) && Fits(CodeQualname, 8, CodeSize) &&
               Present(CodeLineTable, 8, CodeSize) && Present(CodeFirstLineno, 4, CodeSize) &&
               Fits(CodeFirstTraceable, 4, CodeSize) && CodeAdaptive < 65536 &&
               InterpNext is >= 0 and < 1 << 20 && InterpThreadsHead is >= 0 and < 1 << 20 &&
               CFrameCurrentFrame < 4096 && UnicodeAsciiSize is >= 0 and <= 256 && UnicodeCompactSize is >= 0 and <= 256 &&
               UnicodeDataPointer is >= 0 and <= 248 && BytesData is >= 0 and <= 256;
    }
}
