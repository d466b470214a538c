# SPDX-License-Identifier: GPL-3.0-or-later
# Prints LINES numbered lines to its standard output, a little work and a 2 ms nap between them, so that
# austin samples while it prints: none of these lines may ever appear among the samples.
#     python printer.py [LINES]
from __future__ import print_function

import sys
import time

LINES = int(sys.argv[1]) if len(sys.argv) > 1 else 200


def work():
    total = 0
    for i in range(5000):
        total += i
    return total


for n in range(LINES):
    print("PRINTER-LINE-%06d" % n)
    sys.stdout.flush()
    work()
    time.sleep(0.002)
