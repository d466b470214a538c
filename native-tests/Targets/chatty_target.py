# SPDX-License-Identifier: GPL-3.0-or-later
"""A one-thread target that prints on its standard output while it is sampled.

    python chatty_target.py [--seconds S] [--lines N]

The main thread spends S seconds in talk(): it prints N lines, "chatty line
I of N", at even intervals (flushing each one at once), and sleeps between
them; with N = 0 it only sleeps. Its only thread is the main thread, so that
every sample of it is one line. Python 2.7 and 3.6 - 3.13 run it unchanged.
"""
from __future__ import print_function

import argparse
import sys
import time


def talk(seconds, lines):
    end = time.time() + seconds
    for number in range(1, lines + 1):
        print("chatty line %d of %d" % (number, lines))  # @chatty-print
        sys.stdout.flush()
        time.sleep(seconds / lines)  # @chatty-sleep
    while time.time() < end: time.sleep(0.01)  # noqa: E701  # @chatty-quiet


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=1.0)
    parser.add_argument("--lines", type=int, default=5)
    arguments = parser.parse_args()
    talk(arguments.seconds, arguments.lines)  # @chatty-module
