# SPDX-License-Identifier: GPL-3.0-or-later
"""A crowd and an abyss: many parked threads, and a main thread recursing deep.

    python crowd_target.py --oracle FILE [--threads N] [--depth D] [--linger S]

    member     N threads, each asleep in crowd_member()
    main       <module> -> dive() x D, polling a flag at the bottom

sys.setrecursionlimit is raised above D. The threads get small stacks, so
that a thousand of them stay cheap. The oracle (target_support) lists every
thread once all of them are parked; the process exits --linger seconds later.
Python 2.7 and 3.6 - 3.13 run it unchanged.
"""
from __future__ import print_function

import argparse
import os
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import target_support as support  # noqa: E402  (needs the path above)

MARKS = support.markers(os.path.join(HERE, "crowd_target.py"))

_done = []


def crowd_member():
    time.sleep(support.FOREVER)  # @crowd-member


def dive(depth):
    if depth > 1:
        return dive(depth - 1)  # @crowd-dive
    while not _done: time.sleep(0.02)  # noqa: E701  # @crowd-bottom


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--oracle", required=True)
    parser.add_argument("--threads", type=int, default=1000)
    parser.add_argument("--depth", type=int, default=5000)
    parser.add_argument("--linger", type=float, default=0.5)
    arguments = parser.parse_args()

    sys.setrecursionlimit(arguments.depth + 100)
    threading.stack_size(256 * 1024)
    parked = {}
    for number in range(arguments.threads):
        member = threading.Thread(target=crowd_member, name="member-%d" % number)
        member.daemon = True
        member.start()
        parked["member-%d" % number] = (member.ident, "crowd_member", MARKS["crowd-member"])
    parked["main"] = (threading.current_thread().ident, "dive", MARKS["crowd-bottom"])
    options = support.parse_options(
        ["--oracle", arguments.oracle, "--ready", "none", "--linger", str(arguments.linger)])
    support.start_reporter(parked, options, on_done=lambda: _done.append(True))
    dive(arguments.depth)  # @crowd-module
