# SPDX-License-Identifier: GPL-3.0-or-later
"""A target that forks: the child outlives the parent.

    python fork_target.py [--parent-seconds S] [--child-seconds C]

The parent forks, prints "child <pid>" on stderr, then sleeps S seconds in
parent_after_fork() and exits. The child points its standard streams at
/dev/null (so that it holds none of the test's pipes), sleeps C seconds in
child_after_fork() and exits. A sampler of the parent must stop when the
parent exits, and never show the child's stack. Python 2.7 and 3.6 - 3.13
run it unchanged.
"""
from __future__ import print_function

import argparse
import os
import sys
import time


def child_after_fork(seconds):
    null = os.open(os.devnull, os.O_RDWR)
    for stream in (0, 1, 2):
        os.dup2(null, stream)
    time.sleep(seconds)  # @fork-child
    os._exit(0)


def parent_after_fork(seconds):
    time.sleep(seconds)  # @fork-parent


def before_fork():
    time.sleep(0.2)  # @fork-before


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--parent-seconds", type=float, default=0.5)
    parser.add_argument("--child-seconds", type=float, default=5.0)
    arguments = parser.parse_args()
    before_fork()  # @fork-module-before
    pid = os.fork()
    if pid == 0:
        child_after_fork(arguments.child_seconds)  # @fork-module-child
    sys.stderr.write("child %d\n" % pid)
    sys.stderr.flush()
    parent_after_fork(arguments.parent_seconds)  # @fork-module-parent
