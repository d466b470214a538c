// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.MacOS;

internal static partial class Mach
{
    /// <summary>
    /// mach_vm_read_overwrite (mach/mach_vm.h): copies size bytes of the task at address into austin's buffer at
    /// data, without stopping the task; KERN_INVALID_ADDRESS or KERN_PROTECTION_FAILURE for an unmapped byte.
    /// </summary>
    [LibraryImport(Libraries.LibSystem, EntryPoint = "mach_vm_read_overwrite")]
    public static partial int MachVmReadOverwrite(uint task, ulong address, ulong size, ulong data, out ulong copied);
}
