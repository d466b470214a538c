// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.MacOS;

internal static unsafe partial class Libproc
{
    /// <summary>
    /// proc_regionfilename (libproc.h): the path of the file mapped at address in process pid (what vmmap prints);
    /// its length, or 0 for an anonymous region.
    /// </summary>
    [LibraryImport(Libraries.LibSystem, EntryPoint = "proc_regionfilename", SetLastError = true)]
    public static partial int ProcRegionFilename(int pid, ulong address, byte* buffer, uint size);
}
