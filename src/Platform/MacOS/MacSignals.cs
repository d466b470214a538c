// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Runtime.InteropServices;
using Austin.Interop.MacOS;

namespace Austin.Platform.MacOS;

/// <summary>SIGINT and SIGTERM turned into a call while registered, as on Linux (Linux/LinuxSignals.cs says why SIGINT is reset).</summary>
internal sealed class MacSignals : IDisposable
{
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;

    public MacSignals(Action<StopSignal> handler)
    {
        Libc.Signal(Libc.SIGINT, Libc.SIG_DFL);
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Handle(context, handler, StopSignal.Interrupt));
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Handle(context, handler, StopSignal.Terminate));
    }

    private static void Handle(PosixSignalContext context, Action<StopSignal> handler, StopSignal signal)
    {
        context.Cancel = true;
        handler(signal);
    }

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
    }
}
