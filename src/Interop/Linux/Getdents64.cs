// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

internal static unsafe partial class Libc
{
    public const int O_RDONLY = 0;

    /// <summary>
    /// O_DIRECTORY is one of the few flags whose value is the architecture's: 0200000 on x86-64, 040000 on arm64
    /// (glibc's sysdeps/unix/sysv/linux/aarch64/bits/fcntl.h), where 0200000 is O_DIRECT.
    /// </summary>
    public static int O_DIRECTORY => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x4000 : 0x10000;

    /// <summary>getdents64(2) (glibc 2.30+): reads directory entries into a caller's buffer, without allocating.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "getdents64", SetLastError = true)]
    public static partial nint Getdents64(int fd, byte* buffer, nuint count);
}
