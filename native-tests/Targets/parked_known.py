# SPDX-License-Identifier: GPL-3.0-or-later
# A known stack, parked on one line: <module> -> outer -> middle -> leaf, asleep in time.sleep for argv[1] seconds.
# Used where every sample must show exactly this stack (the linux-arm64 build under qemu-user: Arm64QemuTests).
import sys
import time


def leaf(seconds):
    time.sleep(seconds)  # the parked line


def middle(seconds):
    leaf(seconds)


def outer(seconds):
    middle(seconds)


print("ready", flush=True)
outer(float(sys.argv[1]))
