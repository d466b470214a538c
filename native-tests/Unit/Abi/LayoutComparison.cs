// SPDX-License-Identifier: GPL-3.0-or-later
using System.Collections.Generic;
using Austin.Python.Abi;
using Austin.Tests.Support;

namespace Austin.Tests.Unit.Abi;

/// <summary>
/// Every offset of a <see cref="Layout"/> that the sampler reads, against the member of the headers it stands
/// for. Fields the layout leaves at -1 are not read on that version and are not compared.
/// </summary>
internal sealed class LayoutComparison
{
    private readonly HeaderLayout _headers;

    private LayoutComparison(HeaderLayout headers) => _headers = headers;

    /// <summary>One line per offset that differs from the headers, or that the headers do not have.</summary>
    public List<string> Mismatches { get; } = [];

    /// <summary>How many offsets were compared.</summary>
    public int Compared { get; private set; }

    public static LayoutComparison Of(Layout l, HeaderLayout headers)
    {
        var c = new LayoutComparison(headers);
        c.Offset(nameof(l.RuntimeInterpretersHead), l.RuntimeInterpretersHead, "_PyRuntimeState", "interpreters.head");
        c.Offset(nameof(l.RuntimeGilLastHolder), l.RuntimeGilLastHolder, "_PyRuntimeState", "ceval.gil.last_holder");
        c.Offset(nameof(l.RuntimeGilLocked), l.RuntimeGilLocked, "_PyRuntimeState", "ceval.gil.locked");
        c.Offset(nameof(l.RuntimeTstateCurrent), l.RuntimeTstateCurrent, "_PyRuntimeState", "gilstate.tstate_current");
        c.Offset(nameof(l.InterpNext), l.InterpNext, "PyInterpreterState", "next");
        c.Offset(nameof(l.InterpThreadsHead), l.InterpThreadsHead, "PyInterpreterState", "tstate_head", "threads.head");
        c.Offset(nameof(l.InterpModules), l.InterpModules, "PyInterpreterState", "modules", "imports.modules");
        c.Offset(nameof(l.InterpCevalGil), l.InterpCevalGil, "PyInterpreterState", "ceval.gil");
        c.Offset(nameof(l.InterpGcCollecting), l.InterpGcCollecting, "PyInterpreterState", "gc.collecting");
        c.Offset(nameof(l.ThreadNext), l.ThreadNext, "PyThreadState", "next");
        c.Offset(nameof(l.ThreadInterp), l.ThreadInterp, "PyThreadState", "interp");
        // 3.10 has both frame and cframe; its frames still hang off frame.
        c.Offset(nameof(l.ThreadFrame), l.ThreadFrame, "PyThreadState", "frame", "cframe", "current_frame");
        c.Offset(nameof(l.CFrameCurrentFrame), l.CFrameCurrentFrame, "_PyCFrame", "current_frame");
        c.Offset(nameof(l.ThreadId), l.ThreadId, "PyThreadState", "thread_id");
        c.Offset(nameof(l.ThreadNativeId), l.ThreadNativeId, "PyThreadState", "native_thread_id");
        c.Offset(nameof(l.ThreadDatastackChunk), l.ThreadDatastackChunk, "PyThreadState", "datastack_chunk");
        string frame = l.Frames == FrameModel.FrameObjects ? "PyFrameObject" : "_PyInterpreterFrame";
        c.Offset(nameof(l.FrameBack), l.FrameBack, frame, "f_back", "previous");
        c.Offset(nameof(l.FrameCode), l.FrameCode, frame, "f_code", "f_executable");
        c.Offset(nameof(l.FrameInstr), l.FrameInstr, frame, "f_lasti", "prev_instr", "instr_ptr");
        c.Offset(nameof(l.FrameOwner), l.FrameOwner, "_PyInterpreterFrame", "owner");
        c.Offset(nameof(l.CodeFilename), l.CodeFilename, "PyCodeObject", "co_filename");
        c.Offset(nameof(l.CodeName), l.CodeName, "PyCodeObject", "co_name");
        c.Offset(nameof(l.CodeQualname), l.CodeQualname, "PyCodeObject", "co_qualname");
        c.Offset(nameof(l.CodeLineTable), l.CodeLineTable, "PyCodeObject", "co_lnotab", "co_linetable");
        c.Offset(nameof(l.CodeFirstLineno), l.CodeFirstLineno, "PyCodeObject", "co_firstlineno");
        c.Offset(nameof(l.CodeFirstTraceable), l.CodeFirstTraceable, "PyCodeObject", "_co_firsttraceable");
        c.Offset(nameof(l.CodeAdaptive), l.CodeAdaptive, "PyCodeObject", "co_code_adaptive");
        c.Offset(nameof(l.BytesData), l.BytesData, l.Py2Strings ? "PyStringObject" : "PyBytesObject", "ob_sval");
        if (!l.Py2Strings)
        {
            c.Size(nameof(l.UnicodeAsciiSize), l.UnicodeAsciiSize, "PyASCIIObject");
            c.Size(nameof(l.UnicodeCompactSize), l.UnicodeCompactSize, "PyCompactUnicodeObject");
            c.Offset(nameof(l.UnicodeDataPointer), l.UnicodeDataPointer, "PyUnicodeObject", "data");
        }
        if (l.FrameOwnerSkipFrom > 0)
            c.Constant(nameof(l.FrameOwnerSkipFrom), l.FrameOwnerSkipFrom, "FRAME_OWNED_BY_CSTACK");
        return c;
    }

    private void Offset(string what, int ours, string type, params string[] members)
    {
        if (ours < 0)
            return;
        foreach (string member in members)
        {
            if (!_headers.TryGetOffset(type, member, out int offset, out _))
                continue;
            Compared++;
            if (offset != ours)
                Mismatches.Add($"{what} ({type}.{member}): ours {ours}, headers {offset}");
            return;
        }
        Mismatches.Add($"{what}: we read offset {ours}, but the headers have none of {type}.{string.Join(", " + type + ".", members)}");
    }

    private void Size(string what, int ours, string type)
    {
        int? size = _headers.SizeOf(type);
        Compared++;
        if (size != ours)
            Mismatches.Add($"{what} (sizeof {type}): ours {ours}, headers {(size is null ? "none" : size)}");
    }

    private void Constant(string what, int ours, string name)
    {
        long? value = _headers.Constant(name);
        Compared++;
        if (value != ours)
            Mismatches.Add($"{what} ({name}): ours {ours}, headers {(value is null ? "none" : value)}");
    }
}
