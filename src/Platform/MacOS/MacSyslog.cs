// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;
using Austin.Interop.MacOS;

namespace Austin.Platform.MacOS;

/// <summary>syslog(3) under an ident, LOG_USER, with the PID (the unified log shows it: log show --predicate 'process == "austin"').</summary>
internal sealed class MacSyslog : ISystemLog
{
    private nint _ident;

    public MacSyslog(string ident)
    {
        _ident = Marshal.StringToCoTaskMemUTF8(ident);
        Libc.OpenLog(_ident, Libc.LOG_PID, Libc.LOG_USER);
    }

    public void Write(bool error, string message) => Libc.Syslog(error ? Libc.LOG_ERR : Libc.LOG_INFO, message.Replace("%", "%%"));

    public void Dispose()
    {
        Libc.CloseLog();
        if (_ident != 0) Marshal.FreeCoTaskMem(_ident);
        _ident = 0;
    }
}
