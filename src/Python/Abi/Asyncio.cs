// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Python.Abi;

// What asyncio's task stacks are made of, 3.11-3.13 release builds: generators and coroutines (Include/cpython/
// genobject.h), whose frame lives inside the object; the C Task of the _asyncio module (Modules/_asynciomodule.c,
// private to the module: no header has it, so native-tests measures it in the running interpreter); and where each
// thread keeps the event loop it runs.

/// <summary>_PyErr_StackItem from 3.11 (Include/cpython/pystate.h): the exception being handled.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _PyErr_StackItem311
{
    public ulong exc_value;
    public ulong previous_item;
}

/// <summary>
/// PyGenObject, 3.11 (_PyGenObject_HEAD): also the head of a coroutine (PyCoroObject, cr_ prefix). gi_frame_state
/// says whether its frame runs, is suspended or is done; the frame itself (a _PyInterpreterFrame) is gi_iframe.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyGenObject311
{
    public PyObject ob_base;
    public ulong gi_code;
    public ulong gi_weakreflist;
    public ulong gi_name;
    public ulong gi_qualname;
    public _PyErr_StackItem311 gi_exc_state;
    public ulong gi_origin_or_finalizer;
    public byte gi_hooks_inited;
    public byte gi_closed;
    public byte gi_running_async;
    public sbyte gi_frame_state;
    public ulong gi_iframe;
}

/// <summary>PyGenObject, 3.12-3.13: gi_code is gone (the frame's code is the generator's).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyGenObject312
{
    public PyObject ob_base;
    public ulong gi_weakreflist;
    public ulong gi_name;
    public ulong gi_qualname;
    public _PyErr_StackItem311 gi_exc_state;
    public ulong gi_origin_or_finalizer;
    public byte gi_hooks_inited;
    public byte gi_closed;
    public byte gi_running_async;
    public sbyte gi_frame_state;
    public ulong gi_iframe;
}

/// <summary>
/// The C Task of _asyncio, 3.11-3.12 (TaskObj, FutureObj_HEAD(task) and its own members): the loop it runs on, its
/// done-callbacks (the first in callback0, the others in a list of (callback, context) tuples), its state, the future
/// it waits for, its coroutine and its name.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TaskObj311
{
    public PyObject ob_base;
    public ulong task_loop;
    public ulong task_callback0;
    public ulong task_context0;
    public ulong task_callbacks;
    public ulong task_exception;
    public ulong task_exception_tb;
    public ulong task_result;
    public ulong task_source_tb;
    public ulong task_cancel_msg;
    public int task_state;
    public int task_log_tb;
    public int task_blocking;
    public ulong dict;
    public ulong task_weakreflist;
    public ulong task_cancelled_exc;
    public ulong task_fut_waiter;
    public ulong task_coro;
    public ulong task_name;
    public ulong task_context;
    public int task_must_cancel;
    public int task_log_destroy_pending;
    public int task_num_cancels_requested;
}

/// <summary>
/// The C Task of _asyncio, 3.13: the dict and the weak references are managed by the interpreter, the flags are
/// bit-fields of one word (log_tb, blocking, must_cancel, log_destroy_pending), and the task's own members follow.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TaskObj313
{
    public PyObject ob_base;
    public ulong task_loop;
    public ulong task_callback0;
    public ulong task_context0;
    public ulong task_callbacks;
    public ulong task_exception;
    public ulong task_exception_tb;
    public ulong task_result;
    public ulong task_source_tb;
    public ulong task_cancel_msg;
    public ulong task_cancelled_exc;
    public int task_state;
    public uint task_bits;
    public int task_num_cancels_requested;
    public ulong task_fut_waiter;
    public ulong task_coro;
    public ulong task_name;
    public ulong task_context;
}

/// <summary>
/// What 3.11's _asyncio keeps under "__asyncio_running_event_loop__" in a thread's dict (PyRunningLoopHolder,
/// Modules/_asynciomodule.c): the loop the thread runs. 3.12 keeps the loop itself there.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyRunningLoopHolder311
{
    public PyObject ob_base;
    public ulong rl_loop;
}

/// <summary>
/// _PyThreadStateImpl, 3.13 release builds (Include/internal/pycore_tstate.h): what every thread state really is; the
/// event loop the thread runs follows the public part.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct _PyThreadStateImpl313<TLong> where TLong : unmanaged
{
    public PyThreadState313<TLong> @base;
    public ulong asyncio_running_loop;
}
