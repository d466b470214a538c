# SPDX-License-Identifier: GPL-3.0-or-later
"""A target that starts child processes, for austin -C.

    python children_target.py pool [--start fork|spawn|default] [--seconds S]
    python children_target.py shell [--seconds S]
    python children_target.py attach --go FILE [--seconds S]
    python children_target.py burn [--seconds S]

pool: forks a short-lived child that burns 0.4 s in short_lived_child() and
prints "short <pid>" on stderr, then runs a multiprocessing pool of 4 workers
(with the given start method) that each burn in burn_in_worker() until all 4
have started, then S seconds more; prints "workers <pid> <pid> <pid> <pid>"
and "parent <pid>" on stderr.

shell: runs this file's burn mode through `sh -c "...; true"` (a shell that
forks rather than execs), then through fork + exec; each prints
"burner <pid>" on stderr and burns S seconds in burn_in_child().

attach: forks a child that burns in early_child(), prints "ready" on stdout
and "early <pid>" on stderr, waits for FILE to exist, then forks a child that
burns S seconds in late_child() ("late <pid>" on stderr); early_child() goes
on S seconds after FILE appears.

Python 2.7 and 3.6 - 3.13 run it unchanged (2.7 has no start methods: only
"default", which is fork).
"""
from __future__ import print_function

import argparse
import multiprocessing
import os
import subprocess
import sys
import time

WORKERS = 4


def say(text):
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def short_lived_child(seconds):
    end = time.time() + seconds
    while time.time() < end:
        pass


_started = None


def init_worker(started):
    global _started
    _started = started


def burn_in_worker(seconds):
    # Each task holds its worker until all of them run a task: no worker can take two, so all 4 are seen.
    with _started.get_lock():
        _started.value += 1
    end = None
    while end is None or time.time() < end:
        if end is None and _started.value >= WORKERS:
            end = time.time() + seconds
    return os.getpid()


def pool(start, seconds):
    pid = os.fork()
    if pid == 0:
        short_lived_child(0.4)
        os._exit(0)
    say("short %d" % pid)
    os.waitpid(pid, 0)
    context = multiprocessing if start == "default" else multiprocessing.get_context(start)
    started = context.Value("i", 0)
    workers = context.Pool(WORKERS, init_worker, (started,))
    pids = workers.map(burn_in_worker, [seconds] * WORKERS, chunksize=1)
    workers.close()
    workers.join()
    say("workers %s" % " ".join(str(p) for p in pids))
    say("parent %d" % os.getpid())


def burn_in_child(seconds):
    end = time.time() + seconds
    while time.time() < end:
        pass


def shell(seconds):
    this = os.path.abspath(__file__)
    # "; true" keeps the shell from exec'ing python: it forks, and waits.
    subprocess.check_call(["sh", "-c", '"$0" "$1" burn --seconds "$2"; true', sys.executable, this, str(seconds)])
    pid = os.fork()
    if pid == 0:
        os.execv(sys.executable, [sys.executable, this, "burn", "--seconds", str(seconds)])
    os.waitpid(pid, 0)


def early_child(go, seconds):
    end = None
    while end is None or time.time() < end:
        if end is None and os.path.exists(go):
            end = time.time() + seconds


def late_child(seconds):
    end = time.time() + seconds
    while time.time() < end:
        pass


def attach(go, seconds):
    early = os.fork()
    if early == 0:
        early_child(go, seconds)
        os._exit(0)
    print("ready")
    sys.stdout.flush()
    say("early %d" % early)
    deadline = time.time() + 60
    while not os.path.exists(go) and time.time() < deadline:
        time.sleep(0.01)
    late = os.fork()
    if late == 0:
        late_child(seconds)
        os._exit(0)
    say("late %d" % late)
    os.waitpid(early, 0)
    os.waitpid(late, 0)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("pool", "shell", "attach", "burn"))
    parser.add_argument("--start", default="default")
    parser.add_argument("--seconds", type=float, default=0.5)
    parser.add_argument("--go")
    arguments = parser.parse_args()
    if arguments.mode == "pool":
        pool(arguments.start, arguments.seconds)
    elif arguments.mode == "shell":
        shell(arguments.seconds)
    elif arguments.mode == "attach":
        attach(arguments.go, arguments.seconds)
    else:
        say("burner %d" % os.getpid())
        burn_in_child(arguments.seconds)
