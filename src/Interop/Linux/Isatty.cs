// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

internal static partial class Libc
{
    /// <summary>isatty(3): 1 when the descriptor is a terminal (-w colours its report only there).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "isatty")]
    public static partial int Isatty(int fd);
}
