# SPDX-License-Identifier: GPL-3.0-or-later
"""The small end-to-end target: the main thread sleeps in <module> -> tiny_outer -> nap.

Used by the attach test (it prints "ready" once parked, then austin -p
attaches) and by the launch-through-wrapper tests (pyenv shim, /usr/bin/env).

    python tiny_target.py [--seconds S] [--oracle FILE] [--ready stdout|stderr|none]

Python 2.7 and 3.6 - 3.13 all run it unchanged.
"""
from __future__ import print_function

import os
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import target_support as support  # noqa: E402  (needs the path above)

MARKS = support.markers(os.path.join(HERE, "tiny_target.py"))


def nap(seconds):
    time.sleep(seconds)  # @tiny-sleep


def tiny_outer(seconds):
    nap(seconds)  # @tiny-outer


if __name__ == "__main__":
    options = support.parse_options(sys.argv[1:], seconds=2.0)
    parked = {"main": (threading.current_thread().ident, "nap", MARKS["tiny-sleep"])}
    support.start_reporter(parked, options)
    tiny_outer(options.seconds)  # @tiny-module
