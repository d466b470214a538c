// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

internal static unsafe partial class Libc
{
    /// <summary>recv(2).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "recv", SetLastError = true)]
    public static partial nint Recv(int fd, byte* buffer, nuint length, int flags);
}
