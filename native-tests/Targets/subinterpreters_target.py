# SPDX-License-Identifier: GPL-3.0-or-later
"""The target of the sub-interpreter tests (3.12+): threads of two interpreters.

    python subinterpreters_target.py [--seconds S]

The main thread spins in main_spins() until the host thread ends. The host thread runs
subinterpreter_work.run() in a sub-interpreter (the private _interpreters
module of 3.13, _xxsubinterpreters in 3.12): its thread then has a thread
state in each interpreter, one whose stack ends in host() at the run_string
call, and one whose stack is the sub-interpreter's. run() starts a thread of
the sub-interpreter that sleeps in sub_sleeper() and spins in sub_spinner()
itself, both for --seconds; the program then exits (os._exit: no finalisation
of an interpreter that another thread runs).
"""
import argparse
import os
import sys
import threading
import time

try:
    import _interpreters as interpreters  # 3.13+
except ImportError:
    import _xxsubinterpreters as interpreters  # 3.12

HERE = os.path.dirname(os.path.abspath(__file__))

CODE = "import sys\nsys.path.insert(0, %r)\nimport subinterpreter_work\nsubinterpreter_work.run(%r)\n"


def host(interpreter, seconds):
    interpreters.run_string(interpreter, CODE % (HERE, seconds))  # @sub-host


def main_spins(thread):
    while thread.is_alive(): pass  # noqa: E701  # @sub-main


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=1.0)
    arguments = parser.parse_args()
    interpreter = interpreters.create()
    print("interpreter %d" % int(interpreter))
    sys.stdout.flush()
    thread = threading.Thread(target=host, args=(interpreter, arguments.seconds), name="host")
    thread.daemon = True
    thread.start()
    main_spins(thread)
    sys.stdout.flush()
    os._exit(0)
