# SPDX-License-Identifier: GPL-3.0-or-later
"""A target that ends while austin samples it, in one of three ways.

    python exit_target.py --how return|os_exit|exec [--threads N] [--seconds S]

N daemon threads keep changing their stacks (recursing and returning), so
that the end is likely to fall in the middle of a sample. The main thread
sleeps S seconds in wait_then_end(), then:
    return    returns: the interpreter finalises with the threads still running
    os_exit   os._exit(0): the process vanishes at once
    exec      os.execv("/bin/sleep", ["sleep", "0.3"]): the process lives on,
              no longer Python
Python 2.7 and 3.6 - 3.13 run it unchanged.
"""
from __future__ import print_function

import argparse
import os
import threading
import time


def churn(depth):
    if depth > 0:
        return churn(depth - 1)  # @exit-churn
    return depth


def worker():
    while True:
        churn(30)


def wait_then_end(how, seconds):
    time.sleep(seconds)  # @exit-main
    if how == "os_exit":
        os._exit(0)
    if how == "exec":
        os.execv("/bin/sleep", ["sleep", "0.3"])


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--how", choices=("return", "os_exit", "exec"), required=True)
    parser.add_argument("--threads", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=0.3)
    arguments = parser.parse_args()
    for _ in range(arguments.threads):
        thread = threading.Thread(target=worker)
        thread.daemon = True
        thread.start()
    wait_then_end(arguments.how, arguments.seconds)  # @exit-module
