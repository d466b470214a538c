// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Windows;

internal static partial class Kernel32
{
    /// <summary>The exit code of a process, STILL_ACTIVE (259) while it runs.</summary>
    public const uint STILL_ACTIVE = 259;

    [LibraryImport(Libraries.Kernel32, EntryPoint = "GetExitCodeProcess", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool GetExitCodeProcess(nint process, out uint exitCode);
}
