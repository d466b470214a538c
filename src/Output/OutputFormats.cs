// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Text;

namespace Austin.Output;

/// <summary>A format as the command line knows it: its --format name and the file name endings that choose it.</summary>
internal sealed record OutputFormatName(string Name, OutputFormat Format, string[] Extensions)
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(OutputFormatName);
}

/// <summary>
/// The names of the output formats (--format=NAME) and the output file endings that pick one when --format is not
/// given (spec §7). Adding a format to the command line is adding its row here (and its writer to the factory).
/// </summary>
internal static class OutputFormats
{
    /// <summary>Every format, the default first, in the order --help and error messages list them.</summary>
    public static IReadOnlyList<OutputFormatName> All { get; } =
    [
        new("collapsed", OutputFormat.Collapsed, []),
        new("austin", OutputFormat.Austin, [".austin"]),
        new("mojo", OutputFormat.Mojo, [".mojo"]),
        new("svg", OutputFormat.Svg, [".svg"]),
        new("speedscope", OutputFormat.Speedscope, [".speedscope.json"]),
        new("pprof", OutputFormat.Pprof, [".pprof", ".pb.gz"]),
    ];

    /// <summary>The --format name of <paramref name="format"/> (the alternative collapsed and SVG formats are collapsed and svg with -a).</summary>
    public static string NameOf(OutputFormat format)
    {
        OutputFormat named = format switch
        {
            OutputFormat.CollapsedAlternative => OutputFormat.Collapsed,
            OutputFormat.SvgAlternative => OutputFormat.Svg,
            _ => format,
        };
        foreach (OutputFormatName entry in All)
        {
            if (entry.Format == named) return entry.Name;
        }
        return Identifier(format);
    }

    /// <summary>The enum member's own name, as the log shows it (the binary has no reflection data for Enum.ToString).</summary>
    public static string Identifier(OutputFormat format) => format switch
    {
        OutputFormat.Collapsed => nameof(OutputFormat.Collapsed),
        OutputFormat.CollapsedAlternative => nameof(OutputFormat.CollapsedAlternative),
        OutputFormat.Austin => nameof(OutputFormat.Austin),
        OutputFormat.Mojo => nameof(OutputFormat.Mojo),
        OutputFormat.Svg => nameof(OutputFormat.Svg),
        OutputFormat.SvgAlternative => nameof(OutputFormat.SvgAlternative),
        OutputFormat.Speedscope => nameof(OutputFormat.Speedscope),
        OutputFormat.Pprof => nameof(OutputFormat.Pprof),
        _ => ((int)format).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The format called <paramref name="name"/> (exactly, as the C austin's values are case-sensitive); null if none.</summary>
    public static OutputFormat? FromName(string name)
    {
        foreach (OutputFormatName format in All)
        {
            if (format.Name == name) return format.Format;
        }
        return null;
    }

    /// <summary>
    /// The format an output file's name asks for: the longest ending that matches, whatever its case (".MOJO" is
    /// plainly MOJO; the longest, so that ".speedscope.json" can win over a shorter ".json"); null if none does.
    /// </summary>
    public static OutputFormat? FromFileName(string? fileName)
    {
        if (fileName is null) return null;
        OutputFormat? found = null;
        int longest = 0;
        foreach (OutputFormatName format in All)
        {
            foreach (string extension in format.Extensions)
            {
                if (extension.Length > longest && fileName.Length > extension.Length
                    && fileName.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
                    (found, longest) = (format.Format, extension.Length);
            }
        }
        return found;
    }

    /// <summary>"collapsed, austin, mojo": the names as a list for people.</summary>
    public static string NameList()
    {
        var names = new StringBuilder();
        foreach (OutputFormatName format in All)
            names.Append(names.Length == 0 ? "" : ", ").Append(format.Name);
        return names.ToString();
    }

    /// <summary>".austin or .mojo": the endings that choose a format, as a list for people.</summary>
    public static string ExtensionList()
    {
        var all = new List<string>();
        foreach (OutputFormatName format in All)
            all.AddRange(format.Extensions);
        var extensions = new StringBuilder();
        for (int i = 0; i < all.Count; i++)
            extensions.Append(i == 0 ? "" : i == all.Count - 1 ? " or " : ", ").Append(all[i]);
        return extensions.ToString();
    }
}
