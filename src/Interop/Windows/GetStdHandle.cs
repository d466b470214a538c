// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Windows;

internal static partial class Kernel32
{
    public const int STD_INPUT_HANDLE = -10;
    public const int STD_OUTPUT_HANDLE = -11;
    public const int STD_ERROR_HANDLE = -12;

    [LibraryImport(Libraries.Kernel32, EntryPoint = "GetStdHandle", SetLastError = true)]
    public static partial nint GetStdHandle(int standardHandle);
}
