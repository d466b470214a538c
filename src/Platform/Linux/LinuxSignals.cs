// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Runtime.InteropServices;
using Austin.Interop.Linux;

namespace Austin.Platform.Linux;

/// <summary>SIGINT and SIGTERM turned into a call, instead of the default termination, while registered.</summary>
internal sealed class LinuxSignals : IDisposable
{
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;

    public LinuxSignals(Action<StopSignal> handler)
    {
        // A shell starts background jobs (`austin -p PID &`) with SIGINT ignored, and the runtime keeps an ignored
        // SIGINT ignored; austin must still stop and flush on it, as the C austin does.
        Libc.Signal(Libc.SIGINT, Libc.SIG_DFL);
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Handle(context, handler, StopSignal.Interrupt));
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Handle(context, handler, StopSignal.Terminate));
    }

    private static void Handle(PosixSignalContext context, Action<StopSignal> handler, StopSignal signal)
    {
        context.Cancel = true;   // no default termination: flush first
        handler(signal);
    }

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
    }
}
