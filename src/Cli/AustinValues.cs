// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Globalization;
using Austin.Output;

namespace Austin.Cli;

/// <summary>
/// How austin reads option values (<see cref="ValueParser{T}"/>s for <see cref="OptionDeclaration.Valued"/>):
/// what the C austin accepts, no more, no less: 0.7.0's rules, and the C austin 3.7's where 3.7 accepts more
/// (units on -i and -t).
/// </summary>
internal static class AustinValues
{
    private const long MicrosecondsPerSecond = 1_000_000;
    private const long MillisecondsPerSecond = 1_000;
    private const long MicrosecondsPerMillisecond = 1_000;

    /// <summary>
    /// The C austin's check of -i and -t (0.7.0), and of -x and -h (3.7), exactly: strtol over the whole word
    /// (leading white space and a sign allowed), then a value that is not negative. Zero is accepted (-i 0: as
    /// fast as possible), and a number too large for a long saturates to long.MaxValue as strtol does, and is
    /// accepted too.
    /// </summary>
    public static bool NonNegative(string text, out long value)
    {
        int end = Strtol(text, out value);
        // "-0" is 0; any other negative number is refused.
        return end > 0 && end == text.Length && value >= 0;
    }

    /// <summary>
    /// -i in microseconds: a bare number as 0.7.0 reads it (<see cref="NonNegative"/>), or, as the C austin 3.7
    /// reads it, a number directly followed by a unit, s, ms or us ("-i 1ms" is 1000). A value that the unit makes
    /// larger than a long is refused (3.7 lets the multiplication wrap around, and takes what is left if positive).
    /// </summary>
    public static bool Interval(string text, out long us)
    {
        int end = Strtol(text, out us);
        if (end == 0) return false;
        long scale = Unit(text.AsSpan(end), ("s", MicrosecondsPerSecond), ("ms", MicrosecondsPerMillisecond), ("us", 1));
        if (scale == 0 || us < 0) return false;
        if (us > long.MaxValue / scale) return false;
        us *= scale;
        return true;
    }

    /// <summary>
    /// -t in milliseconds: a bare number as 0.7.0 reads it (<see cref="NonNegative"/>), or a number directly followed
    /// by s or ms, as the C austin 3.7's help says ("-t 2s" is 2000). With a unit, 3.7's bound holds: at most
    /// long.MaxValue / 1000 ms (it keeps microseconds). 3.7 itself refuses "ms", by a fall-through in its parser that
    /// contradicts its own help; austin takes it: no command line that works with 3.7 changes meaning.
    /// </summary>
    public static bool Timeout(string text, out long ms)
    {
        int end = Strtol(text, out ms);
        if (end == 0) return false;
        if (end == text.Length) return ms >= 0;
        long scale = Unit(text.AsSpan(end), ("s", MillisecondsPerSecond), ("ms", 1));
        if (scale == 0 || ms < 0) return false;
        const long Largest = long.MaxValue / 1000;
        if (ms > Largest / scale) return false;
        ms *= scale;
        return true;
    }

    /// <summary>
    /// A process ID: what the C austin's strtol check accepts, short of zero, negatives and int overflow:
    /// optional leading white space, an optional sign, decimal digits and nothing after.
    /// </summary>
    public static bool Pid(string text, out int value) =>
        int.TryParse(text, NumberStyles.AllowLeadingWhite | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)
        && value > 0;

    /// <summary>A count of things to show: a positive int, in decimal.</summary>
    public static bool Count(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;

    /// <summary>Whether the file can be written is the sampler's business; an empty name is a typing error.</summary>
    public static bool FileName(string text, out string value)
    {
        value = text;
        return text.Length > 0;
    }

    /// <summary>--format: one of the names of <see cref="OutputFormats"/>, exactly.</summary>
    public static bool Format(string text, out OutputFormat format)
    {
        OutputFormat? found = OutputFormats.FromName(text);
        format = found ?? default;
        return found is not null;
    }

    /// <summary>
    /// strtol(text, &amp;end, 10): leading C white space, an optional sign, decimal digits, saturated to the range of a
    /// long. Returns where the number ends, or 0 when there are no digits (strtol's end == text).
    /// </summary>
    private static int Strtol(string text, out long value)
    {
        value = 0;
        int at = 0;
        while (at < text.Length && text[at] is ' ' or '\t' or '\n' or '\v' or '\f' or '\r') at++;
        bool negative = false;
        if (at < text.Length && text[at] is '+' or '-')
            negative = text[at++] == '-';
        int digits = at;
        ulong magnitude = 0;
        const ulong Saturated = (ulong)long.MaxValue + 1;
        for (; at < text.Length && text[at] is >= '0' and <= '9'; at++)
        {
            if (magnitude < Saturated)
                magnitude = magnitude > (Saturated - (ulong)(text[at] - '0')) / 10 ? Saturated : magnitude * 10 + (ulong)(text[at] - '0');
        }
        if (at == digits) return 0;
        if (negative)
            value = magnitude >= Saturated ? long.MinValue : -(long)magnitude;
        else
            value = magnitude >= Saturated ? long.MaxValue : (long)magnitude;
        return at;
    }

    /// <summary>The scale of the unit <paramref name="rest"/> spells exactly, 1 for none; 0 when it is none of them.</summary>
    private static long Unit(ReadOnlySpan<char> rest, params ReadOnlySpan<(string Name, long Scale)> units)
    {
        if (rest.IsEmpty) return 1;
        foreach ((string name, long scale) in units)
        {
            if (rest.SequenceEqual(name)) return scale;
        }
        return 0;
    }
}
