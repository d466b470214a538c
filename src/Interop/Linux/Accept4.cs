// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

internal static unsafe partial class Libc
{
    /// <summary>accept4(2), with SOCK_NONBLOCK and SOCK_CLOEXEC as <paramref name="flags"/>; the peer's address is not asked for.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "accept4", SetLastError = true)]
    public static partial int Accept4(int fd, byte* address, uint* length, int flags);
}
