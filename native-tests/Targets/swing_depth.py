# SPDX-License-Identifier: GPL-3.0-or-later
# Race target: a recursion that swings between 1 and 2048 frames deep as fast as the interpreter can, with no work
# at any level, for SECONDS seconds. A walk of it reads frames of many moments unless it reads them all at one.
# Every consistent stack is <module>, main, then down() frames that all wait at the call (the line marked "call"),
# but the innermost, which may also be at its test (the line marked "test").
import sys
import time

sys.setrecursionlimit(10000)
SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0


def down(n):
    if n:  # test
        down(n - 1)  # call


def main():
    end = time.time() + SECONDS
    while time.time() < end:
        down(2047)


main()
