// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.MacOS;

internal static unsafe partial class Libproc
{
    public const int PROC_PIDTASKINFO = 4;

    /// <summary>struct proc_taskinfo (sys/proc_info.h) is 96 bytes; pti_resident_size (bytes) is the second uint64.</summary>
    public const int ProcTaskInfoSize = 96;
    public const int ResidentSizeOffset = 8;

    /// <summary>proc_pidinfo (libproc.h): a flavour of information about a process; the bytes written, 0 on failure.</summary>
    [LibraryImport(Libraries.LibSystem, EntryPoint = "proc_pidinfo", SetLastError = true)]
    public static partial int ProcPidinfo(int pid, int flavor, ulong argument, void* buffer, int size);
}
