// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

internal static unsafe partial class Libc
{
    /// <summary>Bytes enough for glibc's struct termios (60 on x86-64), kept opaque: only cfmakeraw changes it.</summary>
    public const int TermiosSize = 64;

    public const int TCSAFLUSH = 2;

    /// <summary>tcgetattr(3): the terminal's settings, to restore them on the way out.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "tcgetattr", SetLastError = true)]
    public static partial int TcGetAttr(int fd, byte* termios);
}
