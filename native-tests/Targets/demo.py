# SPDX-License-Identifier: GPL-3.0-or-later
# The demo that `./build.sh run` profiles: a second of mixed CPU work and sleeping,
# with a worker thread, so that the output shows nested frames and two threads.
import threading
import time


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def crunch():
    total = 0
    for i in range(20):
        total += fib(18)
    return total


def nap():
    time.sleep(0.3)


def worker():
    for _ in range(3):
        nap()


def main():
    t = threading.Thread(target=worker)
    t.start()
    deadline = time.time() + 1.0
    while time.time() < deadline:
        crunch()
    t.join()


if __name__ == "__main__":
    main()
