// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

internal static unsafe partial class Libc
{
    public const int O_RDONLY = 0;
    public const int O_DIRECTORY = 0x10000;

    /// <summary>getdents64(2) (glibc 2.30+): reads directory entries into a caller's buffer, without allocating.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "getdents64", SetLastError = true)]
    public static partial nint Getdents64(int fd, byte* buffer, nuint count);
}
