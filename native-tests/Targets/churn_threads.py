# SPDX-License-Identifier: GPL-3.0-or-later
# Race target: threads are created and end continuously for SECONDS seconds (about ten alive at a time),
# so thread states are linked and freed while austin walks the list.
from __future__ import print_function

import sys
import threading
import time

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0


def short_life(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


def main():
    end = time.time() + SECONDS
    alive = []
    while time.time() < end:
        t = threading.Thread(target=short_life, args=(2000,))
        t.start()
        alive.append(t)
        if len(alive) > 10:
            alive.pop(0).join()
    for t in alive:
        t.join()


main()
