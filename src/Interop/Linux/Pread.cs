// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

internal static unsafe partial class Libc
{
    /// <summary>pread(2): reads at an offset (a /proc file read again from 0 is read afresh).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "pread", SetLastError = true)]
    public static partial nint Pread(int fd, byte* buffer, nuint count, long offset);
}
