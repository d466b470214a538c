// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Windows;

internal static partial class Kernel32
{
    [LibraryImport(Libraries.Kernel32, EntryPoint = "GetProcessIdOfThread", SetLastError = true)]
    public static partial int GetProcessIdOfThread(nint thread);
}
