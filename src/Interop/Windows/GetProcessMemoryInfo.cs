// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Windows;

internal static unsafe partial class Kernel32
{
    /// <summary>PROCESS_MEMORY_COUNTERS (psapi.h).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ProcessMemoryCounters
    {
        public uint cb;
        public uint PageFaultCount;
        public nuint PeakWorkingSetSize;
        public nuint WorkingSetSize;
        public nuint QuotaPeakPagedPoolUsage;
        public nuint QuotaPagedPoolUsage;
        public nuint QuotaPeakNonPagedPoolUsage;
        public nuint QuotaNonPagedPoolUsage;
        public nuint PagefileUsage;
        public nuint PeakPagefileUsage;
    }

    /// <summary>The pseudo handle of the calling process (GetCurrentProcess() returns it without a call).</summary>
    public const nint CurrentProcess = -1;

    /// <summary>GetProcessMemoryInfo (psapi, as kernel32's K32 export): the working set is what Windows calls resident.</summary>
    [LibraryImport(Libraries.Kernel32, EntryPoint = "K32GetProcessMemoryInfo", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool GetProcessMemoryInfo(nint process, ProcessMemoryCounters* counters, uint size);
}
