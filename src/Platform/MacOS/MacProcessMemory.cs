// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using Austin.Interop.MacOS;

namespace Austin.Platform.MacOS;

/// <summary>
/// Reads another process through its task port with mach_vm_read_overwrite: one Mach call per read, no stop. The
/// kernel copies straight into austin's buffer (mach_vm_read would allocate a copy to free after every read).
/// </summary>
internal sealed unsafe class MacProcessMemory(uint task) : IProcessMemory
{
    /// <summary>The kern_return_t of the last failed read (KERN_INVALID_ADDRESS, KERN_PROTECTION_FAILURE, ...).</summary>
    public int LastError { get; private set; }

    public bool TryRead(ulong address, Span<byte> destination)
    {
        if (destination.IsEmpty) return true;
        if (address == 0 || address + (ulong)destination.Length < address) { LastError = KernReturn.KERN_INVALID_ADDRESS; return false; }
        fixed (byte* p = destination)
        {
            int result = Mach.MachVmReadOverwrite(task, address, (ulong)destination.Length, (ulong)p, out ulong copied);
            if (result == KernReturn.KERN_SUCCESS && copied == (ulong)destination.Length) return true;
            LastError = result == KernReturn.KERN_SUCCESS ? KernReturn.KERN_INVALID_ADDRESS : result;
            return false;
        }
    }
}
