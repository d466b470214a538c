// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using Austin.Interop.Linux;

namespace Austin.Platform.Linux;

/// <summary>SIGINT and SIGTERM turned into a call, instead of the default termination, while registered.</summary>
internal sealed class LinuxSignals : IDisposable
{
    public LinuxSignals(Action<StopSignal> handler)
    {
        // A shell starts background jobs (`austin -p PID &`) with SIGINT ignored, and the runtime keeps an ignored
        // SIGINT ignored; austin must still stop and flush on it, as the C austin does.
        Libc.Signal(Libc.SIGINT, Libc.SIG_DFL);
        PosixSignals.StopHandler(handler);
    }

    public void Dispose() => PosixSignals.StopHandler(null);
}
