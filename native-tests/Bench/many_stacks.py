# SPDX-License-Identifier: GPL-3.0-or-later
# Soak target for the picture formats: many distinct stacks at little CPU. 300 generated functions (each its own
# code object) call one another along 20,000 fixed random paths of 3 to 14 frames; four threads walk paths at random
# and sleep 5 ms at the end of each, so a sampler sees the same 20,000 stacks again and again: the distinct stacks
# saturate within minutes while the samples keep growing. Runs for SECONDS seconds (default 600).
from __future__ import print_function

import random
import sys
import threading
import time

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 600.0
FUNCTIONS = 300
PATHS = 20000
END = time.time() + SECONDS

FUNCS = []
source = "".join(
    "def f%d(path, k):\n"
    "    if k < len(path):\n"
    "        return FUNCS[path[k]](path, k + 1)\n"
    "    time.sleep(0.005)\n\n" % i
    for i in range(FUNCTIONS)
)
namespace = {"FUNCS": FUNCS, "time": time}
exec(compile(source, "many_stacks_generated.py", "exec"), namespace)
FUNCS.extend(namespace["f%d" % i] for i in range(FUNCTIONS))

rng = random.Random(12)
ALL_PATHS = [[rng.randrange(FUNCTIONS) for _ in range(rng.randint(3, 14))] for _ in range(PATHS)]


def walker(seed):
    r = random.Random(seed)
    while time.time() < END:
        path = ALL_PATHS[r.randrange(PATHS)]
        FUNCS[path[0]](path, 1)


threads = [threading.Thread(target=walker, args=(k,)) for k in range(4)]
for t in threads:
    t.start()
print("ready")
sys.stdout.flush()
for t in threads:
    t.join()
