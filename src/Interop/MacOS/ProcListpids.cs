// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.MacOS;

internal static unsafe partial class Libproc
{
    /// <summary>PROC_PPID_ONLY (sys/proc_info.h): the processes whose parent is the given PID.</summary>
    public const uint PROC_PPID_ONLY = 6;

    /// <summary>
    /// proc_listpids (libproc.h): the PIDs of a kind of process into buffer; the number of bytes written (4 per PID),
    /// or -1. (proc_listchildpids wraps it, but has returned bytes in some releases and PIDs in others.)
    /// </summary>
    [LibraryImport(Libraries.LibSystem, EntryPoint = "proc_listpids", SetLastError = true)]
    public static partial int ProcListpids(uint type, uint typeInfo, int* buffer, int bufferSize);
}
