// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.IO;
using System.Text.RegularExpressions;
using Austin.Platform;
using Austin.Python.Abi;

namespace Austin.Python.Discovery;

/// <summary>
/// Which CPython runs in a module (internals doc §3), most reliable first: _Py_DebugOffsets (3.13+),
/// the Py_Version symbol (3.11+), the libpython file name, the executable name, and finally the
/// sys.version text that Py_GetVersion() formats into a static buffer at start-up.
/// </summary>
internal static partial class VersionDetector
{
    [GeneratedRegex(@"libpython(\d+)\.(\d+)")]
    private static partial Regex LibPythonName();

    [GeneratedRegex(@"^python(\d+)\.(\d+)")]
    private static partial Regex ExecutableName();

    public static bool IsLibPython(string path) =>
        LibPythonName().IsMatch(Path.GetFileName(path));

    public static PythonVersion? Detect(IProcessMemory memory, IModuleSymbols symbols, ReadOnlySpan<byte> debugOffsets, Func<PythonVersion?> scan)
    {
        if (DebugOffsets.HasCookie(debugOffsets))
            return PythonVersion.FromHex(DebugOffsets.VersionHex(debugOffsets));

        if (symbols.TryGetSymbol("Py_Version", out ulong pyVersion) && memory.TryRead(pyVersion, out uint hex) && (hex >> 24) == 3)
            return PythonVersion.FromHex(hex);

        string name = Path.GetFileName(symbols.Module.Path);
        Match m = LibPythonName().Match(name);
        if (!m.Success) m = ExecutableName().Match(name);
        if (m.Success)
            return new PythonVersion(int.Parse(m.Groups[1].ValueSpan), int.Parse(m.Groups[2].ValueSpan), -1);

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
            if ((b != (byte)'2' && b != (byte)'3') || block[i + 1] != (byte)'.' || (i > 0 && block[i - 1] != 0)) continue;
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
