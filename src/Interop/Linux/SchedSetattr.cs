// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

internal static unsafe partial class Libc
{
    /// <summary>The system call number of sched_setattr on x86-64 (arch/x86/entry/syscalls/syscall_64.tbl).</summary>
    public const nint SYS_sched_setattr_x64 = 314;

    /// <summary>The system call number of sched_setattr on arm64, which takes asm-generic's (include/uapi/asm-generic/unistd.h).</summary>
    public const nint SYS_sched_setattr_arm64 = 274;

    /// <summary>struct sched_attr (include/uapi/linux/sched/types.h), its first version (SCHED_ATTR_SIZE_VER0, 48 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SchedAttr
    {
        public uint Size;
        public uint SchedPolicy;
        public ulong SchedFlags;
        public int SchedNice;
        public uint SchedPriority;
        /// <summary>For SCHED_OTHER from Linux 6.12 (EEVDF): the slice the thread asks for, in ns (0.1 to 100 ms).</summary>
        public ulong SchedRuntime;
        public ulong SchedDeadline;
        public ulong SchedPeriod;
    }

    /// <summary>syscall(2) with sched_setattr's arguments: glibc 2.36 has no wrapper for it.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "syscall", SetLastError = true)]
    public static partial nint SyscallSchedSetattr(nint number, int tid, SchedAttr* attributes, uint flags);
}
