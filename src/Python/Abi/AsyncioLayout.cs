// SPDX-License-Identifier: GPL-3.0-or-later
namespace Austin.Python.Abi;

/// <summary>Where a thread keeps the event loop it runs (asyncio.get_running_loop()).</summary>
internal enum RunningLoopModel
{
    /// <summary>3.11: a PyRunningLoopHolder under "__asyncio_running_event_loop__" in the thread state's dict.</summary>
    HolderInThreadDict,
    /// <summary>3.12: the loop itself under that key.</summary>
    InThreadDict,
    /// <summary>3.13: _PyThreadStateImpl.asyncio_running_loop.</summary>
    InThreadState,
}

/// <summary>Where an instance of a type with Py_TPFLAGS_MANAGED_DICT keeps its attributes.</summary>
internal enum ManagedDictModel
{
    /// <summary>3.11: a values pointer (split with the type's cached keys) 4 words before the object, a dict 3 before.</summary>
    ValuesOrDict311,
    /// <summary>3.12: one word 3 before the object, a dict or (low bit set) values.</summary>
    Tagged312,
    /// <summary>3.13: values inline after the object header while valid (Py_TPFLAGS_INLINE_VALUES), else a dict 3 words before.</summary>
    Inline313,
}

/// <summary>
/// Every offset the asyncio task walker reads in one version (3.11-3.13), from the ABI structs of this folder (the
/// C Task from measurements of the running interpreters: the _asyncio module keeps it private). Absent fields are -1.
/// </summary>
internal sealed record AsyncioLayout
{
    // ---- the event loop of a thread, and the set of the tasks ----
    public required RunningLoopModel RunningLoop { get; init; }
    /// <summary>PyThreadState.dict (3.11-3.12).</summary>
    public int ThreadDict { get; init; } = -1;
    /// <summary>PyRunningLoopHolder.rl_loop (3.11).</summary>
    public int HolderLoop { get; init; } = -1;
    /// <summary>_PyThreadStateImpl.asyncio_running_loop (3.13).</summary>
    public int ThreadStateLoop { get; init; } = -1;
    /// <summary>The WeakSet of asyncio.tasks that holds every task scheduled on a loop: _all_tasks (3.11), _scheduled_tasks (3.12+).</summary>
    public required string TasksAttribute { get; init; }

    // ---- the C Task ----
    public required int TaskLoop { get; init; }
    public required int TaskCallback0 { get; init; }
    public required int TaskCallbacks { get; init; }
    /// <summary>fut_state: 0 while pending.</summary>
    public required int TaskState { get; init; }
    public required int TaskFutWaiter { get; init; }
    public required int TaskCoro { get; init; }
    public required int TaskName { get; init; }
    public required int TaskSize { get; init; }

    // ---- generators and coroutines ----
    public required int GenFrameState { get; init; }
    /// <summary>gi_iframe: the frame inside the object.</summary>
    public required int GenFrame { get; init; }
    /// <summary>FRAME_CREATED: not started yet.</summary>
    public required int FrameCreated { get; init; }
    /// <summary>FRAME_EXECUTING: on a thread's stack now.</summary>
    public required int FrameExecuting { get; init; }
    /// <summary>FRAME_COMPLETED: this state and above are done.</summary>
    public required int FrameCompleted { get; init; }
    /// <summary>FRAME_SUSPENDED_YIELD_FROM (3.13): suspended in an await, what it awaits on top of its stack; absent before.</summary>
    public int FrameSuspendedYieldFrom { get; init; } = int.MinValue;
    /// <summary>_PyInterpreterFrame.stacktop and localsplus: the top of the value stack is localsplus[stacktop - 1].</summary>
    public required int FrameStackTop { get; init; }
    public required int FrameLocalsPlus { get; init; }
    /// <summary>
    /// 3.11-3.12: RESUME and its other form (RESUME_QUICK, INSTRUMENTED_RESUME): a suspended frame whose next instruction
    /// is one of them with an argument of 2 or more is in an await (Objects/genobject.c, _PyGen_yf). -1 from 3.13.
    /// </summary>
    public int Resume { get; init; } = -1;
    public int ResumeOther { get; init; } = -1;

    // ---- types and the attributes of instances ----
    public required int TypeBasicSize { get; init; }
    public required int TypeFlags { get; init; }
    public required int TypeBase { get; init; }
    public required int TypeDictOffset { get; init; }
    /// <summary>PyHeapTypeObject.ht_cached_keys, and how much of a type object is read to reach it.</summary>
    public required int HeapTypeCachedKeys { get; init; }
    public int TypeSize => HeapTypeCachedKeys + 8;
    public required ulong FlagManagedDict { get; init; }
    /// <summary>Py_TPFLAGS_INLINE_VALUES (3.13), else 0.</summary>
    public ulong FlagInlineValues { get; init; }
    public required ManagedDictModel ManagedDict { get; init; }
    /// <summary>Where the dict (or the tagged word, 3.12) lies before an instance: MANAGED_DICT_OFFSET.</summary>
    public required int ManagedDictOffset { get; init; }
    /// <summary>3.11: where the values pointer lies before an instance.</summary>
    public int ValuesPointerOffset { get; init; }

    public required int DictKeys { get; init; }
    public required int DictValues { get; init; }
    public required int KeysLog2IndexBytes { get; init; }
    public required int KeysKind { get; init; }
    public required int KeysEntries { get; init; }
    /// <summary>sizeof(PyDictKeysObject): where the indices start.</summary>
    public required int KeysSize { get; init; }
    /// <summary>Where the values start in a PyDictValues, and its valid flag (3.13; -1 before).</summary>
    public required int ValuesArray { get; init; }
    public int ValuesValid { get; init; } = -1;

    public required int ModuleDict { get; init; }
    public required int SetMask { get; init; }
    public required int SetTable { get; init; }
    public required int SetEntrySize { get; init; }
    public required int ListSize { get; init; }
    public required int ListItems { get; init; }
    public required int TupleItems { get; init; }
    public required int WeakRefObject { get; init; }
    public required int MethodSelf { get; init; }
    /// <summary>PyLongObject's lv_tag and first digit (3.12+: task names are ints until asked for); -1 when names are always str.</summary>
    public int LongTag { get; init; } = -1;
    public int LongDigits { get; init; } = -1;

    /// <summary>Why a field lies where austin cannot read it, or null.</summary>
    public string? Inconsistency() =>
        TaskSize is > 0 and <= 1024 && TaskName < TaskSize && TaskCoro < TaskSize && TaskFutWaiter < TaskSize && TaskLoop < TaskSize
            && TaskCallbacks < TaskSize && TaskState < TaskSize
            ? null : $"a task of {TaskSize} bytes";
}
