// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.MacOS;

internal static partial class Mach
{
    /// <summary>
    /// task_for_pid (mach/mach_traps.h): the task port of another process, which mach_vm_read_overwrite reads
    /// through. Only root, or a process signed with the com.apple.security.cs.debugger entitlement, gets it, and not
    /// for a process protected by System Integrity Protection or hardened without get-task-allow.
    /// </summary>
    [LibraryImport(Libraries.LibSystem, EntryPoint = "task_for_pid")]
    public static partial int TaskForPid(uint targetTaskPort, int pid, out uint task);
}
