// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

internal static unsafe partial class Libc
{
    /// <summary>clock_gettime(2): the clock the sampling schedule is kept on.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "clock_gettime")]
    public static partial int ClockGettime(int clockId, TimeSpec* time);
}
