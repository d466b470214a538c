// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.MacOS;

internal static unsafe partial class Libproc
{
    /// <summary>PROC_PIDPATHINFO_MAXSIZE (sys/proc_info.h): 4 × MAXPATHLEN.</summary>
    public const int PROC_PIDPATHINFO_MAXSIZE = 4096;

    /// <summary>proc_pidpath (libproc.h): the path of the process's executable; its length, 0 on failure.</summary>
    [LibraryImport(Libraries.LibSystem, EntryPoint = "proc_pidpath", SetLastError = true)]
    public static partial int ProcPidpath(int pid, byte* buffer, uint size);
}
