// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.MacOS;

internal static unsafe partial class Mach
{
    /// <summary>
    /// task_threads (mach/task.h): the task's thread ports, in an array the kernel allocates in austin (free it with
    /// mach_vm_deallocate) whose every port is a right to release with mach_port_deallocate.
    /// </summary>
    [LibraryImport(Libraries.LibSystem, EntryPoint = "task_threads")]
    public static partial int TaskThreads(uint task, out uint* threads, out uint count);
}
