// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

internal static unsafe partial class Libc
{
    public const int O_WRONLY = 0x1;
    public const int O_CREAT = 0x40;
    public const int O_TRUNC = 0x200;
    public const int O_CLOEXEC = 0x80000;

    /// <summary>open(2).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "open", SetLastError = true)]
    public static partial int Open(byte* path, int flags, uint mode);
}
