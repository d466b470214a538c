// SPDX-License-Identifier: GPL-3.0-or-later
using System;

namespace Austin.Tests.Support;

/// <summary>Measures what code allocates on the calling thread.</summary>
public static class Allocations
{
    /// <summary>
    /// The fewest bytes that <paramref name="body"/> allocated in one of <paramref name="rounds"/> runs. Code that
    /// allocates per call allocates in every run; a one-off of the runtime (a method promoted by the tiered JIT
    /// while it runs, seen once in a loaded suite run as 2 KB) lands in one run only.
    /// </summary>
    public static long Fewest(int rounds, Action body)
    {
        long fewest = long.MaxValue;
        for (int i = 0; i < rounds; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            body();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return fewest;
    }
}
