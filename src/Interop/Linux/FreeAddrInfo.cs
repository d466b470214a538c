// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

internal static unsafe partial class Libc
{
    /// <summary>freeaddrinfo(3).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "freeaddrinfo")]
    public static partial void FreeAddrInfo(AddrInfo* list);
}
