// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Globalization;

namespace Austin.Tests.Support.Austin3;

/// <summary>
/// A strict parser of the C austin 3.x's text format (its README): <c># key: value</c> metadata lines, blank lines,
/// and samples <c>P&lt;pid&gt;;T&lt;iid&gt;:&lt;tid&gt;[;&lt;file&gt;:&lt;function&gt;:&lt;line&gt;]* &lt;metrics&gt;</c>,
/// pid, iid and tid in decimal; <c>;:INVALID:</c> and <c>;:GC:</c> are marks, not frames. Metrics: one value
/// (µs, or bytes in the memory mode the header's <c>mode</c> names) or <c>µs,idle,bytes</c> (full).
/// </summary>
/// <remarks>
/// File names may contain any character: a frame is split at its last two colons (function names have none), and a
/// piece between semicolons that does not end with <c>:&lt;digits&gt;</c> is joined with the next one.
/// </remarks>
public static class AustinText
{
    public static Profile3 Parse(string text)
    {
        var metadata = new List<KeyValuePair<string, string>>();
        var samples = new List<Sample3>();
        int lineNumber = 0;
        int start = 0;
        while (start < text.Length)
        {
            lineNumber++;
            int end = text.IndexOf('\n', start);
            if (end < 0) throw Error(lineNumber, text[start..], "the text ends in the middle of this line");
            string line = text[start..end];
            start = end + 1;
            if (line.Length == 0) continue;
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                int colon = line.IndexOf(": ", 2, StringComparison.Ordinal);
                if (colon < 0) throw Error(lineNumber, line, "a metadata line without ': '");
                metadata.Add(new(line[2..colon], line[(colon + 2)..]));
                continue;
            }
            string mode = metadata.FindLast(m => m.Key == "mode").Value ?? "wall";
            samples.Add(ParseSample(line, mode, lineNumber));
        }
        return new Profile3(metadata, samples);
    }

    public static Sample3 ParseSample(string line, string mode, int lineNumber = 1)
    {
        int space = line.LastIndexOf(' ');
        if (space < 0) throw Error(lineNumber, line, "no metrics");
        string head = line[..space], metrics = line[(space + 1)..];
        if (!head.StartsWith('P')) throw Error(lineNumber, line, "no P<pid>");
        string[] pieces = head.Split(';');
        if (pieces.Length < 2 || !pieces[1].StartsWith('T')) throw Error(lineNumber, line, "no T<iid>:<tid>");
        int pid = Int(pieces[0][1..], lineNumber, line);
        string[] thread = pieces[1][1..].Split(':');
        if (thread.Length != 2) throw Error(lineNumber, line, "the thread is not <iid>:<tid>");
        long iid = Long(thread[0], lineNumber, line);
        ulong tid = ulong.TryParse(thread[1], NumberStyles.None, CultureInfo.InvariantCulture, out ulong t) ? t : throw Error(lineNumber, line, "the thread id is not decimal");

        var frames = new List<Frame3>();
        bool invalid = false, gc = false;
        string pending = "";
        for (int i = 2; i < pieces.Length; i++)
        {
            string piece = pending.Length == 0 ? pieces[i] : pending + ";" + pieces[i];
            if (pending.Length == 0 && piece == ":INVALID:") { invalid = true; continue; }
            if (pending.Length == 0 && piece == ":GC:") { gc = true; continue; }
            int last = piece.LastIndexOf(':');
            int second = last > 0 ? piece.LastIndexOf(':', last - 1) : -1;
            if (second < 0 || !int.TryParse(piece.AsSpan(last + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int lineNo))
            {
                pending = piece;   // a file name with a ';' in it
                continue;
            }
            pending = "";
            frames.Add(new Frame3(piece[..second], piece[(second + 1)..last], lineNo));
        }
        if (pending.Length > 0) throw Error(lineNumber, line, $"'{pending}' is not a frame");

        string[] values = metrics.Split(',');
        if (values.Length == 3)
            return new Sample3(pid, iid, tid, frames, invalid, gc, values[1] switch { "0" => false, "1" => true, _ => throw Error(lineNumber, line, "the idle flag is not 0 or 1") },
                Long(values[0], lineNumber, line), Long(values[2], lineNumber, line));
        if (values.Length != 1) throw Error(lineNumber, line, "metrics are one value or three");
        long value = Long(values[0], lineNumber, line);
        return mode == "memory"
            ? new Sample3(pid, iid, tid, frames, invalid, gc, null, null, value)
            : new Sample3(pid, iid, tid, frames, invalid, gc, null, value, null);
    }

    private static int Int(string s, int lineNumber, string line) =>
        int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) ? v : throw Error(lineNumber, line, $"'{s}' is not a number");

    private static long Long(string s, int lineNumber, string line) =>
        long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) ? v : throw Error(lineNumber, line, $"'{s}' is not a number");

    private static Profile3FormatException Error(int lineNumber, string line, string what) =>
        new($"line {lineNumber} is not in the austin format ({what}): \"{(line.Length > 300 ? line[..300] + "..." : line)}\"");
}
