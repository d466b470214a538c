// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Windows;

internal static unsafe partial class Kernel32
{
    /// <summary>GetModuleFileNameExW (psapi, as kernel32's K32 export): a module's path, in characters written.</summary>
    [LibraryImport(Libraries.Kernel32, EntryPoint = "K32GetModuleFileNameExW", SetLastError = true)]
    public static partial uint GetModuleFileNameEx(nint process, nint module, char* fileName, uint size);
}
