// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Runtime.InteropServices;
using Austin.Interop.Windows;

namespace Austin.Platform.Windows;

/// <summary>
/// Ctrl+C and Ctrl+Break (Interrupt), and the console's closing, log-off and shutdown (Terminate), turned into a
/// call instead of the default termination while registered. Windows calls the handler on a thread of its own.
/// </summary>
internal sealed unsafe class ConsoleControlSignals : IDisposable
{
    private static Action<StopSignal>? s_handler;

    public ConsoleControlSignals(Action<StopSignal> handler)
    {
        s_handler = handler;
        Kernel32.SetConsoleCtrlHandler(&OnControl, add: true);
    }

    [UnmanagedCallersOnly]
    private static int OnControl(uint type)
    {
        StopSignal signal = type switch
        {
            Kernel32.CTRL_C_EVENT or Kernel32.CTRL_BREAK_EVENT => StopSignal.Interrupt,
            Kernel32.CTRL_CLOSE_EVENT or Kernel32.CTRL_LOGOFF_EVENT or Kernel32.CTRL_SHUTDOWN_EVENT => StopSignal.Terminate,
            _ => StopSignal.None,
        };
        if (signal == StopSignal.None || s_handler is not { } handler) return 0;   // not ours: the next handler decides
        handler(signal);
        return 1;
    }

    public void Dispose()
    {
        Kernel32.SetConsoleCtrlHandler(&OnControl, add: false);
        s_handler = null;
    }
}
