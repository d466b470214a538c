// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Text;

namespace Austin.Live.Web;

/// <summary>
/// The head of an HTTP/1.x request, read by the strict rules of a server with a few fixed pages: a request line of
/// printable ASCII, at most <see cref="MaxHeaders"/> header lines, each a name and a colon. Whatever else comes is
/// refused with a status and never reaches a handler.
/// </summary>
internal readonly record struct HttpRequestHead(string Method, string Path, string Query, string? Host)
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(HttpRequestHead);

    /// <summary>The most bytes a request head may take (the request line and every header).</summary>
    public const int MaxBytes = 8192;

    public const int MaxHeaders = 64;

    /// <summary>Where the head ends (after its blank line) in <paramref name="received"/>, or -1 while it has not.</summary>
    public static int EndOf(ReadOnlySpan<byte> received)
    {
        int at = received.IndexOf("\r\n\r\n"u8);
        if (at >= 0) return at + 4;
        at = received.IndexOf("\n\n"u8);
        return at >= 0 ? at + 2 : -1;
    }

    /// <summary>
    /// Whether what came so far cannot start a request (a byte a request line never holds, or a whole first line that is
    /// not one): answered at once rather than after the head's time runs out.
    /// </summary>
    public static bool IsGarbage(ReadOnlySpan<byte> received)
    {
        int end = received.IndexOf((byte)'\n');
        ReadOnlySpan<byte> line = (end < 0 ? received : received[..end]).TrimEnd((byte)'\r');
        foreach (byte b in line)
            if (b < 0x20 || b > 0x7e) return true;
        if (end < 0) return false;
        int space = line.IndexOf((byte)' ');
        return space <= 0 || line.LastIndexOf((byte)' ') == space || !line[(line.LastIndexOf((byte)' ') + 1)..].StartsWith("HTTP/"u8);
    }

    /// <summary>Reads a complete head; on a malformed one returns false with the status to answer (400, 405, 414, 431, 505).</summary>
    public static bool TryParse(ReadOnlySpan<byte> head, out HttpRequestHead request, out int status)
    {
        request = default;
        status = 400;
        if (head.Length > MaxBytes)
        {
            status = 431;
            return false;
        }
        int lineEnd = head.IndexOf((byte)'\n');
        if (lineEnd <= 0) return false;
        ReadOnlySpan<byte> line = head[..lineEnd].TrimEnd((byte)'\r');
        foreach (byte b in line)
            if (b < 0x20 || b > 0x7e) return false;
        int space = line.IndexOf((byte)' ');
        int last = line.LastIndexOf((byte)' ');
        if (space <= 0 || last == space) return false;
        string method = Encoding.ASCII.GetString(line[..space]);
        string target = Encoding.ASCII.GetString(line[(space + 1)..last]);
        ReadOnlySpan<byte> version = line[(last + 1)..];
        if (!version.StartsWith("HTTP/1."u8))
        {
            status = version.StartsWith("HTTP/"u8) ? 505 : 400;
            return false;
        }
        if (target.Length == 0 || target[0] != '/' || target.Contains(' ')) return false;

        string? host = null;
        int headers = 0;
        ReadOnlySpan<byte> rest = head[(lineEnd + 1)..];
        while (true)
        {
            int end = rest.IndexOf((byte)'\n');
            if (end < 0) break;
            ReadOnlySpan<byte> header = rest[..end].TrimEnd((byte)'\r');
            rest = rest[(end + 1)..];
            if (header.IsEmpty) break;
            if (++headers > MaxHeaders)
            {
                status = 431;
                return false;
            }
            int colon = header.IndexOf((byte)':');
            if (colon <= 0 || header[0] is (byte)' ' or (byte)'\t') return false;
            foreach (byte b in header)
                if ((b < 0x20 && b != '\t') || b == 0x7f) return false;
            if (header[..colon].SequenceEqual("Host"u8) || Ascii.EqualsIgnoreCase(header[..colon], "host"u8))
                host = Encoding.Latin1.GetString(header[(colon + 1)..].Trim((byte)' ')).Trim('\t');
        }
        if (method is not ("GET" or "HEAD"))
        {
            status = 405;
            return false;
        }
        int question = target.IndexOf('?');
        request = new HttpRequestHead(method, question < 0 ? target : target[..question], question < 0 ? "" : target[(question + 1)..], host);
        status = 200;
        return true;
    }
}
