// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Text;

namespace Austin.Output;

/// <summary>
/// A function as the output shows it: its name and file, encoded to UTF-8 once (per code object) in the two
/// shapes the collapsed formats need, so that writing a frame is a copy and a number.
/// </summary>
internal sealed class FrameSymbol
{
    public FrameSymbol(string function, string file) : this(Encoding.UTF8.GetBytes(function), Encoding.UTF8.GetBytes(file)) { }

    public FrameSymbol(ReadOnlySpan<byte> function, ReadOnlySpan<byte> file)
    {
        Function = function.ToArray();
        File = file.ToArray();
        // ";func (file);L" then the line: the normal format.
        Normal = Concat(";"u8, function, " ("u8, file, ");L"u8);
        // ";func (file:" then the line and ")": the -a format.
        Alternative = Concat(";"u8, function, " ("u8, file, ":"u8);
    }

    public byte[] Function { get; }
    public byte[] File { get; }
    public byte[] Normal { get; }
    public byte[] Alternative { get; }

    public override string ToString() => $"{Encoding.UTF8.GetString(Function)} ({Encoding.UTF8.GetString(File)})";

    private static byte[] Concat(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c, ReadOnlySpan<byte> d, ReadOnlySpan<byte> e)
    {
        byte[] r = new byte[a.Length + b.Length + c.Length + d.Length + e.Length];
        Span<byte> s = r;
        a.CopyTo(s); s = s[a.Length..];
        b.CopyTo(s); s = s[b.Length..];
        c.CopyTo(s); s = s[c.Length..];
        d.CopyTo(s); s = s[d.Length..];
        e.CopyTo(s);
        return r;
    }
}

/// <summary>One frame of a sampled stack: what runs and on which line.</summary>
internal readonly record struct Frame(FrameSymbol Symbol, int Line);

/// <summary>The metric(s) of one sample line, in the units of the mode.</summary>
internal readonly record struct SampleMetrics(long Time, long MemoryDelta);

/// <summary>What the metric column of a line holds.</summary>
internal enum MetricMode
{
    /// <summary>Microseconds since the previous sample.</summary>
    Time,
    /// <summary>KB of resident memory gained since the previous sample (only positive deltas are emitted).</summary>
    Memory,
    /// <summary>Time, memory gained (or 0), memory released (negative, or 0).</summary>
    Full,
}
