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
        RuntimeLayout r = l.Runtime;
        c.Offset("Runtime.InterpretersHead", r.InterpretersHead, "_PyRuntimeState", "interpreters.head");
        c.Offset("Runtime.GilLastHolder", r.GilLastHolder, "_PyRuntimeState", "ceval.gil.last_holder");
        c.Offset("Runtime.GilLocked", r.GilLocked, "_PyRuntimeState", "ceval.gil.locked");
        c.Offset("Runtime.TstateCurrent", r.TstateCurrent, "_PyRuntimeState", "gilstate.tstate_current");
        InterpreterLayout i = l.Interpreter;
        c.Offset("Interpreter.Next", i.Next, "PyInterpreterState", "next");
        c.Offset("Interpreter.ThreadsHead", i.ThreadsHead, "PyInterpreterState", "tstate_head", "threads.head");
        c.Offset("Interpreter.Modules", i.Modules, "PyInterpreterState", "modules", "imports.modules");
        c.Offset("Interpreter.CevalGil", i.CevalGil, "PyInterpreterState", "ceval.gil");
        c.Offset("Interpreter.GilLastHolder", i.GilLastHolder, "_gil_runtime_state", "last_holder");
        c.Offset("Interpreter.GilLocked", i.GilLocked, "_gil_runtime_state", "locked");
        c.Offset("Interpreter.GcCollecting", i.GcCollecting, "PyInterpreterState", "gc.collecting");
        ThreadLayout t = l.Thread;
        c.Offset("Thread.Next", t.Next, "PyThreadState", "next");
        c.Offset("Thread.Interp", t.Interp, "PyThreadState", "interp");
        // 3.10 has both frame and cframe; its frames still hang off frame.
        c.Offset("Thread.Frame", t.Frame, "PyThreadState", "frame", "cframe", "current_frame");
        c.Offset("Thread.CFrameCurrentFrame", t.CFrameCurrentFrame, "_PyCFrame", "current_frame");
        c.Offset("Thread.Id", t.Id, "PyThreadState", "thread_id");
        c.Width("Thread.LongSize", t.LongSize, "PyThreadState", "thread_id");
        c.Offset("Thread.NativeId", t.NativeId, "PyThreadState", "native_thread_id");
        c.Offset("Thread.DatastackChunk", t.DatastackChunk, "PyThreadState", "datastack_chunk");
        FrameLayout f = l.Frame;
        string frame = f.Model == FrameModel.FrameObjects ? "PyFrameObject" : "_PyInterpreterFrame";
        c.Offset("Frame.Back", f.Back, frame, "f_back", "previous");
        c.Offset("Frame.Code", f.Code, frame, "f_code", "f_executable");
        c.Offset("Frame.Instr", f.Instr, frame, "f_lasti", "prev_instr", "instr_ptr");
        c.Offset("Frame.Owner", f.Owner, "_PyInterpreterFrame", "owner");
        CodeLayout k = l.Code;
        c.Offset("Code.Filename", k.Filename, "PyCodeObject", "co_filename");
        c.Offset("Code.Name", k.Name, "PyCodeObject", "co_name");
        c.Offset("Code.Qualname", k.Qualname, "PyCodeObject", "co_qualname");
        c.Offset("Code.LineTable", k.LineTable, "PyCodeObject", "co_lnotab", "co_linetable");
        c.Offset("Code.FirstLineno", k.FirstLineno, "PyCodeObject", "co_firstlineno");
        c.Offset("Code.FirstTraceable", k.FirstTraceable, "PyCodeObject", "_co_firsttraceable");
        c.Offset("Code.Adaptive", k.Adaptive, "PyCodeObject", "co_code_adaptive");
        StringLayout s = l.String;
        c.Offset("String.BytesData", s.BytesData, s.Py2Strings ? "PyStringObject" : "PyBytesObject", "ob_sval");
        if (!s.Py2Strings)
        {
            c.Size("String.AsciiSize", s.AsciiSize, "PyASCIIObject");
            c.Size("String.CompactSize", s.CompactSize, "PyCompactUnicodeObject");
            c.Offset("String.DataPointer", s.DataPointer, "PyUnicodeObject", "data");
        }
        if (f.OwnerSkipFrom > 0)
            c.Constant("Frame.OwnerSkipFrom", f.OwnerSkipFrom, "FRAME_OWNED_BY_CSTACK");
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

    private void Width(string what, int ours, string type, string member)
    {
        if (!_headers.TryGetOffset(type, member, out _, out int size))
        {
            Mismatches.Add($"{what}: the headers have no {type}.{member}");
            return;
        }
        Compared++;
        if (size != ours)
            Mismatches.Add($"{what} (sizeof {type}.{member}): ours {ours}, headers {size}");
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
