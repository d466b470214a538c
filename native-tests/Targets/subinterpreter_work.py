# SPDX-License-Identifier: GPL-3.0-or-later
"""What subinterpreters_target.py runs in its sub-interpreter: a sleeping thread and a spinning one."""
import threading
import time


def sub_sleeper(seconds):
    time.sleep(seconds)  # @sub-sleeper


def sub_spinner(end):
    while time.time() < end: pass  # noqa: E701  # @sub-spinner


def run(seconds):
    sleeper = threading.Thread(target=sub_sleeper, args=(seconds,), name="sub-sleeper")
    sleeper.start()
    sub_spinner(time.time() + seconds)  # @sub-run
    sleeper.join()
