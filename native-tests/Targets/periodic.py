# SPDX-License-Identifier: GPL-3.0-or-later
# A periodic program: a short burst of work (about 40 us) in burst(), then time.sleep(0.001), for SECONDS
# seconds. A sampler on a fixed grid phase-locks with the timer wake-ups and sees burst() far more or far less
# than it runs. The program measures its own true share of wall time in burst() and writes it, as a percentage,
# to the file named by its second argument when it ends.
from __future__ import print_function

import sys
import time

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
REPORT = sys.argv[2] if len(sys.argv) > 2 else None
clock = getattr(time, "perf_counter", time.time)


def burst(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


def calibrate():
    """How many loop steps take about 40 us here."""
    n = 1000
    while True:
        start = clock()
        for _ in range(20):
            burst(n)
        took = (clock() - start) / 20
        if took > 20e-6 or n > 1 << 20:
            return max(1, int(n * 40e-6 / took))
        n *= 2


def main():
    n = calibrate()
    inside = 0.0
    start = clock()
    end = start + SECONDS
    while True:
        before = clock()
        if before >= end:
            break
        burst(n)
        inside += clock() - before
        time.sleep(0.001)
    share = 100.0 * inside / (clock() - start)
    if REPORT:
        with open(REPORT, "w") as f:
            f.write("%.3f\n" % share)


main()
