# SPDX-License-Identifier: GPL-3.0-or-later
# Accuracy target: in every 100 ms the main thread is busy 50 ms in fifty(), 30 ms in thirty() and 20 ms
# in twenty(), by the wall clock, for SECONDS seconds. A sampler must see those shares of time.
from __future__ import print_function

import sys
import time

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0


def busy(until):
    while time.time() < until:
        pass


def fifty(start):
    busy(start + 0.050)


def thirty(start):
    busy(start + 0.030)


def twenty(start):
    busy(start + 0.020)


def main():
    end = time.time() + SECONDS
    while time.time() < end:
        t = time.time()
        fifty(t)
        thirty(t + 0.050)
        twenty(t + 0.080)


main()
