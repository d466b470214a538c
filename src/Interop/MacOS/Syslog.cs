// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.MacOS;

internal static partial class Libc
{
    public const int LOG_PID = 0x01;
    public const int LOG_USER = 1 << 3;
    public const int LOG_ERR = 3;
    public const int LOG_INFO = 6;

    /// <summary>openlog(3). The ident pointer must stay valid until closelog, so it is a static allocation.</summary>
    [LibraryImport(Libraries.LibSystem, EntryPoint = "openlog")]
    public static partial void OpenLog(nint ident, int option, int facility);

    /// <summary>
    /// syslog(3) with no variadic argument: on arm64 Darwin a variadic argument goes on the stack, where a plain
    /// P/Invoke never puts it, so the message is its own format, with every % doubled.
    /// </summary>
    [LibraryImport(Libraries.LibSystem, EntryPoint = "syslog", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void Syslog(int priority, string escapedMessage);

    [LibraryImport(Libraries.LibSystem, EntryPoint = "closelog")]
    public static partial void CloseLog();
}
