// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.MacOS;

internal static partial class Mach
{
    /// <summary>mach_vm_deallocate (mach/mach_vm.h): frees memory the kernel gave austin (task_threads' array).</summary>
    [LibraryImport(Libraries.LibSystem, EntryPoint = "mach_vm_deallocate")]
    public static partial int MachVmDeallocate(uint task, ulong address, ulong size);
}
