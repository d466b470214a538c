// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Text;
using Austin.Platform;
using Austin.Python.Abi;
using Austin.Python.Model;
using Austin.Samples;

namespace Austin.Python.Walkers;

/// <summary>
/// The asyncio tasks of each interpreter (3.11+), each shown as a thread of its own: its name, the chain of
/// coroutines it is suspended in (its await chain, outermost first), and the task that awaits it. The running task
/// is not among them: its coroutines are on its thread's stack, where the thread walk shows them.
/// </summary>
/// <remarks>
/// Where things are, as asyncio itself finds them (Lib/asyncio/tasks.py, Modules/_asynciomodule.c):
/// <list type="bullet">
/// <item>every task scheduled on a loop is in the WeakSet asyncio.tasks._scheduled_tasks (3.11: _all_tasks), found
/// once through sys.modules; its set of weak references is read at every sample;</item>
/// <item>a thread's running loop is in its thread state's dict (3.11, in a holder; 3.12) or in the thread state
/// (3.13); a task shows under the thread that runs its loop, and not at all while no thread runs it;</item>
/// <item>a suspended coroutine awaits what is on top of its frame's value stack, when its frame says it is in an
/// await (FRAME_SUSPENDED_YIELD_FROM in 3.13; before, the RESUME after its yield has an argument of 2 or more,
/// Objects/genobject.c _PyGen_yf); the chain goes down through coroutines and generators;</item>
/// <item>a task's parent is the task whose fut_waiter is it; the task that awaits a gather() (a _GatheringFuture) is
/// the parent of its _children; a TaskGroup's _parent_task is the parent of the tasks that have the group's
/// _on_task_done among their done-callbacks.</item>
/// </list>
/// From 3.14 the _asyncio module publishes where its tasks are (<see cref="AsyncioLayout.WithModuleTable"/>, read once
/// the module is mapped): every pending task is a node of a linked list, the interpreter's (tasks of threads that
/// have ended) or the thread's that made it (only those of threads that run a loop are read); the running loop and the
/// value stack as 3.13's, the stack's entries tagged; a task's parent is the first pending task among those that
/// await it (task_awaited_by: one object, or a set), which asyncio fills for an await of a task, the children of a
/// gather() (the task that called it), a TaskGroup's tasks (its owner), and asyncio.wait() (the task that waits).
/// Tasks being created eagerly (3.12+ eager task factory: asyncio.tasks._eager_tasks) run on their thread's stack
/// and are not read. Everything is bounded (<see cref="MaxTasks"/>, the frames of a chain, the parents of a task).
/// </remarks>
internal sealed class TaskWalker
{
    public const int MaxTasks = Limits.Tasks;
    /// <summary>Samples between two looks for asyncio in an interpreter that has not imported it yet.</summary>
    private const int SearchEvery = 64;
    private const int MaxInterpreters = 64;
    private const int MaxCallbacks = 16;
    private const int MaxModels = 1 << 16;

    private static ReadOnlySpan<byte> RunningLoopKey => "__asyncio_running_event_loop__"u8;

    /// <summary>Samples between two looks for the _asyncio module's table (3.14+) at first; the gap doubles up to <see cref="MaxModuleSearchGap"/>.</summary>
    private const int FirstModuleSearchGap = 16;
    private const int MaxModuleSearchGap = 1024;

    private readonly IProcessMemory _memory;
    private readonly Layout _layout;
    // 3.14+: completed with the _asyncio module's table once it is found.
    private AsyncioLayout _a;
    private readonly Func<ulong>? _findModuleTable;
    private long _nextModuleSearch;
    private int _moduleSearchGap = FirstModuleSearchGap;
    private readonly RemoteObjects _objects;
    private readonly RemoteStrings _strings;
    private readonly FrameWalker _frames;
    private readonly byte[] _tasksAttribute;
    private readonly Frame[] _buffer = new Frame[WalkLimits.MaxFrames];
    private readonly byte[] _generator;

    private sealed class Found
    {
        public ulong TaskSet;
        public long NextSearch;
    }

    private readonly Dictionary<ulong, Found> _interpreters = new();
    private readonly Dictionary<(ulong Address, ulong Word2, ulong Word3), byte[]> _names = new();
    private readonly Dictionary<(ulong Task, ulong Name, int Parent), AsyncTask> _models = new();
    private readonly Dictionary<ulong, int> _index = new();
    // The frames on the stacks of the threads that run a loop: a coroutine whose frame is there runs.
    private readonly HashSet<ulong> _onStacks = new();
    private long _sample;

    // The loops that threads of the current interpreter run, and those threads.
    private ulong[] _loops = new ulong[8];
    private ulong[] _loopThreads = new ulong[8];
    // Their thread states (3.14+: each keeps the list of the tasks it made).
    private ulong[] _loopStates = new ulong[8];
    private int _loopCount;

    // Per interpreter and sample: the tasks, as read.
    private ulong[] _keys = new ulong[64];
    private ulong[] _tasks = new ulong[64];
    private byte[] _raw;
    private int[] _parent = new int[64];
    private AsyncTask?[] _sampleModels = new AsyncTask?[64];
    private readonly ulong[] _children = new ulong[256];

    /// <param name="codes">The thread walk's cache of code objects, shared.</param>
    /// <param name="findModuleTable">3.14+: where the _asyncio module's table is, or 0 while the module is not mapped (it allocates: called now and then).</param>
    public TaskWalker(IProcessMemory memory, Layout layout, AsyncioLayout asyncio, RemoteStrings strings, CodeCache codes, Func<ulong>? findModuleTable = null)
    {
        _memory = memory;
        _layout = layout;
        _a = asyncio;
        _findModuleTable = findModuleTable;
        _strings = strings;
        _objects = new RemoteObjects(memory, asyncio, layout.String);
        // A frame walker of its own: its slots hold the frames of coroutines, not those of the thread being walked.
        _frames = new FrameWalker(memory, layout, codes);
        _tasksAttribute = Encoding.ASCII.GetBytes(asyncio.TasksAttribute);
        _generator = new byte[asyncio.GenFrame + layout.Frame.Size];
        _raw = new byte[_keys.Length * Math.Max(asyncio.TaskSize, asyncio.WeakRefObject + 8)];
    }

    /// <summary>Call once per sample, before the first interpreter.</summary>
    public void BeginSample() => _sample++;

    /// <summary>Call before the threads of each interpreter.</summary>
    public void BeginInterpreter()
    {
        _loopCount = 0;
        _onStacks.Clear();
    }

    /// <summary>
    /// Notes the loop that the thread whose state was just read (<paramref name="tstate"/>, at <paramref name="thread"/>)
    /// runs, and the frames on its stack (<paramref name="frames"/>, their addresses): a task whose coroutine is among
    /// them runs, whatever its coroutine said when it was read (a moment apart), and is shown on the thread only.
    /// </summary>
    public void NoteThread(ulong thread, ReadOnlySpan<byte> tstate, ulong threadId, ReadOnlySpan<ulong> frames)
    {
        ulong loop = RunningLoop(thread, tstate);
        if (loop == 0) return;
        foreach (ulong frame in frames) _onStacks.Add(frame);
        if (_loopCount == _loops.Length)
        {
            if (_loopCount >= WalkLimits.MaxThreads) return;
            Array.Resize(ref _loops, _loopCount * 2);
            Array.Resize(ref _loopThreads, _loopCount * 2);
            Array.Resize(ref _loopStates, _loopCount * 2);
        }
        _loopStates[_loopCount] = thread;
        _loops[_loopCount] = loop;
        _loopThreads[_loopCount++] = threadId;
    }

    private ulong RunningLoop(ulong thread, ReadOnlySpan<byte> tstate)
    {
        ulong loop;
        if (_a.Published && !_a.HasModuleTable) return 0;
        if (_a.RunningLoop == RunningLoopModel.InThreadState)
            return _memory.TryReadPointer(thread + (ulong)_a.ThreadStateLoop, out loop) ? loop : 0;
        ulong dict = tstate.U64(_a.ThreadDict);
        if (dict == 0) return 0;
        ulong value = _objects.DictItem(dict, RunningLoopKey);
        if (value == 0 || _a.RunningLoop == RunningLoopModel.InThreadDict) return value;
        return _memory.TryReadPointer(value + (ulong)_a.HolderLoop, out loop) ? loop : 0;
    }

    private ulong ThreadOf(ulong loop)
    {
        for (int i = 0; i < _loopCount; i++)
            if (_loops[i] == loop) return _loopThreads[i];
        return 0;
    }

    /// <summary>Hands every suspended task of the interpreter at <paramref name="interp"/> to <paramref name="visitor"/>.</summary>
    public void Walk(ulong interp, long interpreterId, IThreadVisitor visitor)
    {
        // 3.14+: nothing is known of the tasks until the _asyncio module is (a program without asyncio never maps it).
        if (_a.Published && !_a.HasModuleTable)
        {
            LookForModuleTable();
            return;
        }
        // No thread runs a loop: no task can be shown (and a program without asyncio costs nothing more).
        if (_loopCount == 0) return;
        int n;
        if (_a.Published)
        {
            n = ReadListedTasks(interp);
            FindAwaiters(n);
        }
        else
        {
            ulong set = TaskSet(interp, out Found? found);
            if (set == 0) return;
            n = ReadTasks(set);
            if (n < 0)
            {
                found!.TaskSet = 0;   // the set is gone (or was never one): look again later
                return;
            }
            FindParents(n);
        }
        for (int i = 0; i < n; i++)
        {
            if (_parent[i] == -2) continue;   // not a pending task
            ReadOnlySpan<byte> task = _raw.AsSpan(i * _a.TaskSize, _a.TaskSize);
            ulong thread = ThreadOf(task.U64(_a.TaskLoop));
            if (thread == 0) continue;
            int frames = Chain(task.U64(_a.TaskCoro), out bool running);
            if (running || frames < 0) continue;
            int count = 0;
            if (frames > 0 && _frames.DecodeSlots(frames, _buffer, out count) != WalkResult.Ok) continue;
            AsyncTask? model = Model(i, 0);
            if (model is null) continue;
            visitor.OnThread(new WalkedThread(interpreterId, thread, 0, false, WalkResult.Ok, _buffer.AsSpan(0, count), task: model));
        }
    }

    /// <summary>
    /// 3.14+: looks for the _asyncio module's table now and then (at growing gaps: the look allocates), and reads it
    /// once found. A table austin cannot use leaves the tasks unread, as if asyncio were not imported.
    /// </summary>
    private void LookForModuleTable()
    {
        if (_findModuleTable is null || _sample < _nextModuleSearch) return;
        _nextModuleSearch = _sample + _moduleSearchGap;
        _moduleSearchGap = Math.Min(_moduleSearchGap * 2, MaxModuleSearchGap);
        ulong address = _findModuleTable();
        if (address == 0) return;
        Span<byte> table = stackalloc byte[AsyncioLayout.ModuleTableSize];
        if (!_memory.TryRead(address, table)) return;
        if (_a.WithModuleTable(table, out _) is not AsyncioLayout complete)
        {
            _nextModuleSearch = long.MaxValue;
            return;
        }
        _a = complete;
        _raw = new byte[_keys.Length * Math.Max(_a.TaskSize, _a.WeakRefObject + 8)];
    }

    /// <summary>
    /// 3.14+: reads the pending tasks of the interpreter's list and of the lists of the threads that run a loop, and
    /// their C structs (one read each: the next node is in the struct); returns how many.
    /// </summary>
    private int ReadListedTasks(ulong interp)
    {
        int n = ReadList(interp + (ulong)_a.InterpreterTasksHead, 0);
        for (int i = 0; i < _loopCount; i++)
            n = ReadList(_loopStates[i] + (ulong)_a.ThreadStateTasksHead, n);
        return n;
    }

    /// <summary>Appends the tasks of the list whose head is at <paramref name="head"/> to the <paramref name="n"/> read; returns how many now.</summary>
    private int ReadList(ulong head, int n)
    {
        if (!_memory.TryReadPointer(head, out ulong node)) return n;
        // A list that changes under the reads can lead anywhere: bounded by the number of tasks read in all.
        while (node != head && node != 0 && n < MaxTasks)
        {
            if (n == _keys.Length) Grow(Math.Min(_keys.Length * 4, MaxTasks));
            ulong task = node - (ulong)_a.TaskNode;
            Span<byte> raw = _raw.AsSpan(n * _a.TaskSize, _a.TaskSize);
            if (!_memory.TryRead(task, raw)) break;
            _tasks[n++] = task;
            node = raw.U64(_a.TaskNode);
        }
        return n;
    }

    /// <summary>
    /// 3.14+: marks what is not pending (-2), and gives every pending task the index of the first pending task among
    /// those that await it (its awaited_by: one object, or a set of them), or -1.
    /// </summary>
    private void FindAwaiters(int n)
    {
        _index.Clear();
        for (int i = 0; i < n; i++)
        {
            bool pending = _raw.AsSpan(i * _a.TaskSize, _a.TaskSize).I32(_a.TaskState) == 0;
            _parent[i] = pending ? -1 : -2;
            _sampleModels[i] = null;
            if (pending) _index[_tasks[i]] = i;
        }
        for (int i = 0; i < n; i++)
        {
            if (_parent[i] == -2) continue;
            ReadOnlySpan<byte> task = _raw.AsSpan(i * _a.TaskSize, _a.TaskSize);
            ulong awaitedBy = task.U64(_a.TaskAwaitedBy);
            if (awaitedBy == 0) continue;
            if (task[_a.TaskAwaitedByIsSet] == 0)
            {
                if (_index.TryGetValue(awaitedBy, out int only) && only != i) _parent[i] = only;
                continue;
            }
            int count = _objects.SetKeys(awaitedBy, _children);
            for (int k = 0; k < count; k++)
            {
                if (_index.TryGetValue(_children[k], out int parent) && parent != i)
                {
                    _parent[i] = parent;
                    break;
                }
            }
        }
    }

    /// <summary>
    /// Takes <paramref name="set"/> as the set of the tasks of the interpreter at <paramref name="interp"/>, as if it
    /// had been found through sys.modules: for tests that give the walker memory of their own making.
    /// </summary>
    internal void Know(ulong interp, ulong set)
    {
        TaskSet(interp, out Found? found);
        found!.TaskSet = set;
    }

    /// <summary>The set of weak references to the tasks of an interpreter, found once (looked for again now and then until asyncio is imported).</summary>
    private ulong TaskSet(ulong interp, out Found? found)
    {
        if (!_interpreters.TryGetValue(interp, out found))
        {
            if (_interpreters.Count >= MaxInterpreters) _interpreters.Clear();
            found = new Found();
            _interpreters[interp] = found;
        }
        if (found.TaskSet != 0 || _sample < found.NextSearch) return found.TaskSet;
        found.NextSearch = _sample + SearchEvery;
        if (!_memory.TryReadPointer(interp + (ulong)_layout.Interpreter.Modules, out ulong modules) || modules == 0) return 0;
        ulong module = _objects.DictItem(modules, "asyncio.tasks"u8);
        if (module == 0 || !_memory.TryReadPointer(module + (ulong)_a.ModuleDict, out ulong globals) || globals == 0) return 0;
        ulong weakSet = _objects.DictItem(globals, _tasksAttribute);
        ulong data = weakSet == 0 ? 0 : _objects.Attribute(weakSet, "data"u8);
        if (data == 0 || _objects.KindOf(data) != ObjectKind.Set) return 0;
        return found.TaskSet = data;
    }

    /// <summary>Reads the tasks the set refers to, and their C structs; returns how many, or -1 when the set cannot be read.</summary>
    private int ReadTasks(ulong set)
    {
        int n = _objects.SetKeys(set, _keys);
        if (n < 0) return -1;
        if (n == _keys.Length && _keys.Length < MaxTasks)
        {
            Grow(Math.Min(_keys.Length * 4, MaxTasks));
            n = _objects.SetKeys(set, _keys);
            if (n < 0) return -1;
        }
        // The weak references, then what they refer to: one batched read each.
        int refSize = _a.WeakRefObject + 8;
        Span<byte> refs = _raw.AsSpan(0, n * refSize);
        if (!_memory.TryReadMany(_keys.AsSpan(0, n), refSize, refs)) return ReadOneByOne(n);
        for (int i = 0; i < n; i++) _tasks[i] = refs.U64(i * refSize + _a.WeakRefObject);
        if (!_memory.TryReadMany(_tasks.AsSpan(0, n), _a.TaskSize, _raw.AsSpan(0, n * _a.TaskSize))) return ReadOneByOne(n);
        return n;
    }

    /// <summary>A task freed between two reads fails a batch: read the others on their own.</summary>
    private int ReadOneByOne(int n)
    {
        int kept = 0;
        for (int i = 0; i < n; i++)
        {
            if (!_memory.TryReadPointer(_keys[i] + (ulong)_a.WeakRefObject, out ulong task) || task == 0) continue;
            if (!_memory.TryRead(task, _raw.AsSpan(kept * _a.TaskSize, _a.TaskSize))) continue;
            _tasks[kept++] = task;
        }
        return kept;
    }

    private void Grow(int size)
    {
        Array.Resize(ref _keys, size);
        Array.Resize(ref _tasks, size);
        Array.Resize(ref _parent, size);
        Array.Resize(ref _sampleModels, size);
        Array.Resize(ref _raw, size * Math.Max(_a.TaskSize, _a.WeakRefObject + 8));
    }

    /// <summary>
    /// Marks what is not a pending task (-2), and gives every pending task the index of the task that awaits it, or -1.
    /// </summary>
    private void FindParents(int n)
    {
        _index.Clear();
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<byte> task = _raw.AsSpan(i * _a.TaskSize, _a.TaskSize);
            bool pending = _objects.TypeKind(task.U64(8)) == ObjectKind.Task && task.I32(_a.TaskState) == 0;
            _parent[i] = pending ? -1 : -2;
            _sampleModels[i] = null;
            if (pending) _index[_tasks[i]] = i;
        }
        for (int i = 0; i < n; i++)
        {
            if (_parent[i] == -2) continue;
            ulong waited = _raw.AsSpan(i * _a.TaskSize, _a.TaskSize).U64(_a.TaskFutWaiter);
            if (waited == 0) continue;
            if (_index.TryGetValue(waited, out int child))
            {
                _parent[child] = i;
                continue;
            }
            if (_objects.KindOf(waited) != ObjectKind.GatheringFuture) continue;
            ulong children = _objects.Attribute(waited, "_children"u8);
            int count = children == 0 ? 0 : _objects.Items(children, _children);
            for (int k = 0; k < count; k++)
                if (_index.TryGetValue(_children[k], out child)) _parent[child] = i;
        }
        for (int i = 0; i < n; i++)
            if (_parent[i] == -1) _parent[i] = TaskGroupOwner(i);
    }

    /// <summary>The index of the task that owns the TaskGroup of task <paramref name="i"/> (through its done-callbacks), or -1.</summary>
    private int TaskGroupOwner(int i)
    {
        ReadOnlySpan<byte> task = _raw.AsSpan(i * _a.TaskSize, _a.TaskSize);
        int owner = GroupOwnerOf(task.U64(_a.TaskCallback0));
        if (owner >= 0) return owner;
        ulong callbacks = task.U64(_a.TaskCallbacks);
        if (callbacks == 0) return -1;
        Span<ulong> entries = stackalloc ulong[MaxCallbacks];
        int count = _objects.Items(callbacks, entries);
        Span<ulong> pair = stackalloc ulong[2];
        for (int k = 0; k < count; k++)
        {
            // (callback, context) tuples.
            if (_objects.Items(entries[k], pair) < 1) continue;
            owner = GroupOwnerOf(pair[0]);
            if (owner >= 0) return owner;
        }
        return -1;
    }

    private int GroupOwnerOf(ulong callback)
    {
        if (callback == 0 || _objects.KindOf(callback) != ObjectKind.Method) return -1;
        if (!_memory.TryReadPointer(callback + (ulong)_a.MethodSelf, out ulong self) || _objects.KindOf(self) != ObjectKind.TaskGroup) return -1;
        ulong parent = _objects.Attribute(self, "_parent_task"u8);
        return parent != 0 && _index.TryGetValue(parent, out int owner) ? owner : -1;
    }

    /// <summary>
    /// Copies the frames of the coroutine chain from <paramref name="coro"/> down into the frame walker's slots,
    /// outermost first; returns how many, or -1 when it could not be read. <paramref name="running"/> when one of them
    /// runs now: the chain is then on a thread's stack.
    /// </summary>
    private int Chain(ulong coro, out bool running)
    {
        running = false;
        int n = 0;
        var guard = new LoopGuard();
        Span<byte> generator = _generator;
        while (coro != 0 && n < WalkLimits.MaxFrames && !guard.Loops(coro))
        {
            if (_objects.KindOf(coro) is not (ObjectKind.Coroutine or ObjectKind.Generator)) break;
            if (!_memory.TryRead(coro, generator)) return -1;
            int state = (sbyte)generator[_a.GenFrameState];
            if (state == _a.FrameExecuting || _onStacks.Contains(coro + (ulong)_a.GenFrame))
            {
                running = true;
                return n;
            }
            // Not started yet (no line to show), or done.
            if (state == _a.FrameCreated || state >= _a.FrameCompleted) break;
            ReadOnlySpan<byte> frame = generator.Slice(_a.GenFrame, _layout.Frame.Size);
            frame.CopyTo(_frames.Slot(n++));
            coro = Awaited(state, coro + (ulong)_a.GenFrame, frame);
        }
        return n;
    }

    /// <summary>What the suspended frame at <paramref name="address"/> awaits, or 0 when it is not in an await.</summary>
    private ulong Awaited(int state, ulong address, ReadOnlySpan<byte> frame)
    {
        if (_a.FrameStackPointer >= 0)
        {
            // 3.14+: a pointer past the top of the stack, whose entries are tagged.
            if (state != _a.FrameSuspendedYieldFrom && state != _a.FrameSuspendedYieldFromLocked) return 0;
            ulong pointer = frame.U64(_a.FrameStackPointer);
            ulong depth = 8 * (ulong)_a.AwaitedDepth;
            if (pointer < address + depth || pointer - address > 1 << 20) return 0;
            return _memory.TryReadPointer(pointer - depth, out ulong tagged) ? tagged & ~_a.StackRefTagBits : 0;
        }
        if (_a.FrameSuspendedYieldFrom != int.MinValue)
        {
            if (state != _a.FrameSuspendedYieldFrom) return 0;
        }
        else
        {
            Span<byte> next = stackalloc byte[2];
            if (!_memory.TryRead(frame.U64(_layout.Frame.Instr) + 2, next)) return 0;
            if ((next[0] != _a.Resume && next[0] != _a.ResumeOther) || next[1] < 2) return 0;
        }
        int top = frame.I32(_a.FrameStackTop);
        if (top < 1 || top > 1 << 16) return 0;
        return _memory.TryReadPointer(address + (ulong)(_a.FrameLocalsPlus + 8 * (top - 1)), out ulong awaited) ? awaited : 0;
    }

    /// <summary>The model of task <paramref name="i"/>: its name and its parent's model, the same object for as long as they stay.</summary>
    private AsyncTask? Model(int i, int depth)
    {
        if (_sampleModels[i] is AsyncTask known) return known;
        if (depth >= AsyncTask.MaxDepth) return null;
        ulong nameObject = _raw.AsSpan(i * _a.TaskSize, _a.TaskSize).U64(_a.TaskName);
        byte[]? name = Name(nameObject);
        if (name is null) return null;
        int parentIndex = _parent[i];
        AsyncTask? parent = parentIndex >= 0 && parentIndex != i ? Model(parentIndex, depth + 1) : null;
        var key = (_tasks[i], nameObject, parent?.Id ?? 0);
        if (!_models.TryGetValue(key, out AsyncTask? model))
        {
            if (_models.Count >= MaxModels) _models.Clear();
            model = new AsyncTask(name, parent);
            _models[key] = model;
        }
        return _sampleModels[i] = model;
    }

    /// <summary>
    /// A task's name: a str, or (3.12+, until get_name() is called) the int N of "Task-N". Kept by address and by the
    /// two words after the object header (a str's length and hash, an int's tag and digits), so that another name
    /// made where a freed one was is read again.
    /// </summary>
    private byte[]? Name(ulong address)
    {
        // The two words after ob_type (a free-threaded build's header is larger, and its reference counts change).
        Span<byte> head = stackalloc byte[_a.ObjectType + 24];
        if (address == 0 || !_memory.TryRead(address, head)) return null;
        var key = (address, head.U64(_a.ObjectType + 8), head.U64(_a.ObjectType + 16));
        if (_names.TryGetValue(key, out byte[]? name)) return name;
        name = _objects.KindOf(address) switch
        {
            ObjectKind.Str => _strings.ReadUtf8(address),
            ObjectKind.Int when _objects.SmallInt(address) is >= 0 and long number => Encoding.ASCII.GetBytes($"Task-{number}"),
            _ => null,
        };
        if (name is null) return null;
        if (_names.Count >= MaxModels) _names.Clear();
        return _names[key] = name;
    }
}
