// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

internal static partial class Libc
{
    public const int LOG_PID = 0x01;
    public const int LOG_USER = 1 << 3;
    public const int LOG_ERR = 3;
    public const int LOG_INFO = 6;

    /// <summary>openlog(3). The ident pointer must stay valid until closelog, so it is a static allocation.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "openlog")]
    public static partial void OpenLog(nint ident, int option, int facility);

    /// <summary>syslog(3), always called with the format "%s" so that messages are never parsed as formats.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "syslog", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void Syslog(int priority, string format, string message);

    [LibraryImport(Libraries.Libc, EntryPoint = "closelog")]
    public static partial void CloseLog();
}
