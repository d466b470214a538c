// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using Austin.Platform;
using Austin.Python.Abi;

namespace Austin.Python.Discovery;

/// <summary>
/// Which CPython runs in a module (internals doc §3), most reliable first: _Py_DebugOffsets (3.13+),
/// the Py_Version symbol (3.11+), the libpython file name, the executable name, and finally the
/// sys.version text that Py_GetVersion() formats into a static buffer at start-up.
/// </summary>
internal static class VersionDetector
{
    /// <summary>
    /// libpythonX.Y[flags].so... (not the stable-ABI stub libpython3.so), or Windows' pythonXY.dll (not the stable-ABI
    /// python3.dll).
    /// </summary>
    public static bool IsLibPython(string path) =>
        NameVersion(FileName(path), "libpython", anywhere: true) is not null || DllVersion(FileName(path)) is not null;

    /// <summary>The file name of a path of either OS: a Windows path read on Linux (tests) has backslashes.</summary>
    private static string FileName(string path) => path[(path.LastIndexOfAny(['/', '\\']) + 1)..];

    /// <summary>
    /// X.Y of Windows' python3XY.dll (python27.dll, python38.dll, python312.dll, and _d for debug builds), else null: the
    /// major version is one digit, the rest is the minor one.
    /// </summary>
    internal static PythonVersion? DllVersion(string name)
    {
        if (!name.StartsWith("python", StringComparison.OrdinalIgnoreCase) || !name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) return null;
        ReadOnlySpan<char> digits = name.AsSpan(6, name.Length - 10);
        if (digits.EndsWith("_d", StringComparison.OrdinalIgnoreCase)) digits = digits[..^2];
        if (digits.Length is < 2 or > 3 || !int.TryParse(digits, System.Globalization.NumberStyles.None, null, out _)) return null;
        return new PythonVersion(digits[0] - '0', int.Parse(digits[1..], System.Globalization.NumberStyles.None, null), -1);
    }

    /// <summary>X.Y after <paramref name="prefix"/> in a file name ("libpython3.11.so.1.0", "python3.11"), else null.</summary>
    internal static PythonVersion? NameVersion(string name, string prefix, bool anywhere)
    {
        int at = anywhere ? name.IndexOf(prefix, StringComparison.Ordinal) : (name.StartsWith(prefix, StringComparison.Ordinal) ? 0 : -1);
        if (at < 0) return null;
        ReadOnlySpan<char> rest = name.AsSpan(at + prefix.Length);
        int i = 0;
        int major = Digits(rest, ref i);
        if (major < 0 || i >= rest.Length || rest[i++] != '.') return null;
        int minor = Digits(rest, ref i);
        return minor < 0 ? null : new PythonVersion(major, minor, -1);
    }

    private static int Digits(ReadOnlySpan<char> s, ref int i)
    {
        int start = i, value = 0;
        while (i < s.Length && i - start < 4 && char.IsAsciiDigit(s[i])) value = value * 10 + (s[i++] - '0');
        return i == start ? -1 : value;
    }

    public static PythonVersion? Detect(IProcessMemory memory, IModuleSymbols symbols, ReadOnlySpan<byte> debugOffsets, Func<PythonVersion?> scan)
    {
        if (DebugOffsets.HasCookie(debugOffsets))
            return PythonVersion.FromHex(DebugOffsets.VersionHex(debugOffsets));

        if (symbols.TryGetSymbol("Py_Version", out ulong pyVersion) && memory.TryRead(pyVersion, out uint hex) && (hex >> 24) == 3)
            return PythonVersion.FromHex(hex);

        string name = FileName(symbols.Module.Path);
        if ((NameVersion(name, "libpython", anywhere: true) ?? DllVersion(name) ?? NameVersion(name, "python", anywhere: false)) is PythonVersion named)
            return named;

        return scan();
    }

    /// <summary>
    /// Finds "X.Y.Z... (" followed by a ")" and a "[" (the shape of sys.version) in a block of the module's
    /// writable memory.
    /// </summary>
    public static PythonVersion? FindVersionText(ReadOnlySpan<byte> block)
    {
        for (int i = 0; i + 8 < block.Length; i++)
        {
            byte b = block[i];
            if ((b != (byte)'2' && b != (byte)'3') || block[i + 1] != (byte)'.' || (i > 0 && (char.IsAsciiDigit((char)block[i - 1]) || block[i - 1] == (byte)'.'))) continue;
            int end = block[i..].IndexOf((byte)0);
            if (end < 0 || end > 200) continue;
            ReadOnlySpan<byte> text = block.Slice(i, end);
            int paren = text.IndexOf(" ("u8);
            if (paren < 0 || text.IndexOf((byte)')') < paren || text.IndexOf((byte)'[') < paren) continue;
            if (paren > 32) continue;
            string chars = System.Text.Encoding.ASCII.GetString(text[..paren]);
            if (PythonVersion.TryParse(chars, out PythonVersion v) && v.Micro >= 0) return v;
        }
        return null;
    }
}
