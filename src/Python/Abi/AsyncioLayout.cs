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
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(AsyncioLayout);

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

    // ---- 3.14+: what the _asyncio module publishes (_AsyncioDebug, struct _Py_AsyncioModuleDebugOffsets) ----
    /// <summary>
    /// 3.14+: the tasks are read through the offsets the _asyncio module publishes, once it is loaded (see
    /// <see cref="WithModuleTable"/>): each pending task is a node of a list (the interpreter's, and each thread's), and
    /// the tasks that await it are in its awaited_by (one object, or a set).
    /// </summary>
    public bool Published { get; init; }
    /// <summary>Whether the module's table has been read into this layout (3.14+), so that the task fields below hold.</summary>
    public bool HasModuleTable { get; init; }
    /// <summary>TaskObj.task_node (a struct llist_node: next, then prev), task_awaited_by and task_awaited_by_is_set (3.14+).</summary>
    public int TaskNode { get; init; } = -1;
    public int TaskAwaitedBy { get; init; } = -1;
    public int TaskAwaitedByIsSet { get; init; } = -1;
    /// <summary>PyInterpreterState.asyncio_tasks_head (the tasks of threads that have ended) and _PyThreadStateImpl.asyncio_tasks_head (3.14+).</summary>
    public int InterpreterTasksHead { get; init; } = -1;
    public int ThreadStateTasksHead { get; init; } = -1;

    // ---- the object header (3.14+ free-threaded builds have a larger one) ----
    /// <summary>PyObject.ob_type; PyTypeObject.tp_name.</summary>
    public int ObjectType { get; init; } = 8;
    public int TypeName { get; init; } = 24;
    /// <summary>
    /// _PyInterpreterFrame.stackpointer (3.14+): a pointer past the top of the value stack, whose entries are tagged
    /// (_PyStackRef, the low bits <see cref="StackRefTagBits"/>); -1 before, where <see cref="FrameStackTop"/> is an index.
    /// </summary>
    public int FrameStackPointer { get; init; } = -1;
    public ulong StackRefTagBits { get; init; }
    /// <summary>How deep in the stack a frame in an await keeps what it awaits (3.14+: _PyFrame_StackPeek(frame, n) in Objects/genobject.c).</summary>
    public int AwaitedDepth { get; init; } = 1;
    /// <summary>FRAME_SUSPENDED_YIELD_FROM_LOCKED (3.15, a free-threaded build's reader holds the frame): also in an await.</summary>
    public int FrameSuspendedYieldFromLocked { get; init; } = int.MinValue;

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

    /// <summary>
    /// _Py_AsyncioModuleDebugOffsets (Modules/_asynciomodule.c of v3.14.7 and v3.15.0rc1, the same struct, private to
    /// the module): 13 words, each an offset or a size. asyncio_task_object: size, task_name, task_awaited_by,
    /// task_is_task, task_awaited_by_is_set, task_coro, task_node; asyncio_interpreter_state: size, asyncio_tasks_head;
    /// asyncio_thread_state: size, asyncio_running_loop, asyncio_running_task, asyncio_tasks_head.
    /// </summary>
    private enum ModuleWord
    {
        TaskSize, TaskName, TaskAwaitedBy, TaskIsTask, TaskAwaitedByIsSet, TaskCoro, TaskNode,
        InterpreterSize, InterpreterTasksHead,
        ThreadStateSize, ThreadStateRunningLoop, ThreadStateRunningTask, ThreadStateTasksHead,
        Count,
    }

    /// <summary>sizeof(_Py_AsyncioModuleDebugOffsets): what to read at the module's AsyncioDebug section.</summary>
    public static int ModuleTableSize => 8 * (int)ModuleWord.Count;

    /// <summary>
    /// This layout (3.14+, <see cref="Published"/>) completed with the _asyncio module's own table, or null with
    /// <paramref name="refusal"/> when the table cannot be used. The table leaves out the task's loop and state, which
    /// are derived from its neighbour awaited_by, as far away as in FutureObj_HEAD (loop, 9 more pointers, awaited_by,
    /// state, is_task): is_task's published offset checks that the head is still laid out so.
    /// </summary>
    public AsyncioLayout? WithModuleTable(System.ReadOnlySpan<byte> table, out string? refusal)
    {
        refusal = null;
        if (table.Length < ModuleTableSize)
        {
            refusal = "the _asyncio module's table is cut short";
            return null;
        }
        var words = new ulong[(int)ModuleWord.Count];   // once per process
        for (int i = 0; i < words.Length; i++) words[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(table[(8 * i)..]);
        ulong Word(ModuleWord w) => words[(int)w];
        var task = (size: Word(ModuleWord.TaskSize), task_name: Word(ModuleWord.TaskName), task_awaited_by: Word(ModuleWord.TaskAwaitedBy),
            task_is_task: Word(ModuleWord.TaskIsTask), task_awaited_by_is_set: Word(ModuleWord.TaskAwaitedByIsSet),
            task_coro: Word(ModuleWord.TaskCoro), task_node: Word(ModuleWord.TaskNode));
        ulong interpreterTasksHead = Word(ModuleWord.InterpreterTasksHead), runningLoop = Word(ModuleWord.ThreadStateRunningLoop),
            threadTasksHead = Word(ModuleWord.ThreadStateTasksHead);
        ulong size = task.size;
        if (size is 0 or > 1024 || task.task_name >= size || task.task_awaited_by >= size || task.task_is_task >= size
            || task.task_awaited_by_is_set >= size || task.task_coro >= size || task.task_node + 16 > size
            || task.task_awaited_by < (ulong)ObjectType + 8 + 80 || task.task_is_task != task.task_awaited_by + 12
            || interpreterTasksHead >= 1 << 20 || runningLoop >= 1 << 20 || threadTasksHead >= 1 << 20)
        {
            refusal = $"the _asyncio module publishes a task of {size} bytes austin cannot read (awaited_by at {task.task_awaited_by}, is_task at {task.task_is_task})";
            return null;
        }
        int awaitedBy = (int)task.task_awaited_by, loop = awaitedBy - 80;
        return this with
        {
            HasModuleTable = true,
            TaskSize = (int)size, TaskName = (int)task.task_name, TaskCoro = (int)task.task_coro, TaskNode = (int)task.task_node,
            TaskAwaitedBy = awaitedBy, TaskAwaitedByIsSet = (int)task.task_awaited_by_is_set,
            TaskLoop = loop, TaskCallback0 = loop + 8, TaskCallbacks = loop + 24, TaskState = awaitedBy + 8,
            TaskFutWaiter = (int)task.task_coro - 8,
            InterpreterTasksHead = (int)interpreterTasksHead, ThreadStateLoop = (int)runningLoop, ThreadStateTasksHead = (int)threadTasksHead,
        };
    }

    /// <summary>Why a field lies where austin cannot read it, or null.</summary>
    public string? Inconsistency() =>
        Published && !HasModuleTable ? null :
        TaskSize is > 0 and <= 1024 && TaskName < TaskSize && TaskCoro < TaskSize && TaskFutWaiter < TaskSize && TaskLoop < TaskSize
            && TaskCallbacks < TaskSize && TaskState < TaskSize
            ? null : $"a task of {TaskSize} bytes";
}
