# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmark target for -C: a parent that starts N Python children doing pure-Python work for SECONDS seconds.
#   python pool.py N SECONDS [BUSY]
# Each child descends to a stack of CHILD_DEPTH frames, says "ready" on its pipe, then works in periods of
# 10 ms: BUSY % of each (default 100) calling small functions in a loop, the rest in time.sleep() in rest().
# The stack's depth stays between CHILD_DEPTH and CHILD_DEPTH + 1 throughout, so a process sample costs the
# sampler the same whether the child runs or sleeps; BUSY below 100 keeps 8 children from taking every core
# of a small machine (and the sampler's CPU with it). The parent prints "ready" when all N children have,
# then waits for them in wait_children().
# Children are plain subprocesses (one thread each, no helper threads as multiprocessing.Pool has), so that
# every process sample is one thread's stack. Runs on Python 2.7 and 3.x.
import subprocess
import sys
import time

CHILD_DEPTH = 12


def mix(a, b):
    return (a * 31 + b) % 1000003


def rest(seconds):
    time.sleep(seconds)


def work(until, busy):
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    period = 0.010
    acc, i = 7, 0
    now = time.time()
    while now < until:
        stop = now + period * busy
        while now < stop:
            acc = mix(acc, i)
            i += 1
            now = time.time()
        if busy < 1.0:
            rest(period * (1.0 - busy))
            now = time.time()
    return acc


def descend(n, until, busy):
    if n <= 0:
        return work(until, busy)
    return descend(n - 1, until, busy)


def child(seconds, busy):
    # <module>, child, CHILD_DEPTH - 3 descend() frames, then work(): CHILD_DEPTH frames.
    descend(CHILD_DEPTH - 4, time.time() + seconds, busy)


def wait_children(children):
    for c in children:
        c.wait()


def parent(n, seconds, busy):
    children = [subprocess.Popen([sys.executable, __file__, "--child", str(seconds), str(busy)],
                                 stdout=subprocess.PIPE)
                for _ in range(n)]
    for c in children:
        c.stdout.readline()
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    wait_children(children)


if __name__ == "__main__":
    if sys.argv[1] == "--child":
        child(float(sys.argv[2]), float(sys.argv[3]))
    else:
        busy = float(sys.argv[3]) if len(sys.argv) > 3 else 100.0
        parent(int(sys.argv[1]), float(sys.argv[2]), min(max(busy, 1.0), 100.0) / 100.0)
