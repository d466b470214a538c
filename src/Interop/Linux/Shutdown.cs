// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

internal static unsafe partial class Libc
{
    public const int SHUT_WR = 1;
    public const int SHUT_RDWR = 2;

    /// <summary>shutdown(2).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "shutdown", SetLastError = true)]
    public static partial int Shutdown(int fd, int how);
}
