// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

internal static unsafe partial class Libc
{
    /// <summary>MSG_NOSIGNAL: a peer that went away is EPIPE, not SIGPIPE.</summary>
    public const int MSG_NOSIGNAL = 0x4000;

    /// <summary>send(2).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "send", SetLastError = true)]
    public static partial nint Send(int fd, byte* buffer, nuint length, int flags);
}
