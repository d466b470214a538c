# SPDX-License-Identifier: GPL-3.0-or-later
# -*- coding: utf-8 -*-
"""Non-ASCII names for main_target.py (3.x only: 2.7 has ASCII identifiers).

The three functions cover the three kinds of CPython 3 strings (PEP 393):
naïve_ünïcode is Latin-1 (one byte per character), 工作 is UCS-2, 𠀀 (U+20000)
is UCS-4; this file's own name makes co_filename non-ASCII too. The names are
written in NFC, which is what the compiler's NFKC normalisation leaves them as.
"""
import time

from target_support import FOREVER


def naïve_ünïcode():
    time.sleep(FOREVER)  # @unicode-sleep


def 工作():
    naïve_ünïcode()  # @unicode-middle


def 𠀀():
    工作()  # @unicode-outer


# main_target.py cannot spell these names (2.7 compiles it), so it takes them from here.
ENTRY = 𠀀
LEAF_NAME = naïve_ünïcode.__name__
