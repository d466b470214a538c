// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Austin.Interop.Linux;

namespace Austin.Platform.Linux;

/// <summary>
/// <see cref="ITcpListener"/> over libc's sockets: blocking calls bounded by poll(2), and non-blocking accepted
/// connections, so that no call waits longer than it was given. The listening descriptor is closed by the thread that
/// accepts (the last one to use it), never while it waits in poll: a closed number may already be another file's.
/// </summary>
internal sealed unsafe class LinuxTcpListener : ITcpListener
{
    private const int SockaddrSize = 28;   // sizeof(struct sockaddr_in6), the larger of the two
    private readonly int _fd;
    private volatile bool _disposed;
    private int _closed;

    private LinuxTcpListener(int fd, string address, bool ipv6, bool loopback, int port)
    {
        _fd = fd;
        Address = address;
        IsIPv6 = ipv6;
        IsLoopback = loopback;
        Port = port;
    }

    public string Address { get; }

    public bool IsIPv6 { get; }

    public bool IsLoopback { get; }

    public int Port { get; }

    public bool IsDisposed => _disposed;

    public static ITcpListener Listen(string host, int port)
    {
        byte* address = stackalloc byte[SockaddrSize];
        uint length = Resolve(host, address);
        int family = *(ushort*)address;
        *(ushort*)(address + 2) = (ushort)((port >> 8) | ((port & 0xff) << 8));   // network byte order
        string text = Text(family, address);
        int fd = Libc.Socket(family, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0) throw Failure(text, port);
        int yes = 1;
        // As .NET's sockets do: a restarted austin-web may take its port again while the old connections linger.
        Libc.SetSockOpt(fd, Libc.SOL_SOCKET, Libc.SO_REUSEADDR, &yes, sizeof(int));
        if (Libc.Bind(fd, address, length) != 0 || Libc.Listen(fd, 64) != 0)
        {
            AustinException failure = Failure(text, port);
            Libc.Close(fd);
            throw failure;
        }
        uint bound = SockaddrSize;
        if (Libc.GetSockName(fd, address, &bound) == 0)
            port = (address[2] << 8) | address[3];
        bool loopback = family == Libc.AF_INET ? address[4] == 127 : IsIPv6Loopback(address + 8);
        return new LinuxTcpListener(fd, text, family == Libc.AF_INET6, loopback, port);
    }

    private static AustinException Failure(string address, int port) =>
        new(ExitCodes.Failure, $"cannot serve on {address}:{port}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");

    private static bool IsIPv6Loopback(byte* a)
    {
        for (int i = 0; i < 15; i++)
            if (a[i] != 0) return false;
        return a[15] == 1;
    }

    /// <summary>Writes the address of <paramref name="host"/> (port 0) into <paramref name="address"/>; returns its length.</summary>
    private static uint Resolve(string host, byte* address)
    {
        new Span<byte>(address, SockaddrSize).Clear();
        if (host == "localhost")
        {
            *(ushort*)address = Libc.AF_INET;
            address[4] = 127;
            address[7] = 1;
            return 16;
        }
        string name = host.Trim('[', ']');
        byte[] node = Encoding.UTF8.GetBytes(name + "\0");
        Libc.AddrInfo hints = default;
        hints.SockType = Libc.SOCK_STREAM;
        Libc.AddrInfo* list = null;
        int status;
        fixed (byte* n = node)
            status = Libc.GetAddrInfo(n, null, &hints, &list);
        if (status != 0 || list == null)
            throw new AustinException(ExitCodes.Usage, $"cannot resolve '{host}'");
        try
        {
            Libc.AddrInfo* chosen = null;
            for (Libc.AddrInfo* a = list; a != null; a = a->Next)
            {
                if (a->Family == Libc.AF_INET) { chosen = a; break; }
                if (chosen == null && a->Family == Libc.AF_INET6) chosen = a;
            }
            if (chosen == null || chosen->AddrLen > SockaddrSize)
                throw new AustinException(ExitCodes.Usage, $"cannot resolve '{host}'");
            new ReadOnlySpan<byte>(chosen->Addr, (int)chosen->AddrLen).CopyTo(new Span<byte>(address, SockaddrSize));
            return chosen->AddrLen;
        }
        finally
        {
            Libc.FreeAddrInfo(list);
        }
    }

    private static string Text(int family, byte* address)
    {
        byte* text = stackalloc byte[64];
        byte* raw = family == Libc.AF_INET ? address + 4 : address + 8;
        return Libc.InetNtop(family, raw, text, 64) == null ? "?" : Marshal.PtrToStringUTF8((nint)text) ?? "?";
    }

    public ITcpConnection? Accept(int timeoutMs)
    {
        if (_disposed) { CloseOnce(); return null; }
        var poll = new Libc.PollFd { Fd = _fd, Events = Libc.POLLIN };
        int ready = Libc.Poll(&poll, 1, timeoutMs);
        if (_disposed) { CloseOnce(); return null; }
        if (ready <= 0) return null;
        int client = Libc.Accept4(_fd, null, null, Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC);
        return client < 0 ? null : new Connection(client);
    }

    private void CloseOnce()
    {
        if (System.Threading.Interlocked.Exchange(ref _closed, 1) == 0) Libc.Close(_fd);
    }

    /// <summary>Stops listening at once (new connections are refused); the descriptor is closed by the next <see cref="Accept"/>.</summary>
    public void Dispose()
    {
        _disposed = true;
        Libc.Shutdown(_fd, Libc.SHUT_RDWR);
    }

    private sealed class Connection : ITcpConnection
    {
        private readonly int _fd;

        public Connection(int fd)
        {
            _fd = fd;
            int yes = 1;
            Libc.SetSockOpt(fd, Libc.IPPROTO_TCP, Libc.TCP_NODELAY, &yes, sizeof(int));
        }

        public int Receive(Span<byte> buffer, int timeoutMs)
        {
            long deadline = Stopwatch.GetTimestamp() + timeoutMs * Stopwatch.Frequency / 1000;
            while (true)
            {
                nint n;
                fixed (byte* b = buffer)
                    n = Libc.Recv(_fd, b, (nuint)buffer.Length, 0);
                if (n >= 0) return (int)n;
                int error = Marshal.GetLastPInvokeError();
                if (error != Errno.EAGAIN && error != Errno.EINTR) return -1;
                if (!Wait(Libc.POLLIN, deadline)) return -1;
            }
        }

        public bool Send(ReadOnlySpan<byte> data, int timeoutMs)
        {
            long deadline = Stopwatch.GetTimestamp() + timeoutMs * Stopwatch.Frequency / 1000;
            while (data.Length > 0)
            {
                nint n;
                fixed (byte* b = data)
                    n = Libc.Send(_fd, b, (nuint)data.Length, Libc.MSG_NOSIGNAL);
                if (n > 0) { data = data[(int)n..]; continue; }
                int error = n < 0 ? Marshal.GetLastPInvokeError() : Errno.EAGAIN;
                if (error != Errno.EAGAIN && error != Errno.EINTR) return false;
                if (!Wait(Libc.POLLOUT, deadline)) return false;
            }
            return true;
        }

        /// <summary>Waits for <paramref name="events"/> until <paramref name="deadline"/> (a Stopwatch timestamp); false when it passed.</summary>
        private bool Wait(short events, long deadline)
        {
            long left = (deadline - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency;
            if (left <= 0) return false;
            var poll = new Libc.PollFd { Fd = _fd, Events = events };
            return Libc.Poll(&poll, 1, (int)Math.Min(left, int.MaxValue)) >= 0 || Marshal.GetLastPInvokeError() == Errno.EINTR;
        }

        public void ShutdownSend() => Libc.Shutdown(_fd, Libc.SHUT_WR);

        public void Dispose()
        {
            var linger = new Libc.Linger { OnOff = 1, Seconds = 0 };
            Libc.SetSockOpt(_fd, Libc.SOL_SOCKET, Libc.SO_LINGER, &linger, (uint)sizeof(Libc.Linger));
            Libc.Close(_fd);
        }
    }
}
