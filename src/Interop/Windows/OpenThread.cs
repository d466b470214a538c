// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Windows;

internal static partial class Kernel32
{
    public const uint THREAD_QUERY_LIMITED_INFORMATION = 0x0800;

    [LibraryImport(Libraries.Kernel32, EntryPoint = "OpenThread", SetLastError = true)]
    public static partial nint OpenThread(uint desiredAccess, [MarshalAs(UnmanagedType.Bool)] bool inheritHandle, int threadId);
}
