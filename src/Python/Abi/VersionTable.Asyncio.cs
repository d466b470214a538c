// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.CompilerServices;

namespace Austin.Python.Abi;

/// <summary>The asyncio part of the version table: one layout per version that austin reads the tasks of.</summary>
internal static unsafe partial class VersionTable<TLong, TLongDouble, TMutex, TCond>
{
    // Include/object.h, 3.11+.
    private const ulong Py_TPFLAGS_MANAGED_DICT = 1 << 4;
    private const ulong Py_TPFLAGS_INLINE_VALUES = 1 << 2;
    // MANAGED_DICT_OFFSET (Include/internal/pycore_object.h): three words before the object in every version that has it.
    private const int ManagedDictOffset = -3 * 8;

    /// <summary>
    /// 3.11: the running loop in a holder in the thread's dict; a managed dict's values 4 words before the object
    /// (_PyObject_ValuesPointer); RESUME 151, RESUME_QUICK 150 (Include/opcode.h); frame states of Include/internal/
    /// pycore_frame.h.
    /// </summary>
    private static AsyncioLayout Asyncio311
    {
        get
        {
            var t = default(PyThreadState311<TLong>);
            var h = default(PyRunningLoopHolder311);
            var g = default(PyGenObject311);
            var f = default(_PyInterpreterFrame311);
            var ht = default(PyHeapTypeObject311<TLong>);
            return Containers(Tasks311(new AsyncioLayout
            {
                RunningLoop = RunningLoopModel.HolderInThreadDict, ThreadDict = Off(ref t, ref t.dict), HolderLoop = Off(ref h, ref h.rl_loop),
                TasksAttribute = "_all_tasks",
                TaskLoop = 0, TaskCallback0 = 0, TaskCallbacks = 0, TaskState = 0, TaskFutWaiter = 0, TaskCoro = 0, TaskName = 0, TaskSize = 0,
                GenFrameState = Off(ref g, ref g.gi_frame_state), GenFrame = Off(ref g, ref g.gi_iframe),
                FrameCreated = -2, FrameExecuting = 0, FrameCompleted = 1,
                FrameStackTop = Off(ref f, ref f.stacktop), FrameLocalsPlus = Off(ref f, ref f.localsplus),
                Resume = 151, ResumeOther = 150,
                TypeBasicSize = Off(ref ht, ref ht.ht_type.tp_basicsize), TypeFlags = Off(ref ht, ref ht.ht_type.tp_flags),
                TypeBase = Off(ref ht, ref ht.ht_type.tp_base), TypeDictOffset = Off(ref ht, ref ht.ht_type.tp_dictoffset),
                HeapTypeCachedKeys = Off(ref ht, ref ht.ht_cached_keys),
                FlagManagedDict = Py_TPFLAGS_MANAGED_DICT, ManagedDict = ManagedDictModel.ValuesOrDict311,
                ManagedDictOffset = ManagedDictOffset, ValuesPointerOffset = -4 * 8,
                DictKeys = 0, DictValues = 0, KeysLog2IndexBytes = 0, KeysKind = 0, KeysEntries = 0, KeysSize = 0, ValuesArray = 0,
                ModuleDict = 0, SetMask = 0, SetTable = 0, SetEntrySize = 0, ListSize = 0, ListItems = 0, TupleItems = 0, WeakRefObject = 0, MethodSelf = 0,
            }));
        }
    }

    /// <summary>3.12: the running loop itself in the thread's dict; a managed dict's word tagged (_PyDictOrValues); INSTRUMENTED_RESUME 240; task names may be ints.</summary>
    private static AsyncioLayout Asyncio312
    {
        get
        {
            var t = default(PyThreadState312<TLong>);
            var g = default(PyGenObject312);
            var f = default(_PyInterpreterFrame312);
            var ht = default(PyHeapTypeObject312<TLong>);
            return Longs312(Containers(Tasks311(new AsyncioLayout
            {
                RunningLoop = RunningLoopModel.InThreadDict, ThreadDict = Off(ref t, ref t.dict),
                TasksAttribute = "_scheduled_tasks",
                TaskLoop = 0, TaskCallback0 = 0, TaskCallbacks = 0, TaskState = 0, TaskFutWaiter = 0, TaskCoro = 0, TaskName = 0, TaskSize = 0,
                GenFrameState = Off(ref g, ref g.gi_frame_state), GenFrame = Off(ref g, ref g.gi_iframe),
                FrameCreated = -2, FrameExecuting = 0, FrameCompleted = 1,
                FrameStackTop = Off(ref f, ref f.stacktop), FrameLocalsPlus = Off(ref f, ref f.localsplus),
                Resume = 151, ResumeOther = 240,
                TypeBasicSize = Off(ref ht, ref ht.ht_type._311.tp_basicsize), TypeFlags = Off(ref ht, ref ht.ht_type._311.tp_flags),
                TypeBase = Off(ref ht, ref ht.ht_type._311.tp_base), TypeDictOffset = Off(ref ht, ref ht.ht_type._311.tp_dictoffset),
                HeapTypeCachedKeys = Off(ref ht, ref ht.ht_cached_keys),
                FlagManagedDict = Py_TPFLAGS_MANAGED_DICT, ManagedDict = ManagedDictModel.Tagged312, ManagedDictOffset = ManagedDictOffset,
                DictKeys = 0, DictValues = 0, KeysLog2IndexBytes = 0, KeysKind = 0, KeysEntries = 0, KeysSize = 0, ValuesArray = 0,
                ModuleDict = 0, SetMask = 0, SetTable = 0, SetEntrySize = 0, ListSize = 0, ListItems = 0, TupleItems = 0, WeakRefObject = 0, MethodSelf = 0,
            })));
        }
    }

    /// <summary>
    /// 3.13: the running loop in _PyThreadStateImpl; the frame state says when a frame awaits (FRAME_SUSPENDED_YIELD_FROM);
    /// a managed dict's values inline after the object header (Py_TPFLAGS_INLINE_VALUES).
    /// </summary>
    private static AsyncioLayout Asyncio313
    {
        get
        {
            var i = default(_PyThreadStateImpl313<TLong>);
            var task = default(TaskObj313);
            var g = default(PyGenObject312);
            var f = default(_PyInterpreterFrame313);
            var ht = default(PyHeapTypeObject313<TLong>);
            var v = default(PyDictValues313);
            return Longs312(Containers(new AsyncioLayout
            {
                RunningLoop = RunningLoopModel.InThreadState, ThreadStateLoop = Off(ref i, ref i.asyncio_running_loop),
                TasksAttribute = "_scheduled_tasks",
                TaskLoop = Off(ref task, ref task.task_loop), TaskCallback0 = Off(ref task, ref task.task_callback0),
                TaskCallbacks = Off(ref task, ref task.task_callbacks), TaskState = Off(ref task, ref task.task_state),
                TaskFutWaiter = Off(ref task, ref task.task_fut_waiter), TaskCoro = Off(ref task, ref task.task_coro),
                TaskName = Off(ref task, ref task.task_name), TaskSize = Unsafe.SizeOf<TaskObj313>(),
                GenFrameState = Off(ref g, ref g.gi_frame_state), GenFrame = Off(ref g, ref g.gi_iframe),
                FrameCreated = -3, FrameExecuting = 0, FrameCompleted = 1, FrameSuspendedYieldFrom = -1,
                FrameStackTop = Off(ref f, ref f.stacktop), FrameLocalsPlus = Off(ref f, ref f.localsplus),
                TypeBasicSize = Off(ref ht, ref ht.ht_type._311.tp_basicsize), TypeFlags = Off(ref ht, ref ht.ht_type._311.tp_flags),
                TypeBase = Off(ref ht, ref ht.ht_type._311.tp_base), TypeDictOffset = Off(ref ht, ref ht.ht_type._311.tp_dictoffset),
                HeapTypeCachedKeys = Off(ref ht, ref ht.ht_cached_keys),
                FlagManagedDict = Py_TPFLAGS_MANAGED_DICT, FlagInlineValues = Py_TPFLAGS_INLINE_VALUES,
                ManagedDict = ManagedDictModel.Inline313, ManagedDictOffset = ManagedDictOffset,
                DictKeys = 0, DictValues = 0, KeysLog2IndexBytes = 0, KeysKind = 0, KeysEntries = 0, KeysSize = 0,
                ValuesArray = Off(ref v, ref v.values), ValuesValid = Off(ref v, ref v.valid),
                ModuleDict = 0, SetMask = 0, SetTable = 0, SetEntrySize = 0, ListSize = 0, ListItems = 0, TupleItems = 0, WeakRefObject = 0, MethodSelf = 0,
            }));
        }
    }

    /// <summary>
    /// 3.14: the tasks where the _asyncio module says (<see cref="AsyncioLayout.WithModuleTable"/>); generators, frames,
    /// sets, ints and the object header where the target's _Py_DebugOffsets says (DebugOffsets.Apply); 3.13's types
    /// otherwise (their fields after the header have not moved) and frame states (Include/internal/pycore_frame.h).
    /// </summary>
    private static AsyncioLayout Asyncio314 => Asyncio313 with
    {
        // The running loop's offset, as the tasks', comes from the module's table.
        Published = true, RunningLoop = RunningLoopModel.InThreadState, ThreadStateLoop = -1,
        // Tagged stack references (Include/internal/pycore_stackref.h: Py_TAG_BITS is 1 in 3.14, 3 in 3.15).
        StackRefTagBits = 3,
    };

    /// <summary>
    /// 3.15: 3.14's, with frame states renumbered from 0 (FRAME_CREATED) to 5 (FRAME_CLEARED, the only state of a done
    /// frame), and what a frame awaits second from the top of its stack (Objects/genobject.c: _PyFrame_StackPeek(frame, 2)).
    /// </summary>
    private static AsyncioLayout Asyncio315 => Asyncio314 with
    {
        AwaitedDepth = 2,
        FrameCreated = 0, FrameSuspendedYieldFrom = 2, FrameSuspendedYieldFromLocked = 3, FrameExecuting = 4, FrameCompleted = 5,
    };

    /// <summary>The C Task of 3.11 and 3.12 (the same struct).</summary>
    private static AsyncioLayout Tasks311(AsyncioLayout a)
    {
        var task = default(TaskObj311);
        return a with
        {
            TaskLoop = Off(ref task, ref task.task_loop), TaskCallback0 = Off(ref task, ref task.task_callback0),
            TaskCallbacks = Off(ref task, ref task.task_callbacks), TaskState = Off(ref task, ref task.task_state),
            TaskFutWaiter = Off(ref task, ref task.task_fut_waiter), TaskCoro = Off(ref task, ref task.task_coro),
            TaskName = Off(ref task, ref task.task_name), TaskSize = Unsafe.SizeOf<TaskObj311>(),
        };
    }

    /// <summary>Dicts, modules, sets, lists, tuples, weak references and bound methods: the same from 3.11 to 3.13 (but PyDictValues).</summary>
    private static AsyncioLayout Containers(AsyncioLayout a)
    {
        var d = default(PyDictObject311);
        var k = default(PyDictKeysObject311);
        var v = default(PyDictValues311);
        var m = default(PyModuleObject311);
        var s = default(PySetObject311);
        var l = default(PyListObject311);
        var t = default(PyTupleObject311);
        var w = default(PyWeakReference311);
        var me = default(PyMethodObject311);
        return a with
        {
            DictKeys = Off(ref d, ref d.ma_keys), DictValues = Off(ref d, ref d.ma_values),
            KeysLog2IndexBytes = Off(ref k, ref k.dk_log2_index_bytes), KeysKind = Off(ref k, ref k.dk_kind),
            KeysEntries = Off(ref k, ref k.dk_nentries), KeysSize = Unsafe.SizeOf<PyDictKeysObject311>(),
            ValuesArray = a.ValuesValid >= 0 ? a.ValuesArray : Off(ref v, ref v.values),
            ModuleDict = Off(ref m, ref m.md_dict), SetMask = Off(ref s, ref s.mask), SetTable = Off(ref s, ref s.table),
            SetEntrySize = Unsafe.SizeOf<setentry311>(), ListSize = Off(ref l, ref l.ob_base.ob_size), ListItems = Off(ref l, ref l.ob_item),
            TupleItems = Off(ref t, ref t.ob_item), WeakRefObject = Off(ref w, ref w.wr_object), MethodSelf = Off(ref me, ref me.im_self),
        };
    }

    /// <summary>3.12+ ints (task names until asked for).</summary>
    private static AsyncioLayout Longs312(AsyncioLayout a)
    {
        var n = default(PyLongObject312);
        return a with { LongTag = Off(ref n, ref n.long_value.lv_tag), LongDigits = Off(ref n, ref n.long_value.ob_digit) };
    }
}
