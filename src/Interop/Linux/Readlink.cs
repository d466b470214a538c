// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

internal static unsafe partial class Libc
{
    /// <summary>readlink(2): the target of a symbolic link into a caller's buffer, not NUL-terminated; its length, or -1.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "readlink", SetLastError = true)]
    public static partial nint Readlink(byte* path, byte* buffer, nuint size);
}
