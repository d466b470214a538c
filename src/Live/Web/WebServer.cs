// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Text;
using System.Threading;
using Austin.Platform;

namespace Austin.Live.Web;

/// <summary>An answer: a status, its body and what it is.</summary>
internal sealed record HttpResponse(int Status, string ContentType, byte[] Body, string? Disposition = null)
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(HttpResponse);

    public static HttpResponse Text(int status, string text) => new(status, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(text + "\n"));
}

/// <summary>
/// A small HTTP/1.1 server over a platform's TCP listener for a few fixed pages: one request per connection
/// (Connection: close), GET and HEAD only, a bounded head (<see cref="HttpRequestHead"/>), at most
/// <see cref="MaxConnections"/> connections at once (more are closed at once), <see cref="HeadTimeoutMs"/> to send the
/// head and <see cref="BodyTimeoutMs"/> to take the answer. Written here rather than taken from the BCL: HttpListener
/// is not trim-safe, and Kestrel is ASP.NET. A client, however slow, hostile or gone, holds one connection (and its
/// thread, with a small stack) for a bounded time and nothing else: the sampler never hears of it.
/// </summary>
internal sealed class WebServer : IDisposable
{
    public const int MaxConnections = 32;
    public const int HeadTimeoutMs = 5000;
    public const int BodyTimeoutMs = 30_000;

    /// <summary>A connection's thread parses a head and encodes an answer: a small stack is plenty.</summary>
    private const int ConnectionStackBytes = 256 * 1024;

    private readonly ITcpListener _listener;
    private readonly Func<HttpRequestHead, HttpResponse> _handler;
    private readonly Thread _acceptor;
    private int _active;

    private WebServer(ITcpListener listener, Func<HttpRequestHead, HttpResponse> handler)
    {
        _listener = listener;
        _handler = handler;
        _acceptor = new Thread(Accept) { Name = "austin web", IsBackground = true };
    }

    /// <summary>Where the server listens (the port chosen when 0 was asked for).</summary>
    public ITcpListener Listener => _listener;

    /// <summary>Connections served so far, and refused because too many were open.</summary>
    public long Served => Interlocked.Read(ref _served);
    public long Refused => Interlocked.Read(ref _refused);
    private long _served, _refused;

    /// <summary>Serves <paramref name="handler"/>'s answers on <paramref name="listener"/>, which the server then owns.</summary>
    public static WebServer Start(ITcpListener listener, Func<HttpRequestHead, HttpResponse> handler)
    {
        var server = new WebServer(listener, handler);
        server._acceptor.Start();
        return server;
    }

    private void Accept()
    {
        while (!_listener.IsDisposed)
        {
            // A bounded wait, so that the thread sees the listener closed; null also when accepting failed (out of
            // descriptors, say): try again rather than spin.
            ITcpConnection? client = _listener.Accept(200);
            if (client is null)
            {
                if (!_listener.IsDisposed) Thread.Sleep(1);
                continue;
            }
            if (Interlocked.Increment(ref _active) > MaxConnections)
            {
                Interlocked.Decrement(ref _active);
                Interlocked.Increment(ref _refused);
                client.Dispose();
                continue;
            }
            try
            {
                new Thread(() => Serve(client), ConnectionStackBytes) { Name = "austin web client", IsBackground = true }.Start();
            }
            catch (OutOfMemoryException)
            {
                Interlocked.Decrement(ref _active);
                client.Dispose();
            }
        }
        _listener.Accept(0);   // closes the descriptor, now that nothing waits on it
    }

    private void Serve(ITcpConnection client)
    {
        try
        {
            long started = Environment.TickCount64;
            byte[] buffer = new byte[HttpRequestHead.MaxBytes + 1];
            int received = 0, end = -1;
            bool garbage = false;
            while (end < 0 && received < buffer.Length && !garbage)
            {
                int left = HeadTimeoutMs - (int)(Environment.TickCount64 - started);
                int n = left > 0 ? client.Receive(buffer.AsSpan(received), left) : -1;
                if (n <= 0) return;   // closed, failed or too slow before a whole head came
                received += n;
                end = HttpRequestHead.EndOf(buffer.AsSpan(0, received));
                garbage = end < 0 && HttpRequestHead.IsGarbage(buffer.AsSpan(0, received));
            }
            HttpResponse response;
            bool headOnly = false;
            if (garbage) response = HttpResponse.Text(400, "bad request");
            else if (end < 0) response = HttpResponse.Text(431, "request head too large");
            else if (!HttpRequestHead.TryParse(buffer.AsSpan(0, end), out HttpRequestHead request, out int status))
                response = HttpResponse.Text(status, status == 405 ? "only GET and HEAD" : "bad request");
            else
            {
                headOnly = request.Method == "HEAD";
                response = _handler(request);
            }
            if (client.Send(Encode(response, headOnly), BodyTimeoutMs))
            {
                client.ShutdownSend();
                Interlocked.Increment(ref _served);
            }
        }
        finally
        {
            client.Dispose();
            Interlocked.Decrement(ref _active);
        }
    }

    private static byte[] Encode(HttpResponse response, bool headOnly)
    {
        var head = new StringBuilder();
        head.Append("HTTP/1.1 ").Append(response.Status).Append(' ').Append(Reason(response.Status)).Append("\r\n");
        head.Append("Content-Type: ").Append(response.ContentType).Append("\r\n");
        head.Append("Content-Length: ").Append(response.Body.Length).Append("\r\n");
        head.Append("Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nX-Frame-Options: DENY\r\n");
        head.Append("Content-Security-Policy: default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'\r\n");
        head.Append("Referrer-Policy: no-referrer\r\n");
        if (response.Status == 405) head.Append("Allow: GET, HEAD\r\n");
        if (response.Disposition is string file) head.Append("Content-Disposition: attachment; filename=\"").Append(file).Append("\"\r\n");
        head.Append("Connection: close\r\n\r\n");
        byte[] headBytes = Encoding.ASCII.GetBytes(head.ToString());
        if (headOnly) return headBytes;
        byte[] all = new byte[headBytes.Length + response.Body.Length];
        headBytes.CopyTo(all, 0);
        response.Body.CopyTo(all, headBytes.Length);
        return all;
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Status",
    };

    public void Dispose() => _listener.Dispose();
}
