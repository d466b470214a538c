// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

internal static partial class Libc
{
    /// <summary>close(2).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);
}
