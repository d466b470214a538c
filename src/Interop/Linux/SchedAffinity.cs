// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

internal static unsafe partial class Libc
{
    /// <summary>sched_getaffinity(2): the CPUs a thread may run on (tid 0: the calling thread).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "sched_getaffinity", SetLastError = true)]
    public static partial int SchedGetaffinity(int tid, nuint size, ulong* mask);

    /// <summary>sched_setaffinity(2).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "sched_setaffinity", SetLastError = true)]
    public static partial int SchedSetaffinity(int tid, nuint size, ulong* mask);
}
