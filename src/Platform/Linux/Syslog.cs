// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;
using Austin.Interop.Linux;

namespace Austin.Platform.Linux;

/// <summary>syslog(3) under an ident, LOG_USER facility, with the PID.</summary>
internal sealed class Syslog : ISystemLog
{
    private nint _ident;

    public Syslog(string ident)
    {
        // openlog keeps the pointer: the string must outlive the log.
        _ident = Marshal.StringToCoTaskMemUTF8(ident);
        Libc.OpenLog(_ident, Libc.LOG_PID, Libc.LOG_USER);
    }

    public void Write(bool error, string message) => Libc.Syslog(error ? Libc.LOG_ERR : Libc.LOG_INFO, "%s", message);

    public void Dispose()
    {
        Libc.CloseLog();
        if (_ident != 0) Marshal.FreeCoTaskMem(_ident);
        _ident = 0;
    }
}
