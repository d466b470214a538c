// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.MacOS;

internal static partial class Mach
{
    /// <summary>mach_timebase_info_data_t: nanoseconds = ticks × Numer / Denom (1/1 on Intel, 125/3 on Apple silicon).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct TimebaseInfo
    {
        public uint Numer;
        public uint Denom;
    }

    /// <summary>mach_timebase_info (mach/mach_time.h).</summary>
    [LibraryImport(Libraries.LibSystem, EntryPoint = "mach_timebase_info")]
    public static partial int MachTimebaseInfo(out TimebaseInfo info);
}
