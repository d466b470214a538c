// SPDX-License-Identifier: GPL-3.0-or-later
// What one short sleep costs on this machine, the floor under a sampler that sleeps between samples:
//   gcc -O2 -o /tmp/sleep_cost native-tests/Bench/sleep_cost.c && /tmp/sleep_cost [sleeps] [microseconds]
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 100000;
    long us = argc > 2 ? atol(argv[2]) : 10;
    struct timespec nap = {us / 1000000, (us % 1000000) * 1000}, a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < n; i++) clock_nanosleep(CLOCK_MONOTONIC, 0, &nap, NULL);
    clock_gettime(CLOCK_MONOTONIC, &b);
    struct rusage r;
    getrusage(RUSAGE_SELF, &r);
    double cpu = (r.ru_utime.tv_sec + r.ru_stime.tv_sec) * 1e3 + (r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e3;
    double wall = (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6;
    printf("%d sleeps of %ld us: %.1f us of wall time and %.2f us of CPU each\n", n, us, wall * 1e3 / n, cpu * 1e3 / n);
    return 0;
}
