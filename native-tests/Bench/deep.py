# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmark target: one thread busy at the bottom of a stack DEPTH frames deep, for SECONDS seconds.
# Prints "ready" once the stack is in place, so that an attaching sampler sees full-depth stacks only.
import sys
import time

DEPTH = int(sys.argv[1]) if len(sys.argv) > 1 else 40
SECONDS = float(sys.argv[2]) if len(sys.argv) > 2 else 3.0


def spin(until):
    x = 0
    while time.time() < until:
        x += 1
    return x


def descend(n, until):
    if n <= 1:
        return spin(until)
    return descend(n - 1, until)


# <module> is one frame, spin() another: descend() adds the DEPTH - 2 in between.
sys.stdout.write("ready\n")
sys.stdout.flush()
descend(DEPTH - 2, time.time() + SECONDS)
