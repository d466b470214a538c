// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Windows;

internal static unsafe partial class Kernel32
{
    /// <summary>ReadProcessMemory: copies from another process's memory without stopping it (PROCESS_VM_READ).</summary>
    [LibraryImport(Libraries.Kernel32, EntryPoint = "ReadProcessMemory", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool ReadProcessMemory(nint process, ulong baseAddress, void* buffer, nuint size, out nuint bytesRead);
}
