// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.MacOS;

internal static partial class Libc
{
    public const int WNOHANG = 1;

    /// <summary>waitpid(2): reaps a child that has exited; with WNOHANG returns 0 while it runs.</summary>
    [LibraryImport(Libraries.LibSystem, EntryPoint = "waitpid", SetLastError = true)]
    public static partial int Waitpid(int pid, out int status, int options);
}
