// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Windows;

internal static unsafe partial class Kernel32
{
    public const uint LIST_MODULES_ALL = 0x03;

    /// <summary>
    /// EnumProcessModulesEx (psapi, as kernel32's K32 export): the module handles (their base addresses) of a process;
    /// <paramref name="bytesNeeded"/> says how many bytes all of them need.
    /// </summary>
    [LibraryImport(Libraries.Kernel32, EntryPoint = "K32EnumProcessModulesEx", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool EnumProcessModulesEx(nint process, nint* modules, uint bytes, out uint bytesNeeded, uint filterFlag);
}
