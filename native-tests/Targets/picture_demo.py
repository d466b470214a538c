# SPDX-License-Identifier: GPL-3.0-or-later
# The program of the README's flame graph: its own code (a checksum of the text it makes), the standard library's
# (json's pure-Python encoder, which indent= selects) and an installed package's (PyYAML's emitter, where it is
# installed: Debian's python3-yaml in dist-packages), with a worker thread that waits on a queue, for SECONDS
# (default 2).
import json
import queue
import sys
import threading
import time

try:
    import yaml
except ImportError:  # no third-party package here: the picture just has no green
    yaml = None

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
DOCUMENT = {"users": [{"id": i, "name": "user%d" % i, "tags": ["a", "b", "c"], "score": i * 0.5} for i in range(200)]}


def checksum(text):
    total = 0
    for ch in text:
        total = (total * 31 + ord(ch)) & 0xFFFFFFFF
    return total


def to_json():
    return json.dumps(DOCUMENT, indent=2)


def to_yaml():
    return yaml.dump(DOCUMENT, Dumper=yaml.Dumper) if yaml else ""


def waiter(jobs):
    while jobs.get() is not None:
        pass


def main():
    jobs = queue.Queue()
    worker = threading.Thread(target=waiter, args=(jobs,))
    worker.start()
    end = time.time() + SECONDS
    while time.time() < end:
        checksum(to_json())
        checksum(to_yaml())
        jobs.put(1)
    jobs.put(None)
    worker.join()


if __name__ == "__main__":
    main()
