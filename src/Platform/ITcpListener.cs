// SPDX-License-Identifier: GPL-3.0-or-later
using System;

namespace Austin.Platform;

/// <summary>
/// A listening TCP socket (austin-web's). Linux implements it with libc calls (System.Net costs the binary hundreds
/// of KB, mostly for asynchronous machinery a server of a few pages does not need); the other platforms with System.Net.
/// </summary>
internal interface ITcpListener : IDisposable
{
    /// <summary>The address listened on, as text (IPv6 without brackets).</summary>
    string Address { get; }

    bool IsIPv6 { get; }

    /// <summary>Whether only this machine can connect: 127.0.0.0/8 or ::1.</summary>
    bool IsLoopback { get; }

    /// <summary>The port listened on (the one the OS chose when 0 was asked for).</summary>
    int Port { get; }

    /// <summary>
    /// The next connection, waiting at most <paramref name="timeoutMs"/>; null when none came in time, when accepting
    /// failed (out of descriptors, say), or once the listener is disposed (see <see cref="IsDisposed"/>).
    /// </summary>
    ITcpConnection? Accept(int timeoutMs);

    bool IsDisposed { get; }
}

/// <summary>One accepted connection. Disposing it resets it (linger 0): a closed connection leaves nothing behind.</summary>
internal interface ITcpConnection : IDisposable
{
    /// <summary>Receives into <paramref name="buffer"/> within <paramref name="timeoutMs"/>: the count, 0 at the end of the stream, -1 on timeout or failure.</summary>
    int Receive(Span<byte> buffer, int timeoutMs);

    /// <summary>Sends all of <paramref name="data"/> within <paramref name="timeoutMs"/>; false on timeout or failure.</summary>
    bool Send(ReadOnlySpan<byte> data, int timeoutMs);

    /// <summary>Says that nothing more will be sent (FIN).</summary>
    void ShutdownSend();
}
