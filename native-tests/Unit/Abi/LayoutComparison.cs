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
        c.Offset("Runtime.GcCollecting", r.GcCollecting, "_PyRuntimeState", "gc.collecting");
        InterpreterLayout i = l.Interpreter;
        c.Offset("Interpreter.Next", i.Next, "PyInterpreterState", "next");
        c.Offset("Interpreter.Id", i.Id, "PyInterpreterState", "id");
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
        c.Offset("Code.Tlbc", k.Tlbc, "PyCodeObject", "co_tlbc");
        c.Offset("Frame.TlbcIndex", f.TlbcIndex, "_PyInterpreterFrame", "tlbc_index");
        c.Offset("Object.Type", l.Object.Type, "PyObject", "ob_type");
        c.Offset("Object.TypeName", l.Object.TypeName, "PyTypeObject", "tp_name");
        StringLayout s = l.String;
        c.Offset("String.BytesData", s.BytesData, s.Py2Strings ? "PyStringObject" : "PyBytesObject", "ob_sval");
        if (!s.Py2Strings)
        {
            c.Size("String.AsciiSize", s.AsciiSize, "PyASCIIObject");
            c.Size("String.CompactSize", s.CompactSize, "PyCompactUnicodeObject");
            c.Offset("String.DataPointer", s.DataPointer, "PyUnicodeObject", "data");
            c.Offset("String.Length", s.Length, "PyASCIIObject", "length");
            c.Offset("String.State", s.State, "PyASCIIObject", "state");
            c.Offset("String.BytesSize", s.BytesSize, "PyVarObject", "ob_size");
        }
        if (f.OwnerSkipFrom > 0)
            c.Constant("Frame.OwnerSkipFrom", f.OwnerSkipFrom, headers.Constant("FRAME_OWNED_BY_INTERPRETER") is null ? "FRAME_OWNED_BY_CSTACK" : "FRAME_OWNED_BY_INTERPRETER");
        if (l.Asyncio is AsyncioLayout { Published: true } published)
            c.ComparePublishedAsyncio(published);
        else if (l.Asyncio is AsyncioLayout a)
            c.CompareAsyncio(a);
        return c;
    }

    /// <summary>
    /// 3.14+: what the task walker reads beside the _asyncio module's own table (which only the running interpreter
    /// has: the end-to-end tests read it): generators, frame states, the value stack, sets, ints, types, lists, tuples.
    /// </summary>
    private void ComparePublishedAsyncio(AsyncioLayout a)
    {
        Offset("Asyncio.GenFrameState", a.GenFrameState, "PyGenObject", "gi_frame_state");
        Offset("Asyncio.GenFrame", a.GenFrame, "PyGenObject", "gi_iframe");
        Constant("Asyncio.FrameCreated", a.FrameCreated, "FRAME_CREATED");
        Constant("Asyncio.FrameExecuting", a.FrameExecuting, "FRAME_EXECUTING");
        Constant("Asyncio.FrameSuspendedYieldFrom", a.FrameSuspendedYieldFrom, "FRAME_SUSPENDED_YIELD_FROM");
        // The first state of a done frame: FRAME_COMPLETED while there is one (3.14), else FRAME_CLEARED.
        Constant("Asyncio.FrameCompleted", a.FrameCompleted, _headers.Constant("FRAME_COMPLETED") is null ? "FRAME_CLEARED" : "FRAME_COMPLETED");
        if (a.FrameSuspendedYieldFromLocked != int.MinValue)
            Constant("Asyncio.FrameSuspendedYieldFromLocked", a.FrameSuspendedYieldFromLocked, "FRAME_SUSPENDED_YIELD_FROM_LOCKED");
        else if (_headers.Constant("FRAME_SUSPENDED_YIELD_FROM_LOCKED") is long locked)
            Mismatches.Add($"Asyncio.FrameSuspendedYieldFromLocked: the headers have FRAME_SUSPENDED_YIELD_FROM_LOCKED ({locked}), austin does not read it");
        Offset("Asyncio.FrameStackPointer", a.FrameStackPointer, "_PyInterpreterFrame", "stackpointer");
        Offset("Asyncio.ObjectType", a.ObjectType, "PyObject", "ob_type");
        Offset("Asyncio.TypeName", a.TypeName, "PyTypeObject", "tp_name");
        Offset("Asyncio.TypeBasicSize", a.TypeBasicSize, "PyTypeObject", "tp_basicsize");
        Offset("Asyncio.TypeFlags", a.TypeFlags, "PyTypeObject", "tp_flags");
        Offset("Asyncio.TypeBase", a.TypeBase, "PyTypeObject", "tp_base");
        Offset("Asyncio.TypeDictOffset", a.TypeDictOffset, "PyTypeObject", "tp_dictoffset");
        Offset("Asyncio.SetMask", a.SetMask, "PySetObject", "mask");
        Offset("Asyncio.SetTable", a.SetTable, "PySetObject", "table");
        Size("Asyncio.SetEntrySize", a.SetEntrySize, "setentry");
        Offset("Asyncio.ListSize", a.ListSize, "PyVarObject", "ob_size");
        Offset("Asyncio.ListItems", a.ListItems, "PyListObject", "ob_item");
        Offset("Asyncio.TupleItems", a.TupleItems, "PyTupleObject", "ob_item");
        Offset("Asyncio.LongTag", a.LongTag, "PyLongObject", "long_value.lv_tag");
        Offset("Asyncio.LongDigits", a.LongDigits, "PyLongObject", "long_value.ob_digit");
        if (a.HasModuleTable)
        {
            Offset("Asyncio.ThreadStateLoop", a.ThreadStateLoop, "_PyThreadStateImpl", "asyncio_running_loop");
            Offset("Asyncio.ThreadStateTasksHead", a.ThreadStateTasksHead, "_PyThreadStateImpl", "asyncio_tasks_head");
            Offset("Asyncio.InterpreterTasksHead", a.InterpreterTasksHead, "PyInterpreterState", "asyncio_tasks_head");
        }
    }

    private void CompareAsyncio(AsyncioLayout a)
    {
        Offset("Asyncio.ThreadDict", a.ThreadDict, "PyThreadState", "dict");
        RuntimeOffset("Asyncio.HolderLoop", a.HolderLoop, "PyRunningLoopHolder", "rl_loop");
        Offset("Asyncio.ThreadStateLoop", a.ThreadStateLoop, "_PyThreadStateImpl", "asyncio_running_loop");
        RuntimeOffset("Asyncio.TaskLoop", a.TaskLoop, "TaskObj", "task_loop");
        RuntimeOffset("Asyncio.TaskCallback0", a.TaskCallback0, "TaskObj", "task_callback0");
        RuntimeOffset("Asyncio.TaskCallbacks", a.TaskCallbacks, "TaskObj", "task_callbacks");
        RuntimeOffset("Asyncio.TaskState", a.TaskState, "TaskObj", "task_state");
        RuntimeOffset("Asyncio.TaskFutWaiter", a.TaskFutWaiter, "TaskObj", "task_fut_waiter");
        RuntimeOffset("Asyncio.TaskCoro", a.TaskCoro, "TaskObj", "task_coro");
        RuntimeOffset("Asyncio.TaskName", a.TaskName, "TaskObj", "task_name");
        if (_headers.Has("TaskObj")) Size("Asyncio.TaskSize", a.TaskSize, "TaskObj");
        Offset("Asyncio.GenFrameState", a.GenFrameState, "PyGenObject", "gi_frame_state");
        Offset("Asyncio.GenFrame", a.GenFrame, "PyGenObject", "gi_iframe");
        Constant("Asyncio.FrameCreated", a.FrameCreated, "FRAME_CREATED");
        Constant("Asyncio.FrameExecuting", a.FrameExecuting, "FRAME_EXECUTING");
        Constant("Asyncio.FrameCompleted", a.FrameCompleted, "FRAME_COMPLETED");
        if (a.FrameSuspendedYieldFrom != int.MinValue)
            Constant("Asyncio.FrameSuspendedYieldFrom", a.FrameSuspendedYieldFrom, "FRAME_SUSPENDED_YIELD_FROM");
        else if (_headers.Constant("FRAME_SUSPENDED_YIELD_FROM") is long yieldFrom)
            Mismatches.Add($"Asyncio.FrameSuspendedYieldFrom: the headers have FRAME_SUSPENDED_YIELD_FROM ({yieldFrom}), austin does not read it");
        Offset("Asyncio.FrameStackTop", a.FrameStackTop, "_PyInterpreterFrame", "stacktop");
        Offset("Asyncio.FrameLocalsPlus", a.FrameLocalsPlus, "_PyInterpreterFrame", "localsplus");
        if (a.Resume >= 0)
        {
            Constant("Asyncio.Resume", a.Resume, "RESUME");
            Constant("Asyncio.ResumeOther", a.ResumeOther, _headers.Constant("RESUME_QUICK") is null ? "INSTRUMENTED_RESUME" : "RESUME_QUICK");
        }
        Offset("Asyncio.TypeBasicSize", a.TypeBasicSize, "PyTypeObject", "tp_basicsize");
        Offset("Asyncio.TypeFlags", a.TypeFlags, "PyTypeObject", "tp_flags");
        Offset("Asyncio.TypeBase", a.TypeBase, "PyTypeObject", "tp_base");
        Offset("Asyncio.TypeDictOffset", a.TypeDictOffset, "PyTypeObject", "tp_dictoffset");
        Offset("Asyncio.HeapTypeCachedKeys", a.HeapTypeCachedKeys, "PyHeapTypeObject", "ht_cached_keys");
        Constant("Asyncio.FlagManagedDict", (long)a.FlagManagedDict, "Py_TPFLAGS_MANAGED_DICT");
        if (a.FlagInlineValues != 0)
            Constant("Asyncio.FlagInlineValues", (long)a.FlagInlineValues, "Py_TPFLAGS_INLINE_VALUES");
        if (_headers.Constant("MANAGED_DICT_OFFSET") is not null)
            Constant("Asyncio.ManagedDictOffset", a.ManagedDictOffset, "MANAGED_DICT_OFFSET");
        Offset("Asyncio.DictKeys", a.DictKeys, "PyDictObject", "ma_keys");
        Offset("Asyncio.DictValues", a.DictValues, "PyDictObject", "ma_values");
        Offset("Asyncio.KeysLog2IndexBytes", a.KeysLog2IndexBytes, "PyDictKeysObject", "dk_log2_index_bytes");
        Offset("Asyncio.KeysKind", a.KeysKind, "PyDictKeysObject", "dk_kind");
        Offset("Asyncio.KeysEntries", a.KeysEntries, "PyDictKeysObject", "dk_nentries");
        Size("Asyncio.KeysSize", a.KeysSize, "PyDictKeysObject");
        Offset("Asyncio.ValuesArray", a.ValuesArray, "PyDictValues", "values");
        Offset("Asyncio.ValuesValid", a.ValuesValid, "PyDictValues", "valid");
        Offset("Asyncio.ModuleDict", a.ModuleDict, "PyModuleObject", "md_dict");
        Offset("Asyncio.SetMask", a.SetMask, "PySetObject", "mask");
        Offset("Asyncio.SetTable", a.SetTable, "PySetObject", "table");
        Size("Asyncio.SetEntrySize", a.SetEntrySize, "setentry");
        Offset("Asyncio.ListSize", a.ListSize, "PyVarObject", "ob_size");
        Offset("Asyncio.ListItems", a.ListItems, "PyListObject", "ob_item");
        Offset("Asyncio.TupleItems", a.TupleItems, "PyTupleObject", "ob_item");
        Offset("Asyncio.WeakRefObject", a.WeakRefObject, "PyWeakReference", "wr_object");
        Offset("Asyncio.MethodSelf", a.MethodSelf, "PyMethodObject", "im_self");
        Offset("Asyncio.LongTag", a.LongTag, "PyLongObject", "long_value.lv_tag");
        Offset("Asyncio.LongDigits", a.LongDigits, "PyLongObject", "long_value.ob_digit");
    }

    /// <summary>
    /// A struct of a module's own source (_asynciomodule.c's TaskObj, PyRunningLoopHolder), which no header declares:
    /// compared where the probe measured it in the running interpreter (asyncio_probe.py), not where only headers are
    /// compiled (the Windows probe under Wine).
    /// </summary>
    private void RuntimeOffset(string what, int ours, string type, string member)
    {
        if (_headers.Has(type))
            Offset(what, ours, type, member);
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

    private void Constant(string what, long ours, string name)
    {
        long? value = _headers.Constant(name);
        Compared++;
        if (value != ours)
            Mismatches.Add($"{what} ({name}): ours {ours}, headers {(value is null ? "none" : value)}");
    }
}
