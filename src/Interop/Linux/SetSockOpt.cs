// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

internal static unsafe partial class Libc
{
    public const int SOL_SOCKET = 1;
    public const int SO_REUSEADDR = 2;
    public const int SO_LINGER = 13;
    public const int IPPROTO_TCP = 6;
    public const int TCP_NODELAY = 1;

    /// <summary>struct linger of &lt;sys/socket.h&gt;.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Linger
    {
        public int OnOff;
        public int Seconds;
    }

    /// <summary>setsockopt(2).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSockOpt(int fd, int level, int name, void* value, uint length);
}
