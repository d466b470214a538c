# SPDX-License-Identifier: GPL-3.0-or-later
"""The target of the --asyncio tests (3.11+): a tree of tasks whose await chains are known.

    python asyncio_target.py --oracle FILE [--seconds S] [--ready stdout|stderr]

asyncio.run(main()) makes main's task (Task-1), which awaits a gather() of:
    middle    a task that awaits a task "inner", which awaits a task "leaf",
              which sleeps: three tasks nested by plain awaits
    group     a task that runs a TaskGroup of "grouped-1" and "grouped-2",
              which sleep, and waits for them in the group's __aexit__
    spinner   a task that spins in spin() for 2 ms, then sleeps 2 ms, again
              and again: sometimes running on the thread, sometimes suspended
    Task-2    the coroutine gathered(), wrapped in a task by gather() under
              the default name (3.12+ keeps it an int until asked)
and a thread "side" runs a loop of its own, whose main task awaits a task
"side-task", which sleeps.
Once every task but the spinner is suspended at its marked line, the program
notes each task's await chain (its coroutines' frames, outermost first, from
cr_await), prints "ready" (on stderr by default), and sleeps --seconds; then it writes the
oracle: the loops' threads, and for each task its name, the name of the task
that awaits it, its loop's thread, and its chain. Names are asked for only then, so that austin
reads the default name as 3.12+ keeps it until then.
"""
import argparse
import asyncio
import json
import os
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import target_support as support  # noqa: E402  (needs the path above)

MARKS = support.markers(os.path.join(HERE, "asyncio_target.py"))
FOREVER = support.FOREVER


async def leaf():
    await asyncio.sleep(FOREVER)  # @aio-leaf


async def inner():
    await asyncio.create_task(leaf(), name="leaf")  # @aio-inner


async def middle():
    await asyncio.create_task(inner(), name="inner")  # @aio-middle


async def grouped():
    await asyncio.sleep(FOREVER)  # @aio-grouped


async def group():
    async with asyncio.TaskGroup() as tasks:  # @aio-group
        tasks.create_task(grouped(), name="grouped-1")
        tasks.create_task(grouped(), name="grouped-2")


def spin(seconds):
    end = time.perf_counter() + seconds
    while time.perf_counter() < end: pass  # noqa: E701  # @aio-spin


async def spinner():
    while True:
        spin(0.002)
        await asyncio.sleep(0.002)  # @aio-spinner


async def gathered():
    await asyncio.sleep(FOREVER)  # @aio-gathered


async def side_sleeps():
    await asyncio.sleep(FOREVER)  # @aio-side-task


async def side_main(started):
    task = asyncio.create_task(side_sleeps(), name="side-task")
    started.append((asyncio.current_task(), task, threading.get_ident()))
    await task  # @aio-side-main


def side(started):
    asyncio.run(side_main(started))


def chain(coro):
    """The frames of a coroutine and of what it awaits, outermost first, as a sampler must print them."""
    frames = []
    while coro is not None:
        frame = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None)
        if frame is None:
            break
        frames.append([support.code_name(frame.f_code), frame.f_code.co_filename, frame.f_lineno])
        coro = getattr(coro, "cr_await", None) or getattr(coro, "gi_yieldfrom", None)
    return frames


EXPECTED_LEAVES = {
    "leaf": ("leaf", "aio-leaf"),
    "inner": ("inner", "aio-inner"),
    "middle": ("middle", "aio-middle"),
    "grouped-1": ("grouped", "aio-grouped"),
    "grouped-2": ("grouped", "aio-grouped"),
    "gathered": ("gathered", "aio-gathered"),
}


def parked(task, function, marker):
    """Whether the task's own coroutine is suspended at its marked line."""
    frame = task.get_coro().cr_frame
    return frame is not None and frame.f_code.co_name == function and frame.f_lineno == MARKS[marker]


async def main(arguments):
    started = []
    thread = threading.Thread(target=side, args=(started,), name="side")
    thread.daemon = True
    thread.start()
    here = asyncio.current_task()
    middle_task = asyncio.create_task(middle(), name="middle")
    group_task = asyncio.create_task(group(), name="group")
    spinner_task = asyncio.create_task(spinner(), name="spinner")
    gathering = asyncio.gather(middle_task, group_task, spinner_task, gathered())
    watcher = asyncio.create_task(watch(arguments, here, gathering, started), name="watcher")
    try:
        await gathering  # @aio-main
    except asyncio.CancelledError:
        pass
    await watcher


async def watch(arguments, main_task, gathering, started):
    # Wait, away from the loop's thread, until every task is parked: the watcher itself is not a task then.
    loop = asyncio.get_running_loop()
    tasks = await loop.run_in_executor(None, wait_parked, loop, main_task, gathering, started)
    here = "%x" % threading.get_ident()
    stream = sys.stdout if arguments.ready == "stdout" else sys.stderr
    stream.write("ready\n")
    stream.flush()
    await asyncio.sleep(arguments.seconds)
    document = {
        "pid": os.getpid(),
        "version": list(sys.version_info[:3]),
        "thread": here,
        "tasks": [{"name": task.get_name(), "parent": parent.get_name() if parent else None, "frames": frames,
                   "thread": "%x" % thread if thread else here}
                  for task, parent, frames, thread in tasks],
    }
    temporary = arguments.oracle + ".partial"
    with open(temporary, "w") as output:
        json.dump(document, output, indent=1, sort_keys=True)
    os.rename(temporary, arguments.oracle)
    gathering.cancel()


def wait_parked(loop, main_task, gathering, started):
    deadline = time.time() + support.PARK_TIMEOUT
    while time.time() < deadline:
        snapshot = asyncio.run_coroutine_threadsafe(take_snapshot(main_task, gathering), loop).result()
        side = side_snapshot(started)
        if snapshot is not None and side is not None:
            return snapshot + side
        time.sleep(0.01)
    sys.stderr.write("target: tasks not parked after %gs\n" % support.PARK_TIMEOUT)
    sys.stderr.flush()
    os._exit(support.NOT_PARKED)


async def take_snapshot(main_task, gathering):
    """Every task but the spinner and this one, with its parent and await chain, once all are parked; else None."""
    children = {task.get_coro().__name__: task for task in gathering._children}
    middle_task, group_task = children["middle"], children["group"]
    everything = {task.get_coro().__qualname__ + ":" + str(id(task)): task for task in asyncio.all_tasks()}
    by_name = {}
    for task in asyncio.all_tasks():
        name = task.get_coro().__name__
        by_name.setdefault(name, []).append(task)
    if len(by_name.get("grouped", [])) != 2 or "leaf" not in by_name or "inner" not in by_name:
        return None
    leaf_task, inner_task = by_name["leaf"][0], by_name["inner"][0]
    checks = [(leaf_task, "leaf", "aio-leaf"), (inner_task, "inner", "aio-inner"), (middle_task, "middle", "aio-middle"),
              (children["gathered"], "gathered", "aio-gathered"), (main_task, "main", "aio-main")]
    checks += [(task, "grouped", "aio-grouped") for task in by_name["grouped"]]
    if not all(parked(task, function, marker) for task, function, marker in checks):
        return None
    # group() is suspended in TaskGroup.__aexit__, below its async with line.
    if group_task.get_coro().cr_frame is None or group_task.get_coro().cr_frame.f_lineno != MARKS["aio-group"]:
        return None
    del everything
    parents = [(main_task, None), (middle_task, main_task), (inner_task, middle_task), (leaf_task, inner_task),
               (group_task, main_task), (children["gathered"], main_task)]
    parents += [(task, group_task) for task in by_name["grouped"]]
    return [(task, parent, chain(task.get_coro()), None) for task, parent in parents]


def side_snapshot(started):
    """The side loop's two tasks once parked (read from this thread: both are suspended, nothing runs there)."""
    if not started:
        return None
    side_main_task, side_task, thread = started[0]
    if not parked(side_main_task, "side_main", "aio-side-main") or not parked(side_task, "side_sleeps", "aio-side-task"):
        return None
    return [(side_main_task, None, chain(side_main_task.get_coro()), thread),
            (side_task, side_main_task, chain(side_task.get_coro()), thread)]


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--oracle", required=True)
    parser.add_argument("--seconds", type=float, default=1.0)
    parser.add_argument("--ready", choices=("stdout", "stderr"), default="stderr")
    asyncio.run(main(parser.parse_args()))
