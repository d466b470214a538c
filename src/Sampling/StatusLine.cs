// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.IO;

namespace Austin.Sampling;

/// <summary>
/// The live status line on standard error while sampling to a file or a pipe: elapsed time, samples, rate and the
/// share of bad samples, redrawn in place a few times a second. Only for a person at a terminal: the session makes
/// one only when standard error is a terminal and the samples do not go to that terminal. Formats into its own
/// buffer, so that a redraw allocates nothing.
/// </summary>
internal sealed class StatusLine(TextWriter terminal, long periodNs = StatusLine.DefaultPeriodNs)
{
    public const long DefaultPeriodNs = 250_000_000;

    private readonly char[] _line = new char[160];
    private long _next;
    private bool _shown;

    /// <summary>Redraws the line when the last one is older than the period.</summary>
    public void Update(long nowNs, SamplingStatistics stats)
    {
        if (nowNs < _next) return;
        _next = nowNs + periodNs;
        int n = Format(_line, nowNs, stats);
        terminal.Write(_line, 0, n);
        terminal.Flush();
        _shown = true;
    }

    /// <summary>Clears the line, so that what follows starts on a clean line.</summary>
    public void Clear()
    {
        if (!_shown) return;
        terminal.Write("\r\u001b[K");
        terminal.Flush();
        _shown = false;
    }

    /// <summary>"\r\e[Kaustin: 12.3 s, 24,567 samples, 1,998/s, 0.00 % bad"</summary>
    internal static int Format(Span<char> line, long nowNs, SamplingStatistics stats)
    {
        double seconds = Math.Max(nowNs - stats.StartNs, 0) / 1e9;
        double rate = seconds > 0 ? stats.Samples / seconds : 0;
        double bad = stats.ThreadSamples == 0 ? 0 : 100.0 * stats.BadSamples / stats.ThreadSamples;
        // Piece by piece: an interpolated TryWrite with a format provider allocates its handler's state.
        int n = 0;
        Append(line, ref n, "\r\u001b[Kaustin: ");
        Number(line, ref n, seconds, "F1");
        Append(line, ref n, " s, ");
        Number(line, ref n, stats.Samples, "N0");
        Append(line, ref n, " samples, ");
        Number(line, ref n, rate, "N0");
        Append(line, ref n, "/s, ");
        Number(line, ref n, bad, "F2");
        Append(line, ref n, " % bad");
        return n;
    }

    private static void Append(Span<char> line, ref int n, ReadOnlySpan<char> text)
    {
        int length = Math.Min(text.Length, line.Length - n);
        text[..length].CopyTo(line[n..]);
        n += length;
    }

    private static void Number(Span<char> line, ref int n, double value, ReadOnlySpan<char> format)
    {
        if (value.TryFormat(line[n..], out int written, format, System.Globalization.CultureInfo.InvariantCulture)) n += written;
    }
}
