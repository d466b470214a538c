// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

internal static unsafe partial class Libc
{
    /// <summary>bind(2): <paramref name="address"/> is a struct sockaddr_in or sockaddr_in6.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "bind", SetLastError = true)]
    public static partial int Bind(int fd, byte* address, uint length);
}
