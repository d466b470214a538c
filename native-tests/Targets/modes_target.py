# SPDX-License-Identifier: GPL-3.0-or-later
"""The target of the -m, -f, -s, -e and -i tests: threads whose answer is known.

    python modes_target.py --oracle FILE --go FILE [--total S] [--busy] [--allocate MB]

Once every thread is parked, it writes the oracle and prints "ready" on
stdout; the main thread then waits in wait_for_go() until the file --go
names exists, so that a sampler can attach first and see everything after.

Threads:
    main       optionally allocates MB megabytes in allocate() and frees them
               in release() (holding the GIL all along, so that the memory
               deltas are the main thread's), then polls a clock in
               wait_for_the_end() until --total seconds after the go
    sleeper    sleeps for good in sleeper(): never on a CPU, never the GIL
    busy       (--busy) spins in busy_loop(): always running, holding the GIL
    frameless  started with start_new_thread(time.sleep, ...): a thread state
               with no Python frame at all; its ident is printed on stderr
               as "frameless <hex>" (the oracle only knows threads with frames)

Python 2.7 and 3.6 - 3.13 run it unchanged.
"""
from __future__ import print_function

import argparse
import os
import sys
import threading
import time

try:
    import _thread as low_level_threads
except ImportError:  # 2.7
    import thread as low_level_threads

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import target_support as support  # noqa: E402  (needs the path above)

MARKS = support.markers(os.path.join(HERE, "modes_target.py"))

MEGABYTE = 1 << 20

# How long allocate() and release() keep the GIL after changing the memory, so
# that a sample taken a little late still finds the delta's author running.
HOLD = 0.3


def sleeper():
    time.sleep(support.FOREVER)  # @modes-sleeper


def busy_loop():
    count = 0
    while True: count += 1  # noqa: E701  # @modes-busy


def allocate(megabytes):
    # b"x" * n fills every byte, so every page is touched and counts in the RSS.
    chunks = []
    for _ in range(megabytes):
        chunks.append(b"x" * MEGABYTE)  # @modes-alloc
    deadline = time.time() + HOLD
    while time.time() < deadline: pass  # noqa: E701  # @modes-alloc-hold
    return chunks


def release(chunks):
    # Chunks of 1 MB are mmap'ed by malloc: freeing them unmaps them at once.
    del chunks[:]  # @modes-release
    deadline = time.time() + HOLD
    while time.time() < deadline: pass  # noqa: E701  # @modes-release-hold


def wait_for_go(path):
    # One line, so that the oracle and every sample see the same line.
    while not os.path.exists(path): time.sleep(0.005)  # noqa: E701  # @modes-ready


def wait_for_the_end(end):
    while time.time() < end: time.sleep(0.005)  # noqa: E701  # @modes-main


def start(role, function, parked, marker, leaf):
    thread = threading.Thread(target=function, name=role)
    thread.daemon = True
    thread.start()
    parked[role] = (thread.ident, leaf, MARKS[marker])


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--oracle", required=True)
    parser.add_argument("--go", required=True, help="start working once this file exists")
    parser.add_argument("--total", type=float, default=1.0, help="seconds from the go to the exit")
    parser.add_argument("--busy", action="store_true")
    parser.add_argument("--allocate", type=int, default=0, help="megabytes")
    arguments = parser.parse_args()

    parked = {}
    start("sleeper", sleeper, parked, "modes-sleeper", "sleeper")
    if arguments.busy:
        start("busy", busy_loop, parked, "modes-busy", "busy_loop")
    frameless = low_level_threads.start_new_thread(time.sleep, (support.FOREVER,))
    sys.stderr.write("frameless %x\n" % frameless)
    sys.stderr.flush()

    parked["main"] = (threading.current_thread().ident, "wait_for_go", MARKS["modes-ready"])
    support.start_reporter(parked, support.parse_options(["--oracle", arguments.oracle, "--ready", "stdout"]))
    wait_for_go(arguments.go)  # @modes-module-ready
    end = time.time() + arguments.total
    if arguments.allocate:
        release(allocate(arguments.allocate))  # @modes-module-work
    wait_for_the_end(end)  # @modes-module-end
