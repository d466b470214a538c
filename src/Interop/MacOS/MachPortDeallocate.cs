// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.MacOS;

internal static partial class Mach
{
    /// <summary>mach_port_deallocate (mach/mach_port.h): releases a send right (a thread port from task_threads).</summary>
    [LibraryImport(Libraries.LibSystem, EntryPoint = "mach_port_deallocate")]
    public static partial int MachPortDeallocate(uint task, uint name);
}
