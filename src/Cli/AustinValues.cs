// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Globalization;

namespace Austin.Cli;

/// <summary>
/// How austin reads option values (<see cref="ValueParser{T}"/>s for <see cref="OptionDeclaration.Valued"/>):
/// what the C austin accepts, no more, no less.
/// </summary>
internal static class AustinValues
{
    /// <summary>
    /// The C austin's check of -i and -t, exactly: strtol over the whole word (leading white space and a sign
    /// allowed), then a value that is not negative. Zero is accepted (-i 0: as fast as possible), and a number
    /// too large for a long saturates to long.MaxValue as strtol does, and is accepted too.
    /// </summary>
    public static bool NonNegative(string text, out long value)
    {
        value = 0;
        ReadOnlySpan<char> s = text.AsSpan().TrimStart(" \t\n\v\f\r");
        bool negative = false;
        if (s.Length > 0 && (s[0] == '+' || s[0] == '-'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s.IsEmpty) return false;
        foreach (char c in s)
        {
            if (c is < '0' or > '9') return false;
            if (value != long.MaxValue)
                value = value > (long.MaxValue - (c - '0')) / 10 ? long.MaxValue : value * 10 + (c - '0');
        }
        // "-0" is 0; any other negative number is refused.
        return !negative || value == 0;
    }

    /// <summary>
    /// A process ID: what the C austin's strtol check accepts, short of zero, negatives and int overflow:
    /// optional leading white space, an optional sign, decimal digits and nothing after.
    /// </summary>
    public static bool Pid(string text, out int value) =>
        int.TryParse(text, NumberStyles.AllowLeadingWhite | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)
        && value > 0;

    /// <summary>Whether the file can be written is the sampler's business; an empty name is a typing error.</summary>
    public static bool FileName(string text, out string value)
    {
        value = text;
        return text.Length > 0;
    }
}
