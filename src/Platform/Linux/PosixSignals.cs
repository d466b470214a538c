// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Runtime.InteropServices;
using System.Threading;
using Austin.Interop.Linux;

namespace Austin.Platform.Linux;

/// <summary>
/// SIGINT, SIGTERM and SIGWINCH through the runtime's native signal thread (<see cref="SystemNative"/>), straight to
/// austin's handlers: a stop handler (each sets a flag or an event and returns) and a resize flag. While one is set,
/// its signals do nothing else; once cleared, the signal has its former disposition back.
/// </summary>
internal static unsafe class PosixSignals
{
    private static readonly Lock s_lock = new();
    private static Action<StopSignal>? s_stop;
    private static int s_resized = -1;   // -1: SIGWINCH not watched
    private static bool s_initialized;

    /// <summary>Calls <paramref name="handler"/> on SIGINT and SIGTERM instead of terminating, until <see cref="StopHandler(Action{StopSignal})"/> with null.</summary>
    public static void StopHandler(Action<StopSignal>? handler)
    {
        lock (s_lock)
        {
            Initialize();
            Volatile.Write(ref s_stop, handler);
            if (handler is not null)
            {
                Enable(Libc.SIGINT);
                Enable(Libc.SIGTERM);
            }
            else
            {
                SystemNative.DisablePosixSignalHandling(Libc.SIGINT);
                SystemNative.DisablePosixSignalHandling(Libc.SIGTERM);
            }
        }
    }

    /// <summary>Notes SIGWINCH for <see cref="TakeResized"/> while <paramref name="watch"/>.</summary>
    public static void WatchResize(bool watch)
    {
        lock (s_lock)
        {
            Initialize();
            Volatile.Write(ref s_resized, watch ? 0 : -1);
            if (watch) Enable(Libc.SIGWINCH);
            else SystemNative.DisablePosixSignalHandling(Libc.SIGWINCH);
        }
    }

    /// <summary>Whether a SIGWINCH came since the last call.</summary>
    public static bool TakeResized() => Interlocked.CompareExchange(ref s_resized, 0, 1) == 1;

    private static void Initialize()
    {
        if (s_initialized) return;
        if (!SystemNative.InitializeSignalHandling())
            throw new AustinException(ExitCodes.Failure, $"cannot handle signals: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        SystemNative.SetPosixSignalHandler(&OnSignal);
        s_initialized = true;
    }

    private static void Enable(int signal)
    {
        if (!SystemNative.EnablePosixSignalHandling(signal))
            throw new AustinException(ExitCodes.Failure, $"cannot handle signal {signal}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
    }

    /// <summary>On the runtime's signal thread (not in signal context). Nonzero: handled, no default action.</summary>
    [UnmanagedCallersOnly]
    private static int OnSignal(int signal, int posixSignal)
    {
        switch (signal)
        {
            case Libc.SIGINT or Libc.SIGTERM:
                Action<StopSignal>? stop = Volatile.Read(ref s_stop);
                if (stop is null) return 0;
                stop(signal == Libc.SIGINT ? StopSignal.Interrupt : StopSignal.Terminate);
                return 1;
            case Libc.SIGWINCH:
                Interlocked.CompareExchange(ref s_resized, 1, 0);
                return 1;
            default:
                return 0;
        }
    }
}
