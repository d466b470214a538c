# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmark target: one thread busy at the bottom of a stack exactly DEPTH frames deep, for SECONDS seconds.
# Prints "ready" once the stack is in place, so that an attaching sampler sees full-depth stacks only.
# Runs on Python 2.7 and 3.x.
import sys
import time

DEPTH = int(sys.argv[1]) if len(sys.argv) > 1 else 40
SECONDS = float(sys.argv[2]) if len(sys.argv) > 2 else 3.0


def ready():
    sys.stdout.write("ready\n")
    sys.stdout.flush()


def spin(until):
    # Only C calls below this frame: the Python stack stays exactly DEPTH frames deep.
    ready()
    x = 0
    while time.time() < until:
        x += 1
    return x


def descend(n, until):
    if n <= 0:
        return spin(until)
    return descend(n - 1, until)


# The stack: <module>, then DEPTH - 2 descend() frames, then spin(), which says "ready": DEPTH frames in all.
descend(DEPTH - 3, time.time() + SECONDS)
