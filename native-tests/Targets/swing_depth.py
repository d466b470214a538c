# SPDX-License-Identifier: GPL-3.0-or-later
# Race target: the main thread's recursion swings between 1 and 2048 frames deep as fast as the interpreter can
# call and return, with no work at any level, for SECONDS seconds. A stack read over microseconds is read at
# many moments: a walk can join frames of different moments (a caller still before its call under callees).
import sys
import time

sys.setrecursionlimit(10000)
SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0


def down(n):
    if n:
        down(n - 1)  # every caller in a real stack waits on this line


def main():
    end = time.time() + SECONDS
    while time.time() < end:
        down(2047)


main()
