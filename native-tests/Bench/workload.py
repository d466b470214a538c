# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmark workload: a fixed amount of deterministic, CPU-bound, pure-Python work
# (integer arithmetic, function calls, a small dict and list), the same on Python 2.7 and 3.x.
#   python workload.py [UNITS]
# Writes "workload <seconds> <checksum>" to standard error: the seconds are those of the work
# alone (interpreter start-up excluded); the checksum proves that every run did the same work.
# Nothing goes to standard output, so that a sampler's samples there stay clean.
import sys
import time

UNITS = int(sys.argv[1]) if len(sys.argv) > 1 else 40


def mix(a, b):
    return (a * 31 + b) % 1000003


def leaf(acc, i):
    if i % 3 == 0:
        return mix(acc, i)
    return mix(i, acc) ^ (i & 0xFF)


def inner(acc, base):
    i = 0
    while i < 1000:
        acc = leaf(acc, base + i)
        i += 1
    return acc


def table(acc):
    d = {}
    for k in range(200):
        d[k] = (acc + k * k) % 9973
    return sum(sorted(d.values())[:50])


def unit(acc, u):
    for j in range(50):
        acc = inner(acc, u * 50000 + j * 1000)
    return (acc + table(acc)) % 1000003


def main():
    acc = 7
    start = time.time()
    for u in range(UNITS):
        acc = unit(acc, u)
    elapsed = time.time() - start
    sys.stderr.write("workload %.6f %d\n" % (elapsed, acc))


main()
