// SPDX-License-Identifier: GPL-3.0-or-later
using System;

namespace Austin.Python.Abi;

/// <summary>A CPython version; layouts are keyed on major.minor (micro releases keep them).</summary>
internal readonly record struct PythonVersion(int Major, int Minor, int Micro = 0)
{
    public static PythonVersion FromHex(ulong hex) =>
        new((int)((hex >> 24) & 0xff), (int)((hex >> 16) & 0xff), (int)((hex >> 8) & 0xff));

    public bool AtLeast(int major, int minor) => Major > major || (Major == major && Minor >= minor);

    public override string ToString() => Micro >= 0 ? $"{Major}.{Minor}.{Micro}" : $"{Major}.{Minor}";

    /// <summary>Parses "3.11", "3.11.7", "3.11.7+" or "3.13.0rc1" (the suffix is ignored).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out PythonVersion version)
    {
        version = default;
        int[] parts = [0, 0, -1];
        int part = 0, digits = 0;
        foreach (char c in text)
        {
            if (c is >= '0' and <= '9')
            {
                if (digits++ == 0 && part == 2) parts[2] = 0;
                if (digits > 4) return false;
                parts[part] = parts[part] * 10 + (c - '0');
            }
            else if (c == '.' && digits > 0 && part < 2) { part++; digits = 0; }
            else break;
        }
        if (part < 1 || (part == 1 && digits == 0)) return false;
        version = new PythonVersion(parts[0], parts[1], parts[2]);
        return true;
    }
}
