# SPDX-License-Identifier: GPL-3.0-or-later
# Race target: the main thread's recursion grows to 100 frames and shrinks back, continuously, for SECONDS
# seconds, so frames are pushed and popped while austin walks the chain. Each level does a little work, as
# real recursive code does, rather than calling and returning as fast as the interpreter can.
from __future__ import print_function

import sys
import time

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0


def work():
    total = 0
    for i in range(50):
        total += i
    return total


def climb(n):
    if n == 0:
        return work()
    return work() + climb(n - 1)


def main():
    end = time.time() + SECONDS
    while time.time() < end:
        for depth in range(0, 100, 7):
            climb(depth)


main()
