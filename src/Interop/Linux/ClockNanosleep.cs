// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

internal static unsafe partial class Libc
{
    public const int CLOCK_REALTIME = 0;
    public const int CLOCK_MONOTONIC = 1;
    public const int TIMER_ABSTIME = 1;

    [StructLayout(LayoutKind.Sequential)]
    public struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary>clock_nanosleep(2): sleeps to an absolute point of the monotonic clock, so the schedule never drifts.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "clock_nanosleep")]
    public static partial int ClockNanosleep(int clockId, int flags, TimeSpec* request, TimeSpec* remain);
}
