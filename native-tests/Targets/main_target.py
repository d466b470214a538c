# SPDX-License-Identifier: GPL-3.0-or-later
"""The end-to-end tests' main target: one process, every stack shape at once.

One austin run per interpreter checks everything, so that the suite stays
short across a dozen interpreters. Each thread parks (sleeps for good) at a
line marked with a trailing marker comment; the tests compute the expected
stacks from those markers, and compare with the oracle this process writes.

    python main_target.py [--oracle FILE] [--ready stdout|stderr|none] [--linger SECONDS]

Threads and where they park:
    main       <module> -> outer -> middle -> leaf, polling a flag
    alpha..    four workers, each in its own function
    deep       deep() calling itself, 300 frames of it
    method     Klass.method (qualname on 3.11+, "method" before)
    generator  consume_generator -> sleepy_generator, inside the generator body
    lambda     a module-level lambda
    exec       run_exec -> <module> -> exec_parked, compiled from exec_payload.txt
               under a file name with spaces and parentheses
    async      run_async -> asyncio -> async_main -> async_a -> async_b (3.7+)
    unicode    non-ASCII function names in a non-ASCII module file (3.x)

Python 2.7 and 3.6 - 3.13 all compile this file: the 3.x-only shapes live in
modules that 2.7 never imports.
"""
from __future__ import print_function

import importlib
import io
import os
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
# First on the path, and absolute, so that every co_filename the tests expect
# is <this directory>/<file>, whatever the current directory is.
sys.path.insert(0, HERE)

import target_support as support  # noqa: E402  (needs the path above)

MARKS = support.markers(os.path.join(HERE, "main_target.py"))

RECURSION_DEPTH = 300

# Compiled under this name: spaces and parentheses, like the worst real paths.
EXEC_FILE_NAME = "<exec payload (austin e2e)>"

# The 3.x-only module's name, spelled with escapes so that 2.7 can compile this file.
UNICODE_MODULE = u"\u00fcn\u00efcode_m\u00f3dule"


def worker_alpha():
    time.sleep(support.FOREVER)  # @alpha


def worker_beta():
    time.sleep(support.FOREVER)  # @beta


def worker_gamma():
    time.sleep(support.FOREVER)  # @gamma


def worker_delta():
    time.sleep(support.FOREVER)  # @delta


def deep(depth):
    if depth > 1:
        return deep(depth - 1)  # @deep-call
    time.sleep(support.FOREVER)  # @deep-sleep


class Klass(object):
    def method(self):
        time.sleep(support.FOREVER)  # @method


def sleepy_generator():
    while True:
        time.sleep(support.FOREVER)  # @gen-sleep
        yield None


def consume_generator():
    for _ in sleepy_generator():  # @gen-for
        pass


# A named lambda on purpose: its code object is called "<lambda>".
parked_lambda = lambda: time.sleep(support.FOREVER)  # noqa: E731  # @lambda


def run_exec():
    with io.open(os.path.join(HERE, "exec_payload.txt"), encoding="utf-8") as source:
        code = compile(source.read(), EXEC_FILE_NAME, "exec")
    exec(code, {"__name__": "exec_payload"})  # @exec-run


_done = []


def finish():
    _done.append(True)


def leaf():
    # One line, so that every sample and the oracle see the same line whether
    # the thread is inside sleep() or between two sleeps.
    while not _done: time.sleep(0.05)  # noqa: E701  # @leaf


def middle():
    leaf()  # @middle


def outer():
    middle()  # @outer


def start_parked_threads():
    """Start every parked thread; return role -> (ident, co_name, line) of where it parks."""
    parked = {}

    def park(role, target, args, function, line):
        thread = threading.Thread(target=target, args=args, name=role)
        thread.daemon = True
        thread.start()  # returns once the thread runs, so ident is set
        parked[role] = (thread.ident, function, line)

    park("alpha", worker_alpha, (), "worker_alpha", MARKS["alpha"])
    park("beta", worker_beta, (), "worker_beta", MARKS["beta"])
    park("gamma", worker_gamma, (), "worker_gamma", MARKS["gamma"])
    park("delta", worker_delta, (), "worker_delta", MARKS["delta"])
    park("deep", deep, (RECURSION_DEPTH,), "deep", MARKS["deep-sleep"])
    park("method", Klass().method, (), "method", MARKS["method"])
    park("generator", consume_generator, (), "sleepy_generator", MARKS["gen-sleep"])
    park("lambda", parked_lambda, (), "<lambda>", MARKS["lambda"])
    exec_marks = support.markers(os.path.join(HERE, "exec_payload.txt"))
    park("exec", run_exec, (), "exec_parked", exec_marks["exec-sleep"])

    if sys.version_info >= (3, 7):  # asyncio.run()
        import async_chain

        async_marks = support.markers(os.path.join(HERE, "async_chain.py"))
        park("async", async_chain.run_async, (), "async_b", async_marks["async-b"])

    if sys.version_info >= (3,):  # non-ASCII identifiers
        unicode_module = importlib.import_module(UNICODE_MODULE)
        unicode_marks = support.markers(os.path.join(HERE, UNICODE_MODULE + ".py"))
        park("unicode", unicode_module.ENTRY, (), unicode_module.LEAF_NAME, unicode_marks["unicode-sleep"])

    return parked


if __name__ == "__main__":
    options = support.parse_options(sys.argv[1:])
    parked = start_parked_threads()
    parked["main"] = (threading.current_thread().ident, "leaf", MARKS["leaf"])
    support.start_reporter(parked, options, on_done=finish)
    outer()  # @module
