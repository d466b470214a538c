// SPDX-License-Identifier: GPL-3.0-or-later
using System;

namespace Austin.Platform;

/// <summary>The OS's log for programs (syslog on Linux and macOS; a file under %TEMP% on Windows).</summary>
internal interface ISystemLog : IDisposable
{
    void Write(bool error, string message);
}
