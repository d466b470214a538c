# SPDX-License-Identifier: GPL-3.0-or-later
# Soak target: a busy multi-threaded program for SECONDS seconds. Four worker threads run varied call
# stacks (recursion of changing depth, generators, new code objects now and then) and a fifth starts and
# ends short-lived threads, so that austin's caches, snapshot and thread bookkeeping see churn for the whole run.
from __future__ import print_function

import sys
import threading
import time

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 600.0
END = time.time() + SECONDS


def leaf(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


def recurse(depth, n):
    if depth == 0:
        return leaf(n)
    return recurse(depth - 1, n)


def numbers(n):
    for i in range(n):
        yield leaf(i % 50)


def worker(seed):
    i = seed
    while time.time() < END:
        i += 1
        recurse(i % 40, 200)
        sum(numbers(20))
        if i % 5000 == 0:
            # A new code object now and then: the code cache must not grow without bound.
            exec(compile("def f%d(x):\n    return x + %d\n" % (i, i), "<generated %d>" % i, "exec"), {})
        time.sleep(0.0005)


def spawner():
    while time.time() < END:
        t = threading.Thread(target=leaf, args=(1000,))
        t.start()
        t.join()
        time.sleep(0.01)


threads = [threading.Thread(target=worker, args=(k * 7,)) for k in range(4)]
threads.append(threading.Thread(target=spawner))
for t in threads:
    t.start()
print("ready")
sys.stdout.flush()
for t in threads:
    t.join()
