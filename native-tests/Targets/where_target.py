# SPDX-License-Identifier: GPL-3.0-or-later
"""The -w target: main_target.py's parked threads, and a main thread that spins holding the GIL.

    python where_target.py [--oracle FILE] [--ready stdout|stderr|none] [--linger SECONDS]

Every thread but the main one sleeps for good at a marked line (see
main_target.py); the main thread spins in spin() at @where-spin, the only
thread that wants the GIL once the reporter has printed "ready" and sleeps
at @support-linger. So a snapshot taken during the linger knows every stack,
which thread runs (main) and which holds the GIL (main). After the linger
the main thread stops spinning and the process exits.

Python 2.7 drops and takes the GIL again every 100 bytecodes even when no
other thread wants it, which a snapshot sees as a free GIL now and then: once
"ready" is out, its check interval becomes endless, so the spinner keeps the
GIL for good, and the process must be killed (the reporter never gets the GIL
back to end the linger).

Python 2.7 and 3.6 - 3.13 all run it unchanged.
"""
from __future__ import print_function

import os
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import main_target  # noqa: E402  (needs the path above)
import target_support as support  # noqa: E402

MARKS = support.markers(os.path.join(HERE, "where_target.py"))

_done = []


def spin():
    # One line, so that every snapshot sees the same line wherever the loop is.
    while not _done: pass  # noqa: E701  # @where-spin


def keep_the_gil():
    if sys.version_info < (3,):
        sys.setcheckinterval(2 ** 31 - 1)


if __name__ == "__main__":
    options = support.parse_options(sys.argv[1:])
    parked = main_target.start_parked_threads()
    parked["main"] = (threading.current_thread().ident, "spin", MARKS["where-spin"])
    support.start_reporter(parked, options, on_done=lambda: _done.append(True), on_ready=keep_the_gil)
    spin()  # @where-module
