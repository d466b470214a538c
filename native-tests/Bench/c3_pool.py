# SPDX-License-Identifier: GPL-3.0-or-later
"""The comparison's -C target: a pool of 4 worker processes, each burning CPU in its own function.

    python c3_pool.py [SECONDS]

The parent waits in wait_for_pool() while the workers spin in burn_0 ... burn_3 for SECONDS (default 2).
"""
import multiprocessing
import sys
import time

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0


def spin(seconds):
    end = time.time() + seconds
    n = 0
    while time.time() < end:
        n += 1
    return n


def burn_0(seconds):
    return spin(seconds)


def burn_1(seconds):
    return spin(seconds)


def burn_2(seconds):
    return spin(seconds)


def burn_3(seconds):
    return spin(seconds)


def wait_for_pool(pool):
    results = [pool.apply_async(f, (SECONDS,)) for f in (burn_0, burn_1, burn_2, burn_3)]
    return [r.get() for r in results]


if __name__ == "__main__":
    with multiprocessing.Pool(4) as pool:
        wait_for_pool(pool)
