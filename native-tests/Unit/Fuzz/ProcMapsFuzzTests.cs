// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzing the /proc/PID/maps parser. Bounded in the normal run; for a long campaign:
// AUSTIN_FUZZ_ITERATIONS=1000000 AUSTIN_FUZZ_SEED=random dotnet test ... (see Fuzz.cs).
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Austin.Platform.Linux;
using CsCheck;
using NUnit.Framework;

using Austin.Tests.Support.Synthetic;

namespace Austin.Tests.Unit.Fuzz;

[TestFixture]
[Parallelizable(ParallelScope.All)]
internal sealed class ProcMapsFuzzTests
{
    private static readonly Gen<string> s_path =
        Gen.Frequency(
            (3, Gen.OneOf("/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0", "/usr/bin/python3.11", "[heap]", "[stack]", "[vdso]", "[anon:name with spaces]")),
            (2, Gen.OneOf("/tmp/a b/lib python.so", "/tmp/x (deleted)", "/tmp/new\\012line", "/memfd:x", " leading", "trailing ", "/ü/ñ/文件")),
            (1, Gen.Const("")),
            (1, Gen.Char.Where(c => c is not ('\n' or '\r') && !char.IsSurrogate(c)).Array[1, 40].Select(cs => "/" + new string(cs))));

    private static readonly Gen<MemoryMapping> s_mapping =
        Gen.Select(Gen.ULong, Gen.ULong[1, 1UL << 40], Gen.Int[0, 15], Gen.ULong, Gen.Select(Gen.UInt[0, 0xfff], Gen.UInt[0, 0xfffff], Gen.ULong, Gen.Bool),
            s_path, (start, size, perms, offset, dev, path) => new MemoryMapping(
                start / 2, start / 2 + size, (MapPermissions)perms, offset, dev.Item1, dev.Item2, dev.Item3,
                path.Length == 0 ? null : path, dev.Item4 && path.Length > 0));

    /// <summary>A line as fs/proc/task_mmu.c show_map_vma prints it: padded so that the path starts at column 73.</summary>
    private static string Format(MemoryMapping m)
    {
        char Flag(MapPermissions p, char c) => (m.Permissions & p) != 0 ? c : '-';
        string head = string.Create(CultureInfo.InvariantCulture,
            $"{m.Start:x8}-{m.End:x8} {Flag(MapPermissions.Read, 'r')}{Flag(MapPermissions.Write, 'w')}{Flag(MapPermissions.Execute, 'x')}{((m.Permissions & MapPermissions.Shared) != 0 ? 's' : 'p')} " +
            $"{m.Offset:x8} {m.DeviceMajor:x2}:{m.DeviceMinor:x2} {m.Inode} ");
        if (m.Path is null) return head;
        return head.PadRight(73) + m.Path + (m.IsDeleted ? " (deleted)" : "");
    }

    [Test]
    public void Lines_printed_like_the_kernel_parse_back_to_their_mapping()
    {
        int cases = Fuzz.Check("maps, round trip", s_mapping, m =>
        {
            if (!ProcMaps.TryParseLine(Format(m), out MemoryMapping parsed))
                throw new PropertyFailed($"\"{Format(m)}\" did not parse");
            // A path the kernel prints with leading or trailing spaces cannot be told from the padding.
            MemoryMapping expected = m with { Path = m.Path?.TrimStart(' ') is { Length: > 0 } p ? p : null };
            if (expected.Path is null) expected = expected with { IsDeleted = false };
            if (m.Path is not null && m.Path.TrimStart(' ').Length > 0 && !m.IsDeleted && m.Path.EndsWith(" (deleted)", StringComparison.Ordinal))
                return; // a file really named "x (deleted)" reads as deleted: the kernel's own ambiguity
            if (parsed != expected) throw new PropertyFailed($"\"{Format(m)}\" parsed as {parsed}");
        }, defaultCount: 5000, print: m => $"{m} -> \"{Format(m)}\"");
        TestContext.Out.WriteLine($"{cases} lines");
    }

    private static readonly Gen<string> s_garbageLine =
        Gen.Select(s_mapping, Gen.Select(Gen.Int[0, 200], Gen.Int[0, 3], Gen.Char).Array[0, 6], (m, edits) =>
        {
            var line = new System.Text.StringBuilder(Format(m));
            foreach ((int at, int kind, char c) in edits)
            {
                int i = line.Length == 0 ? 0 : at % (line.Length + 1);
                switch (kind)
                {
                    case 0: line.Insert(i, c); break;
                    case 1: if (i < line.Length) line.Remove(i, 1); break;
                    case 2: if (i < line.Length) line[i] = c; break;
                    default: line.Insert(i, new string(c, 1 + at % 30)); break;
                }
            }
            return line.ToString();
        });

    [Test]
    public void Any_line_parses_to_a_sane_mapping_or_not_at_all()
    {
        var gen = Gen.Frequency((3, s_garbageLine), (1, Gen.String));
        int cases = Fuzz.Check("maps, garbage", gen, line =>
        {
            if (!ProcMaps.TryParseLine(line, out MemoryMapping m)) return;
            if (m.Start >= m.End) throw new PropertyFailed($"start {m.Start:x} not below end {m.End:x}");
            if (m.Path is { Length: 0 }) throw new PropertyFailed("an empty path");
            if (m.Path is string p && p.StartsWith(' ')) throw new PropertyFailed($"path \"{p}\"");
        }, defaultCount: 10_000, print: l => $"\"{l}\"");
        TestContext.Out.WriteLine($"{cases} lines");
    }

    [Test]
    public void A_whole_maps_file_keeps_every_good_line_and_counts_the_rest()
    {
        // One line each: no line breaks inside (TextReader.ReadLine also breaks at a lone \r).
        var line = Gen.Frequency((3, s_mapping.Select(Format)), (1, s_garbageLine), (1, Gen.Const(""))).Where(l => !l.Contains('\n') && !l.Contains('\r'));
        var gen = line.Array[0, 50];
        int cases = Fuzz.Check("maps, files", gen, lines =>
        {
            var mappings = new List<MemoryMapping>();
            int malformed = ProcMaps.Parse(new StringReader(string.Join("\n", lines)), mappings);
            int expectedGood = lines.Count(l => ProcMaps.TryParseLine(l, out _));
            int nonEmpty = lines.Count(l => l.Length > 0);
            if (mappings.Count != expectedGood || mappings.Count + malformed != nonEmpty)
                throw new PropertyFailed($"{mappings.Count} mappings and {malformed} malformed of {nonEmpty} lines, {expectedGood} good");
            foreach (MemoryMapping m in mappings)
                ProcMaps.TryFindLowestStart(mappings.ToArray(), m.Path ?? "", m.Offset, out _);
        }, defaultCount: 1000);
        TestContext.Out.WriteLine($"{cases} files");
    }
}
