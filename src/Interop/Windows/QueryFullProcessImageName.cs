// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Windows;

internal static unsafe partial class Kernel32
{
    /// <summary>QueryFullProcessImageNameW: the executable's Win32 path (PROCESS_QUERY_LIMITED_INFORMATION is enough).</summary>
    [LibraryImport(Libraries.Kernel32, EntryPoint = "QueryFullProcessImageNameW", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool QueryFullProcessImageName(nint process, uint flags, char* exeName, ref uint size);
}
