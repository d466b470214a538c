// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

internal static unsafe partial class Libc
{
    public const int AF_INET = 2;
    public const int AF_INET6 = 10;
    public const int SOCK_STREAM = 1;
    public const int SOCK_NONBLOCK = 0x800;
    public const int SOCK_CLOEXEC = 0x80000;

    /// <summary>socket(2).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);
}
