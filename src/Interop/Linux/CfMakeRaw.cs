// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

internal static unsafe partial class Libc
{
    /// <summary>cfmakeraw(3): no echo, no line editing, no signals from keys, no output processing.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "cfmakeraw")]
    public static partial void CfMakeRaw(byte* termios);
}
