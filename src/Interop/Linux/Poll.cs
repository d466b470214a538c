// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

internal static unsafe partial class Libc
{
    public const short POLLIN = 0x1;
    public const short POLLOUT = 0x4;

    /// <summary>struct pollfd of &lt;poll.h&gt;.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    /// <summary>poll(2): waits for input with a timeout in milliseconds.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMs);
}
