// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.MacOS;

internal static unsafe partial class Mach
{
    public const int TASK_DYLD_INFO = 17;

    /// <summary>task_dyld_info (mach/task_info.h), packed to 4 bytes: where dyld's dyld_all_image_infos is in the task.</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    public struct TaskDyldInfo
    {
        public ulong AllImageInfoAddress;
        public ulong AllImageInfoSize;
        public int AllImageInfoFormat;
    }

    /// <summary>TASK_DYLD_INFO_COUNT: 20 bytes in natural_t units.</summary>
    public const uint TASK_DYLD_INFO_COUNT = 5;

    /// <summary>task_info (mach/task.h) for the flavour TASK_DYLD_INFO.</summary>
    [LibraryImport(Libraries.LibSystem, EntryPoint = "task_info")]
    public static partial int TaskInfo(uint task, int flavor, TaskDyldInfo* info, ref uint count);
}
