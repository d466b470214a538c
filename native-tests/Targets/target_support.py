# SPDX-License-Identifier: GPL-3.0-or-later
"""What the end-to-end targets share: markers, the parking check, the oracle.

Every target parks its threads at lines marked with a trailing "#", a space,
"@" and a tag. A reporter thread polls sys._current_frames() until every
thread's innermost frame is at its marked line, then, from that same snapshot,
writes the oracle (the interpreter's own view of every stack), announces
"ready", lingers, and calls back. The end-to-end tests find the same markers
in the same files, so no line number is written down twice.

Python 2.7 and 3.6 - 3.13 all compile this file: no f-strings, no
keyword-only arguments, print() through the __future__ import.
"""
from __future__ import print_function

import argparse
import io
import json
import os
import re
import sys
import threading
import time

# A parked thread must not wake up while a test looks at it; the process
# exits long before, because every parked thread is a daemon.
FOREVER = 3600.0

# How long the reporter waits for the threads to park before giving up: far
# more than a loaded two-core machine needs (parking takes ~50 ms), less than
# the tests' own timeouts, so that a stuck target explains itself.
PARK_TIMEOUT = 10.0

# Exit status when the threads never parked: distinct from Python's own 1.
NOT_PARKED = 3

_MARKER = re.compile(r"#\s@([a-z0-9-]+)\s*$")


def markers(path):
    """Map every marker tag of a source file to its 1-based line number."""
    found = {}
    with io.open(path, encoding="utf-8") as source:
        for number, text in enumerate(source, 1):
            match = _MARKER.search(text)
            if match is None:
                continue
            tag = match.group(1)
            if tag in found:
                raise ValueError("marker %s appears twice in %s" % (tag, path))
            found[tag] = number
    return found


def parse_options(argv, seconds=None):
    """Parse the options every target takes; --seconds only when asked for."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--oracle", help="write the interpreter's own view of every stack here (JSON)")
    parser.add_argument(
        "--ready",
        choices=("stdout", "stderr", "none"),
        default="stdout",
        help="where to print 'ready' once every thread is parked; stderr keeps stdout free for samples",
    )
    parser.add_argument("--linger", type=float, default=1.5, help="seconds to stay parked after 'ready'")
    if seconds is not None:
        parser.add_argument("--seconds", type=float, default=seconds, help="how long the main thread sleeps")
    return parser.parse_args(argv)


def code_name(code):
    """The name a sampler must print: co_qualname where it exists (3.11+), else co_name."""
    return getattr(code, "co_qualname", code.co_name)


def stack_of(frame):
    """[function, file, line] for every frame, outermost first."""
    stack = []
    while frame is not None:
        code = frame.f_code
        stack.append([code_name(code), code.co_filename, frame.f_lineno])
        frame = frame.f_back
    stack.reverse()
    return stack


def _is_parked(frames, expected):
    ident, function, line = expected
    frame = frames.get(ident)
    return frame is not None and frame.f_code.co_name == function and frame.f_lineno == line


def _describe_unparked(frames, parked):
    lines = []
    for role in sorted(parked):
        if not _is_parked(frames, parked[role]):
            ident, function, line = parked[role]
            frame = frames.get(ident)
            lines.append(
                "  %s: expected %s at line %d, stack %r"
                % (role, function, line, stack_of(frame) if frame is not None else None)
            )
    return "\n".join(lines)


def _write_oracle(path, frames, parked, reporter_ident):
    roles = dict((role, "%x" % expected[0]) for role, expected in parked.items())
    roles["reporter"] = "%x" % reporter_ident
    document = {
        "pid": os.getpid(),
        "version": list(sys.version_info[:3]),
        "executable": sys.executable,
        "roles": roles,
        "threads": dict(("%x" % ident, stack_of(frame)) for ident, frame in frames.items()),
    }
    # Written aside and renamed, so that a reader never sees half a file.
    temporary = path + ".partial"
    with open(temporary, "w") as output:
        json.dump(document, output, indent=1, sort_keys=True)
    os.rename(temporary, path)


def _report(parked, options, on_done, on_ready=None):
    deadline = time.time() + PARK_TIMEOUT
    while True:
        frames = sys._current_frames()
        if all(_is_parked(frames, expected) for expected in parked.values()):
            break
        if time.time() > deadline:
            sys.stderr.write("target: threads not parked after %gs:\n%s\n" % (PARK_TIMEOUT, _describe_unparked(frames, parked)))
            sys.stderr.flush()
            os._exit(NOT_PARKED)
        frames = None  # do not keep every thread's frames alive while waiting (2.7 forbids del here)
        time.sleep(0.01)

    # The oracle comes from the very snapshot that proved every thread parked.
    if options.oracle:
        _write_oracle(options.oracle, frames, parked, threading.current_thread().ident)
    frames = None
    if options.ready != "none":
        stream = sys.stdout if options.ready == "stdout" else sys.stderr
        print("ready", file=stream)
        stream.flush()
    if on_ready is not None:
        on_ready()
    if on_done is not None:
        time.sleep(options.linger)  # @support-linger
        on_done()


def start_reporter(parked, options, on_done=None, on_ready=None):
    """Report once every thread is parked.

    parked maps a role to (thread ident, co_name, line) of the innermost frame
    that the thread must be in. on_ready, if given, runs right after "ready";
    on_done after the linger.
    """
    reporter = threading.Thread(target=_report, args=(parked, options, on_done, on_ready), name="reporter")
    reporter.daemon = True
    reporter.start()
    return reporter
