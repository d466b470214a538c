# SPDX-License-Identifier: GPL-3.0-or-later
"""The target of the differential tests: every thread parked for good.

    python diff_target.py --oracle FILE

Once every thread is parked, it writes the oracle and prints "ready" on
stdout; then nothing in it changes any more, so that two samplers attached at
different moments see the same stacks. It never exits by itself: the test
kills it once the samplers have stopped.

Threads:
    main       sleeps in main_park()
    worker     sleeps two calls deep, in worker_inner()
    busy       spins on one line: always running, holding the GIL (for -s)
    grower     adds 64 KB to a list every 10 ms on one line: the resident
               memory grows all along (for -m and -f)
    frameless  started with start_new_thread(time.sleep, ...): no Python
               frame at all (for -e); its ident is printed on stderr as
               "frameless <hex>" (the oracle only knows threads with frames)
    reporter   writes the oracle, then stays in target_support's linger sleep

Python 2.7 and 3.6 - 3.13 run it unchanged.
"""
from __future__ import print_function

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

MARKS = support.markers(os.path.join(HERE, "diff_target.py"))

CHUNK = 64 * 1024


def worker_inner():
    time.sleep(support.FOREVER)  # @diff-worker-sleep


def worker_outer():
    worker_inner()  # @diff-worker-call


def busy():
    count = 0
    while True: count += 1  # noqa: E701  # @diff-busy


def grower():
    # b"x" * n fills every byte, so every page is touched and counts in the RSS.
    chunks = []
    while True: chunks.append(b"x" * CHUNK); time.sleep(0.01)  # noqa: E701,E702  # @diff-grow


def main_park():
    time.sleep(support.FOREVER)  # @diff-main-sleep


def start(role, function, parked, marker, leaf):
    thread = threading.Thread(target=function, name=role)
    thread.daemon = True
    thread.start()
    parked[role] = (thread.ident, leaf, MARKS[marker])


if __name__ == "__main__":
    options = support.parse_options(sys.argv[1:])
    parked = {}
    start("worker", worker_outer, parked, "diff-worker-sleep", "worker_inner")
    start("busy", busy, parked, "diff-busy", "busy")
    start("grower", grower, parked, "diff-grow", "grower")
    frameless = low_level_threads.start_new_thread(time.sleep, (support.FOREVER,))
    sys.stderr.write("frameless %x\n" % frameless)
    sys.stderr.flush()

    parked["main"] = (threading.current_thread().ident, "main_park", MARKS["diff-main-sleep"])
    # The reporter lingers for good after "ready" (on_done is never called), so that it is parked too.
    options.linger = support.FOREVER
    support.start_reporter(parked, options, on_done=lambda: None)
    main_park()  # @diff-main
