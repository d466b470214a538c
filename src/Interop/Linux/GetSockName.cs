// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

internal static unsafe partial class Libc
{
    /// <summary>getsockname(2): the address a socket is bound to (the port the kernel chose for port 0).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "getsockname", SetLastError = true)]
    public static partial int GetSockName(int fd, byte* address, uint* length);
}
