# SPDX-License-Identifier: GPL-3.0-or-later
"""A target for -x (the exposure): burns CPU in burn() and tells how it ended.

    python exposure_target.py --mark FILE [--seconds S]

It writes its process id on the first line of FILE at once, then burns CPU
for S seconds (30 by default) and adds "done". A SIGTERM ends it at once,
with "SIGTERM" added to FILE and exit status 0, so that a test can tell a
SIGTERM from a SIGKILL. Python 2.7 and 3.6 - 3.13 run it unchanged.
"""
from __future__ import print_function

import argparse
import os
import signal
import time


def burn(seconds):
    end = time.time() + seconds
    while time.time() < end: sum(range(100))  # noqa: E701  # @exposure-burn


def note(path, text):
    with open(path, "a") as mark:
        mark.write(text + "\n")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--mark", required=True)
    parser.add_argument("--seconds", type=float, default=30.0)
    arguments = parser.parse_args()

    def on_sigterm(signum, frame):
        note(arguments.mark, "SIGTERM")
        os._exit(0)

    signal.signal(signal.SIGTERM, on_sigterm)
    note(arguments.mark, str(os.getpid()))
    burn(arguments.seconds)  # @exposure-module
    note(arguments.mark, "done")
