// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.MacOS;

internal static unsafe partial class Mach
{
    public const int VM_REGION_BASIC_INFO_64 = 9;
    public const int VM_PROT_READ = 1;
    public const int VM_PROT_WRITE = 2;

    /// <summary>vm_region_basic_info_data_64_t (mach/vm_region.h), packed to 4 bytes as the header says: 36 bytes.</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    public struct VmRegionBasicInfo64
    {
        public int Protection;
        public int MaxProtection;
        public uint Inheritance;
        public int Shared;
        public int Reserved;
        public ulong Offset;
        public int Behavior;
        public ushort UserWiredCount;
    }

    /// <summary>VM_REGION_BASIC_INFO_COUNT_64: the struct's size in natural_t (4-byte) units.</summary>
    public const uint VM_REGION_BASIC_INFO_COUNT_64 = 9;

    /// <summary>
    /// mach_vm_region (mach/mach_vm.h): the first region at or above *address: its start in *address, its size, and
    /// its protection. KERN_INVALID_ADDRESS past the last region. The object name is a port to deallocate (always
    /// MACH_PORT_NULL for this flavour, as xnu returns it).
    /// </summary>
    [LibraryImport(Libraries.LibSystem, EntryPoint = "mach_vm_region")]
    public static partial int MachVmRegion(uint task, ref ulong address, out ulong size, int flavor, VmRegionBasicInfo64* info, ref uint count, out uint objectName);
}
