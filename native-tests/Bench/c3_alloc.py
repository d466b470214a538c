# SPDX-License-Identifier: GPL-3.0-or-later
"""The comparison's memory target: the main thread allocates and frees 8 MB blocks for SECONDS (default 2), so
that the resident memory grows and shrinks between samples.

    python c3_alloc.py [SECONDS]
"""
import sys
import time

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0


def grow():
    return [bytearray(1 << 20) for _ in range(8)]


def churn():
    end = time.time() + SECONDS
    while time.time() < end:
        blocks = grow()
        time.sleep(0.01)
        del blocks
        time.sleep(0.01)


churn()
