// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.MacOS;

internal static partial class Mach
{
    /// <summary>
    /// mach_wait_until (mach/mach_time.h): sleeps to an absolute deadline in mach_absolute_time units (macOS has no
    /// clock_nanosleep), so that a late wake-up does not push the next one.
    /// </summary>
    [LibraryImport(Libraries.LibSystem, EntryPoint = "mach_wait_until")]
    public static partial int MachWaitUntil(ulong deadline);
}
