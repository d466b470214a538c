# SPDX-License-Identifier: GPL-3.0-or-later
# Accuracy target: in every cycle of about 100 ms the main thread is busy about 50 ms in fifty(), 30 ms in
# thirty() and 20 ms in twenty(), by the wall clock, for SECONDS seconds. A sampler must see the shares of
# time that each really took: on a loaded machine a function that is descheduled past its end overruns
# into the next one's slot, so the program measures them itself and, given a REPORT file, writes one line
# per function there: "name percent".
#     python shares.py [SECONDS] [REPORT]
from __future__ import print_function

import sys
import time

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
REPORT = sys.argv[2] if len(sys.argv) > 2 else None


def busy(until):
    while time.time() < until:
        pass


def fifty(start):
    busy(start + 0.050)


def thirty(start):
    busy(start + 0.030)


def twenty(start):
    busy(start + 0.020)


def main():
    spent = {"fifty": 0.0, "thirty": 0.0, "twenty": 0.0}
    end = time.time() + SECONDS
    while time.time() < end:
        t = time.time()
        fifty(t)
        t1 = time.time()
        thirty(t + 0.050)
        t2 = time.time()
        twenty(t + 0.080)
        t3 = time.time()
        spent["fifty"] += t1 - t
        spent["thirty"] += t2 - t1
        spent["twenty"] += t3 - t2
    if REPORT:
        total = sum(spent.values())
        with open(REPORT, "w") as f:
            for name in ("fifty", "thirty", "twenty"):
                f.write("%s %.3f\n" % (name, 100.0 * spent[name] / total))


main()
