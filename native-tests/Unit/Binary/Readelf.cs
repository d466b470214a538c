// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Tasks;

namespace Austin.Tests.Unit.Binary;

/// <summary>A symbol as <c>readelf -Ws</c> prints it.</summary>
internal sealed record ReadelfSymbol(int Index, ulong Value, ulong Size, string Type, string Binding, ushort SectionIndex, string Name);

/// <summary>A section as <c>readelf -SW</c> prints it.</summary>
internal sealed record ReadelfSection(int Index, string Name, ulong Address, ulong Offset, ulong Size);

/// <summary>binutils' readelf, run on a file, as the independent opinion the ELF reader is checked against.</summary>
internal static class Readelf
{
    public static string Run(params string[] arguments)
    {
        var psi = new ProcessStartInfo("readelf") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in arguments)
            psi.ArgumentList.Add(a);
        using Process p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start readelf");
        Task<string> output = p.StandardOutput.ReadToEndAsync();
        Task<string> errors = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000))
        {
            p.Kill();
            throw new TimeoutException("readelf " + string.Join(' ', arguments));
        }
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"readelf {string.Join(' ', arguments)} failed: {errors.Result}");
        return output.Result;
    }

    /// <summary>Symbols per table name (".dynsym", ".symtab"), in table order, the null symbol included.</summary>
    public static Dictionary<string, List<ReadelfSymbol>> Symbols(string path)
    {
        var tables = new Dictionary<string, List<ReadelfSymbol>>(StringComparer.Ordinal);
        List<ReadelfSymbol>? current = null;
        bool dynamic = false;
        foreach (string line in Run("-Ws", path).Split('\n'))
        {
            if (line.StartsWith("Symbol table '", StringComparison.Ordinal))
            {
                string name = line.Split('\'')[1];
                tables[name] = current = [];
                dynamic = name == ".dynsym";
                continue;
            }
            string[] t = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (current is null || t.Length < 7 || !t[0].EndsWith(':') || !int.TryParse(t[0].AsSpan(0, t[0].Length - 1), CultureInfo.InvariantCulture, out int index))
                continue;
            string symbolName = t.Length > 7 ? t[7] : "";
            // readelf appends @VERSION to .dynsym names from .gnu.version; in .symtab it is part of the string.
            int at = symbolName.IndexOf('@', StringComparison.Ordinal);
            if (dynamic && at >= 0)
                symbolName = symbolName[..at];
            current.Add(new ReadelfSymbol(index, Hex(t[1]), Number(t[2]), t[3], t[4], SectionIndex(t[6]), symbolName));
        }
        return tables;
    }

    public static List<ReadelfSection> Sections(string path)
    {
        var sections = new List<ReadelfSection>();
        foreach (string line in Run("-SW", path).Split('\n'))
        {
            int open = line.IndexOf('['), close = line.IndexOf(']');
            if (open < 0 || close < open || !int.TryParse(line.AsSpan(open + 1, close - open - 1).Trim(), CultureInfo.InvariantCulture, out int index))
                continue;
            string[] t = line[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int at = index == 0 ? 0 : 1; // section 0 has no name
            string name = index == 0 ? "" : t[0];
            sections.Add(new ReadelfSection(index, name, Hex(t[at + 1]), Hex(t[at + 2]), Hex(t[at + 3])));
        }
        return sections;
    }

    /// <summary>The "Type:" word of the ELF header: "DYN", "EXEC", …</summary>
    public static string FileType(string path)
    {
        foreach (string line in Run("-hW", path).Split('\n'))
        {
            string trimmed = line.Trim();
            if (trimmed.StartsWith("Type:", StringComparison.Ordinal))
                return trimmed["Type:".Length..].Trim().Split(' ')[0];
        }
        throw new FormatException("readelf -h printed no Type");
    }

    /// <summary>(p_offset, p_vaddr) of every LOAD program header.</summary>
    public static List<(ulong Offset, ulong VirtualAddress)> LoadSegments(string path)
    {
        var loads = new List<(ulong, ulong)>();
        foreach (string line in Run("-lW", path).Split('\n'))
        {
            string[] t = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (t.Length > 3 && t[0] == "LOAD")
                loads.Add((Hex(t[1]), Hex(t[2])));
        }
        return loads;
    }

    private static ulong Hex(string s) =>
        ulong.Parse(s.StartsWith("0x", StringComparison.Ordinal) ? s[2..] : s, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    /// <summary>readelf prints sizes in decimal, or in hex with 0x once they get large.</summary>
    private static ulong Number(string s) =>
        s.StartsWith("0x", StringComparison.Ordinal) ? Hex(s) : ulong.Parse(s, CultureInfo.InvariantCulture);

    private static ushort SectionIndex(string ndx) => ndx switch
    {
        "UND" => 0,
        "ABS" => 0xfff1,
        "COM" => 0xfff2,
        _ => ushort.Parse(ndx, CultureInfo.InvariantCulture),
    };
}
