# SPDX-License-Identifier: GPL-3.0-or-later
"""A coroutine chain for main_target.py: async_main -> async_a -> async_b.

async_b blocks in time.sleep(), so the whole chain stays on its thread's
frame stack, under the event loop's own frames. Imported on 3.7+ only
(asyncio.run); 2.7 would not even compile it.
"""
import asyncio
import time

from target_support import FOREVER


async def async_b():
    time.sleep(FOREVER)  # @async-b


async def async_a():
    await async_b()  # @async-a


async def async_main():
    await async_a()  # @async-main


def run_async():
    asyncio.run(async_main())  # @async-run
