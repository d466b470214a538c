// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Text;
using Austin.Interop.MacOS;

namespace Austin.Platform.MacOS;

/// <summary>A region of a task's address space, with the file mapped there (what vmmap lists).</summary>
internal readonly record struct MachRegion(ulong Start, ulong End, int Protection, string? Path)
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(MachRegion);
}

/// <summary>The region walk: mach_vm_region from address 0 up, and proc_regionfilename for each region's file.</summary>
internal static unsafe class MachRegions
{
    private const int MaxRegions = 1 << 16;

    public static List<MachRegion> Read(uint task, int pid)
    {
        var regions = new List<MachRegion>();
        ulong address = 0;
        byte* path = stackalloc byte[1024];
        while (regions.Count < MaxRegions)
        {
            Mach.VmRegionBasicInfo64 info;
            uint count = Mach.VM_REGION_BASIC_INFO_COUNT_64;
            if (Mach.MachVmRegion(task, ref address, out ulong size, Mach.VM_REGION_BASIC_INFO_64, &info, ref count, out _) != KernReturn.KERN_SUCCESS || size == 0)
                break;
            int length = Libproc.ProcRegionFilename(pid, address, path, 1024);
            string? file = length > 0 ? Encoding.UTF8.GetString(path, length) : null;
            regions.Add(new MachRegion(address, address + size, info.Protection, file));
            if (address + size < address) break;
            address += size;
        }
        return regions;
    }
}
