// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

internal static unsafe partial class Libc
{
    /// <summary>listen(2).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "listen", SetLastError = true)]
    public static partial int Listen(int fd, int backlog);
}
