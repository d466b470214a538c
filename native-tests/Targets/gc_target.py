# SPDX-License-Identifier: GPL-3.0-or-later
"""The -g target: a loop that runs the garbage collector over many objects, then sleeps, on one line.

    python gc_target.py [--seconds S] [--ready stdout|stderr|none]

Automatic collections are off (gc.disable() before anything else is made), so
the collector runs only in gc.collect() at @gc-collect; each call walks a few
hundred thousand tracked objects (tens of milliseconds), then the loop sleeps
10 ms on the same line. A sampler with -g marks the samples taken during the
calls, and no other line of this program (the loop is that one line). The main thread is its only thread.
Prints "ready" when the objects are made, then loops for --seconds.

Python 2.7 and 3.6 - 3.13 all run it unchanged.
"""
from __future__ import print_function

import gc

gc.disable()

import argparse  # noqa: E402  (after gc.disable(): nothing before it may trigger a collection)
import sys  # noqa: E402
import time  # noqa: E402

# Containers that the collector tracks and must traverse at each full collection.
LIVE = [[i] for i in range(300000)]


def churn(seconds):
    deadline = time.time() + seconds
    # The whole loop is one line: the collector's flag and the stack are read microseconds apart (in one
    # process_vm_readv), so a sample can join a stack read just before gc.collect() starts, or just after it ends,
    # with the flag of the other moment; on one line, that stack is on the line of gc.collect() too.
    while time.time() < deadline: gc.collect(); time.sleep(0.01)  # noqa: E701,E702  # @gc-collect


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--ready", choices=("stdout", "stderr", "none"), default="stdout")
    options = parser.parse_args(sys.argv[1:])
    if options.ready != "none":
        stream = sys.stdout if options.ready == "stdout" else sys.stderr
        print("ready", file=stream)
        stream.flush()
    churn(options.seconds)  # @gc-churn
