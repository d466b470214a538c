# SPDX-License-Identifier: GPL-3.0-or-later
"""A target for the signal tests: parks its main thread, optionally deaf to signals.

    python signal_target.py --oracle FILE [--seconds S] [--ignore]

The main thread waits in wait() for S seconds (a one-line loop, so that every
sample shows the same line). SIGINT (KeyboardInterrupt) makes it print
"interrupted" on stderr and exit with status 130, without a traceback, so
that the tests can tell its stderr from austin's. SIGTERM keeps Python's
default: the process dies at once. With --ignore both are ignored, and only
SIGKILL ends it early. The oracle (target_support) is written once the main
thread is parked; it holds the process id. Python 2.7 and 3.6 - 3.13 run it
unchanged.
"""
from __future__ import print_function

import argparse
import os
import signal
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import target_support as support  # noqa: E402  (needs the path above)

MARKS = support.markers(os.path.join(HERE, "signal_target.py"))


def wait(seconds):
    end = time.time() + seconds
    while time.time() < end: time.sleep(0.02)  # noqa: E701  # @signal-wait


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--oracle", required=True)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--ignore", action="store_true")
    arguments = parser.parse_args()
    if arguments.ignore:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)

    parked = {"main": (threading.current_thread().ident, "wait", MARKS["signal-wait"])}
    support.start_reporter(parked, support.parse_options(["--oracle", arguments.oracle, "--ready", "none"]))
    try:
        wait(arguments.seconds)  # @signal-module
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.stderr.flush()
        sys.exit(130)
