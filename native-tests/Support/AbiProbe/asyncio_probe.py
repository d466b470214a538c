# SPDX-License-Identifier: GPL-3.0-or-later
"""Measures, in a running CPython 3.11+, the structs of the _asyncio module that no header has.

Modules/_asynciomodule.c keeps its Task (TaskObj) and, in 3.11, the holder of a
thread's running loop (PyRunningLoopHolder) to itself, so abi_probe.c cannot
measure them. This script makes objects whose members it knows (a loop, a
coroutine, a named task waiting for a future, done-callbacks, a context) and
finds, word by word with ctypes, where each lies in the object. It prints rows
in abi_probe.c's format, appended to that probe's output by AbiProbe.cs:

    offset <struct> <member> <offset> <size>
    sizeof <struct> <size>

A member is printed only when it is found at exactly one place; the C# side
compares what is printed and leaves the rest unmeasured.
"""
import asyncio
import contextvars
import ctypes
import gc
import sys

WORD = ctypes.sizeof(ctypes.c_void_p)


def word(address):
    return ctypes.c_uint64.from_address(address).value


def int32(address):
    return ctypes.c_int32.from_address(address).value


def offsets_of(obj, size, target):
    """Every word-aligned offset of obj's first size bytes that holds a pointer to target."""
    base = id(obj)
    return [at for at in range(0, size, WORD) if word(base + at) == id(target)]


def row(struct, member, found, size=WORD):
    if len(found) == 1:
        print("offset %s %s %d %d" % (struct, member, found[0], size))


def callbacks_list(task, callback):
    """The list of (callback, context) tuples a C future keeps after its first callback (its _callbacks property
    makes a new list: the one it keeps is among what the garbage collector sees the task refer to)."""
    for referent in gc.get_referents(task):
        if type(referent) is list and len(referent) == 1 and type(referent[0]) is tuple and referent[0][0] is callback:
            return referent
    return None


async def waiter(future):
    await future


async def finished():
    pass


async def main():
    loop = asyncio.get_running_loop()
    future = loop.create_future()
    context = contextvars.copy_context()
    task = loop.create_task(waiter(future), name="asyncio-probe")

    def first(_):
        pass

    def second(_):
        pass

    task.add_done_callback(first, context=context)
    task.add_done_callback(second)
    await asyncio.sleep(0)  # the task runs up to its await: it now waits for the future

    size = type(task).__basicsize__
    print("sizeof TaskObj %d" % size)
    row("TaskObj", "task_loop", offsets_of(task, size, loop))
    row("TaskObj", "task_callback0", offsets_of(task, size, first))
    row("TaskObj", "task_context0", offsets_of(task, size, context))
    callbacks = callbacks_list(task, second)
    if callbacks is not None:
        row("TaskObj", "task_callbacks", offsets_of(task, size, callbacks))
    row("TaskObj", "task_fut_waiter", offsets_of(task, size, future))
    row("TaskObj", "task_coro", offsets_of(task, size, task.get_coro()))
    row("TaskObj", "task_name", offsets_of(task, size, task.get_name()))
    if type(task).__dictoffset__ > 0:
        print("offset TaskObj dict %d %d" % (type(task).__dictoffset__, WORD))
    if type(task).__weakrefoffset__ > 0:
        print("offset TaskObj task_weakreflist %d %d" % (type(task).__weakrefoffset__, WORD))

    # fut_state: 0 pending, 1 cancelled, 2 finished (an int): the one int that reads so in three tasks.
    cancelled = loop.create_task(waiter(loop.create_future()))
    await asyncio.sleep(0)
    cancelled.cancel()
    done = loop.create_task(finished())
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    states = [at for at in range(0, size, 4)
              if int32(id(task) + at) == 0 and int32(id(cancelled) + at) == 1 and int32(id(done) + at) == 2]
    row("TaskObj", "task_state", states, 4)

    if sys.version_info[:2] == (3, 11):
        # A borrowed reference: taken as an address, then as an object (which counts a reference of its own).
        get_dict = ctypes.pythonapi.PyThreadState_GetDict
        get_dict.restype = ctypes.c_void_p
        running = ctypes.cast(get_dict(), ctypes.py_object).value.get("__asyncio_running_event_loop__")
        if running is not None:
            held = type(running).__basicsize__
            print("sizeof PyRunningLoopHolder %d" % held)
            row("PyRunningLoopHolder", "rl_loop", offsets_of(running, held, loop))

    future.set_result(None)
    await task


asyncio.run(main())
