// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.MacOS;

internal static partial class Libc
{
    /// <summary>isatty(3): 1 when the descriptor is a terminal.</summary>
    [LibraryImport(Libraries.LibSystem, EntryPoint = "isatty")]
    public static partial int Isatty(int fd);
}
