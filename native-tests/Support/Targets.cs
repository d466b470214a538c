// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace Austin.Tests.Support;

/// <summary>
/// The Python programs under <c>Targets/</c> (copied next to the test assembly) and their markers: a line
/// that ends with <c>#</c>, a space, <c>@</c> and a tag is where a target parks a thread. Expected line
/// numbers come from here, never from the test code.
/// </summary>
public static class Targets
{
    // The same pattern as target_support.py's _MARKER.
    private static readonly Regex Marker = new(@"#\s@([a-z0-9-]+)\s*$", RegexOptions.CultureInvariant);

    private static readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, int>> MarkersByFile = new(StringComparer.Ordinal);

    /// <summary>The absolute, normalised directory of the targets: what co_filename holds for them.</summary>
    public static string Directory { get; } = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "Targets"));

    /// <summary>The absolute path of a target file; fails the test when the file is missing.</summary>
    public static string PathOf(string fileName)
    {
        string path = Path.Combine(Directory, fileName);
        if (!File.Exists(path))
            Assert.Fail($"target file {path} is missing: is it under native-tests/Targets/ and copied to the output?");
        return path;
    }

    /// <summary>Every marker tag of a target file with its 1-based line number.</summary>
    public static IReadOnlyDictionary<string, int> Markers(string fileName) =>
        MarkersByFile.GetOrAdd(fileName, name => ReadMarkers(PathOf(name)));

    /// <summary>The line a marker is on; fails the test when the file has no such marker.</summary>
    public static int Line(string fileName, string tag)
    {
        if (!Markers(fileName).TryGetValue(tag, out int line))
            Assert.Fail($"target {fileName} has no marker '@{tag}'");
        return line;
    }

    private static Dictionary<string, int> ReadMarkers(string path)
    {
        var markers = new Dictionary<string, int>(StringComparer.Ordinal);
        string[] lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            Match match = Marker.Match(lines[i]);
            if (match.Success && !markers.TryAdd(match.Groups[1].Value, i + 1))
                throw new InvalidOperationException($"marker '@{match.Groups[1].Value}' appears twice in {path}");
        }
        return markers;
    }
}
