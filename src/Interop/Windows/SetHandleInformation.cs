// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Windows;

internal static partial class Kernel32
{
    public const uint HANDLE_FLAG_INHERIT = 0x1;

    [LibraryImport(Libraries.Kernel32, EntryPoint = "SetHandleInformation", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool SetHandleInformation(nint handle, uint mask, uint flags);
}
