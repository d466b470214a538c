// SPDX-License-Identifier: GPL-3.0-or-later
using System.Text;

namespace Austin.Platform;

/// <summary>
/// A wall-clock time in the local time zone, as logs and file names show it. From the platform rather than
/// DateTime.Now: that brings TimeZoneInfo and DateTime's formatting, 150 KB of the binary.
/// </summary>
internal readonly record struct LocalTime(int Year, int Month, int Day, int Hour, int Minute, int Second, int Millisecond)
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(LocalTime);

    /// <summary>The fields of <paramref name="time"/>, for the platforms that read the local time through .NET (macOS, Windows).</summary>
    public static LocalTime From(System.DateTime time) =>
        new(time.Year, time.Month, time.Day, time.Hour, time.Minute, time.Second, time.Millisecond);

    /// <summary>
    /// The time written after <paramref name="pattern"/>, where yyyy, MM, dd, HH, mm, ss and fff stand for the year,
    /// month, day, hour, minute, second and millisecond, zero-padded, and any other character stands for itself.
    /// </summary>
    public string Format(string pattern)
    {
        var b = new StringBuilder(pattern.Length);
        for (int i = 0; i < pattern.Length; i++)
        {
            (int value, int width) = Field(pattern, i);
            if (width == 0)
            {
                b.Append(pattern[i]);
                continue;
            }
            for (int digit = width - 1, scale = Pow10(digit); digit >= 0; digit--, scale /= 10)
                b.Append((char)('0' + value / scale % 10));
            i += width - 1;
        }
        return b.ToString();
    }

    private (int Value, int Width) Field(string pattern, int at)
    {
        static bool Is(string pattern, int at, string field) => string.CompareOrdinal(pattern, at, field, 0, field.Length) == 0;
        if (Is(pattern, at, "yyyy")) return (Year, 4);
        if (Is(pattern, at, "fff")) return (Millisecond, 3);
        if (Is(pattern, at, "MM")) return (Month, 2);
        if (Is(pattern, at, "dd")) return (Day, 2);
        if (Is(pattern, at, "HH")) return (Hour, 2);
        if (Is(pattern, at, "mm")) return (Minute, 2);
        if (Is(pattern, at, "ss")) return (Second, 2);
        return (0, 0);
    }

    private static int Pow10(int exponent)
    {
        int p = 1;
        while (exponent-- > 0) p *= 10;
        return p;
    }
}
