// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.IO;

namespace Austin.Platform.Windows;

/// <summary>
/// Windows has no syslog: like the C austin, append to %TEMP%\austin.log, a line per message:
/// "YYYY-MM-DD HH:MM:SS austin[PID]: message". When the file cannot be opened, nothing is logged.
/// </summary>
internal sealed class TempFileLog : ISystemLog
{
    private readonly StreamWriter? _writer;
    private readonly string _ident;

    public TempFileLog(string ident)
    {
        _ident = ident;
        try
        {
            string path = Path.Combine(Path.GetTempPath(), ident + ".log");
            _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { _writer = null; }
    }

    public void Write(bool error, string message)
    {
        try { _writer?.WriteLine($"{DateTime.Now:yyyy-MM-dd HH:mm:ss} {_ident}[{Environment.ProcessId}]: {message}"); }
        catch (IOException) { }
    }

    public void Dispose() => _writer?.Dispose();
}
