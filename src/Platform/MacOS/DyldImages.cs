// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Text;
using Austin.Interop.MacOS;

namespace Austin.Platform.MacOS;

/// <summary>
/// The images dyld has loaded in a task, from dyld's own list (mach-o/dyld_images.h): task_info(TASK_DYLD_INFO)
/// gives the address of struct dyld_all_image_infos in the task, whose infoArray (at +8, infoArrayCount at +4) holds
/// {imageLoadAddress, imageFilePath, imageFileModDate} per image, 24 bytes each. The load address is the image's
/// Mach header. The list is read through the task's memory, like the rest of the target.
/// </summary>
internal static unsafe class DyldImages
{
    private const int MaxImages = 16384;
    private const int ImageInfoSize = 24;

    /// <summary>The loaded images; empty when the list cannot be read (dyld is updating it: the caller asks again later).</summary>
    public static List<LoadedModule> Read(uint task, IProcessMemory memory)
    {
        var modules = new List<LoadedModule>();
        Mach.TaskDyldInfo info;
        uint count = Mach.TASK_DYLD_INFO_COUNT;
        if (Mach.TaskInfo(task, Mach.TASK_DYLD_INFO, &info, ref count) != KernReturn.KERN_SUCCESS || info.AllImageInfoAddress == 0) return modules;
        Span<byte> header = stackalloc byte[16];
        if (!memory.TryRead(info.AllImageInfoAddress, header)) return modules;
        uint images = BitConverter.ToUInt32(header[4..]);
        ulong array = BitConverter.ToUInt64(header[8..]);
        // infoArray is NULL while dyld changes the list.
        if (array == 0 || images == 0 || images > MaxImages) return modules;
        byte[] entries = new byte[images * ImageInfoSize];
        if (!memory.TryRead(array, entries)) return modules;
        Span<byte> path = stackalloc byte[1024];
        for (int i = 0; i < images; i++)
        {
            ulong load = BitConverter.ToUInt64(entries, i * ImageInfoSize);
            ulong pathAddress = BitConverter.ToUInt64(entries, i * ImageInfoSize + 8);
            int length = memory.TryReadCString(pathAddress, path);
            if (load == 0 || length <= 0) continue;
            modules.Add(new LoadedModule(Encoding.UTF8.GetString(path[..length]), load));
        }
        return modules;
    }
}
