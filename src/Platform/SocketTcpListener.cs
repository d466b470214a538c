// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Net;
using System.Net.Sockets;

namespace Austin.Platform;

/// <summary>
/// <see cref="ITcpListener"/> over System.Net, for the platforms that have no libc one (macOS, Windows). Linux does
/// not reach it, so its binary carries none of System.Net.
/// </summary>
internal sealed class SocketTcpListener : ITcpListener
{
    private readonly Socket _listener;
    private volatile bool _disposed;

    private SocketTcpListener(Socket listener, IPAddress address)
    {
        _listener = listener;
        Address = address.ToString();
        IsIPv6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        IsLoopback = IPAddress.IsLoopback(address);
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
    }

    public string Address { get; }

    public bool IsIPv6 { get; }

    public bool IsLoopback { get; }

    public int Port { get; }

    public bool IsDisposed => _disposed;

    public static ITcpListener Listen(string host, int port)
    {
        IPAddress address = Resolve(host);
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(address, port));
            listener.Listen(64);
        }
        catch (SocketException e)
        {
            listener.Dispose();
            throw new AustinException(ExitCodes.Failure, $"cannot serve on {address}:{port}: {e.Message}");
        }
        return new SocketTcpListener(listener, address);
    }

    private static IPAddress Resolve(string host)
    {
        if (host == "localhost") return IPAddress.Loopback;
        if (IPAddress.TryParse(host.Trim('[', ']'), out IPAddress? address)) return address;
        try
        {
            IPAddress[] found = Dns.GetHostAddresses(host);
            if (found.Length > 0) return Array.Find(found, a => a.AddressFamily == AddressFamily.InterNetwork) ?? found[0];
        }
        catch (SocketException)
        {
        }
        throw new AustinException(ExitCodes.Usage, $"cannot resolve '{host}'");
    }

    public ITcpConnection? Accept(int timeoutMs)
    {
        try
        {
            if (_disposed || !_listener.Poll(timeoutMs * 1000, SelectMode.SelectRead)) return null;
            return new Connection(_listener.Accept());
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _listener.Dispose();
    }

    private sealed class Connection : ITcpConnection
    {
        private readonly Socket _socket;

        public Connection(Socket socket)
        {
            _socket = socket;
            _socket.NoDelay = true;
        }

        public int Receive(Span<byte> buffer, int timeoutMs)
        {
            try
            {
                if (!_socket.Poll(timeoutMs * 1000, SelectMode.SelectRead)) return -1;
                return _socket.Receive(buffer, SocketFlags.None);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return -1;
            }
        }

        public bool Send(ReadOnlySpan<byte> data, int timeoutMs)
        {
            try
            {
                _socket.SendTimeout = Math.Max(1, timeoutMs);
                while (data.Length > 0)
                    data = data[_socket.Send(data, SocketFlags.None)..];
                return true;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return false;
            }
        }

        public void ShutdownSend()
        {
            try { _socket.Shutdown(SocketShutdown.Send); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        }

        public void Dispose()
        {
            try { _socket.LingerState = new LingerOption(true, 0); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
            _socket.Dispose();
        }
    }
}
