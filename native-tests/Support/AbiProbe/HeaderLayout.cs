// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Austin.Tests.Support;

/// <summary>
/// What one interpreter's headers say about the structs austin reads: the rows abi_probe.c printed
/// (offsets and sizes of members, sizes of structs, bit-fields, constants), looked up by CPython's names.
/// </summary>
public sealed class HeaderLayout
{
    private readonly Dictionary<(string Type, string Member), (int Offset, int Size)> _offsets = [];
    private readonly Dictionary<string, int> _sizes = [];
    private readonly Dictionary<(string Type, string Field), (int Low, int Width)> _bits = [];
    private readonly Dictionary<string, long> _constants = [];

    private HeaderLayout(string version, ulong versionHex)
    {
        Version = version;
        VersionHex = versionHex;
    }

    /// <summary>PY_VERSION of the headers, e.g. <c>3.11.7</c>.</summary>
    public string Version { get; }

    /// <summary>PY_VERSION_HEX of the headers.</summary>
    public ulong VersionHex { get; }

    /// <summary>How many rows were measured (offsets, sizes, bit-fields and constants).</summary>
    public int Rows => _offsets.Count + _sizes.Count + _bits.Count + _constants.Count;

    /// <summary>True when the headers have the struct (the probe measured its size).</summary>
    public bool Has(string type) => _sizes.ContainsKey(type);

    /// <summary><c>offsetof(type, member)</c> and the member's size; <paramref name="member"/> is a C designator
    /// such as <c>threads.head</c>.</summary>
    public bool TryGetOffset(string type, string member, out int offset, out int size)
    {
        bool found = _offsets.TryGetValue((type, member), out (int Offset, int Size) row);
        (offset, size) = row;
        return found;
    }

    /// <summary><c>sizeof(type)</c>, or null when the probe did not measure it.</summary>
    public int? SizeOf(string type) => _sizes.TryGetValue(type, out int size) ? size : null;

    /// <summary>Lowest bit and width of a bit-field, <paramref name="field"/> written <c>word.field</c>.</summary>
    public (int Low, int Width)? Bits(string type, string field) => _bits.TryGetValue((type, field), out var bits) ? bits : null;

    /// <summary>A constant's value, or null when the probe did not print it.</summary>
    public long? Constant(string name) => _constants.TryGetValue(name, out long value) ? value : null;

    /// <summary>
    /// A free-threaded or debug build's headers: another object header (and, free-threaded, more fields), which
    /// austin's ABI structs (release builds') do not describe; austin reads such a build through its _Py_DebugOffsets.
    /// </summary>
    public bool IsReleaseBuild => Constant("Py_GIL_DISABLED") is null && Constant("Py_DEBUG") is null;

    /// <summary>Every measured member of <paramref name="type"/>, in no particular order.</summary>
    public IEnumerable<(string Member, int Offset, int Size)> Members(string type) =>
        _offsets.Where(row => row.Key.Type == type).Select(row => (row.Key.Member, row.Value.Offset, row.Value.Size));

    /// <summary>Reads what abi_probe.c prints (see the comment at its top); throws <see cref="FormatException"/>
    /// on a row it does not understand, so that a probe and a parser out of step cannot pass quietly.</summary>
    public static HeaderLayout Parse(string text)
    {
        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || lines[0].Split(' ') is not ["version", string version, string hex])
            throw new FormatException($"the probe's first row is not 'version <PY_VERSION> <PY_VERSION_HEX>': {lines.FirstOrDefault()}");
        var layout = new HeaderLayout(version, ulong.Parse(hex, CultureInfo.InvariantCulture));
        foreach (string line in lines.Skip(1))
        {
            switch (line.Split(' '))
            {
                case ["offset", string type, string member, string offset, string size]:
                    layout._offsets.Add((type, member), (Int(offset), Int(size)));
                    break;
                case ["sizeof", string type, string size]:
                    layout._sizes.Add(type, Int(size));
                    break;
                case ["bits", string type, string field, string low, string width]:
                    layout._bits.Add((type, field), (Int(low), Int(width)));
                    break;
                case ["const", string name, string value]:
                    layout._constants.Add(name, long.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
                    break;
                default:
                    throw new FormatException($"not a row of the ABI probe: '{line}'");
            }
        }
        return layout;
    }

    private static int Int(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
}
