// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.MacOS;

internal static partial class Libc
{
    /// <summary>CLOCK_UPTIME_RAW (time.h): mach_absolute_time in nanoseconds, the clock mach_wait_until sleeps on.</summary>
    public const int CLOCK_UPTIME_RAW = 8;

    /// <summary>clock_gettime_nsec_np (macOS 10.12+): a clock in nanoseconds, in one call.</summary>
    [LibraryImport(Libraries.LibSystem, EntryPoint = "clock_gettime_nsec_np")]
    public static partial ulong ClockGettimeNsecNp(int clock);
}
