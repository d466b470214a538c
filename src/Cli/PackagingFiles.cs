// SPDX-License-Identifier: GPL-3.0-or-later
using System;

namespace Austin.Cli;

/// <summary>
/// The files packages ship beside the binary, written by the binary itself from its option table so that they
/// cannot disagree with --help: <c>austin --packaging-file=man [DATE]</c> (and, for the completions, bash, zsh or
/// fish). build.sh's package verb runs it. Hidden: the argument is matched whole, before argp sees the command line,
/// and is not in the table, so no option, abbreviation or message of austin changes (argp refused it before).
/// </summary>
internal static class PackagingFiles
{
    private const string Prefix = "--packaging-file=";

    /// <summary>The file <paramref name="args"/> asks for, or null when they are an ordinary command line.</summary>
    public static string? For(string[] args)
    {
        if (args.Length is < 1 or > 2 || !args[0].StartsWith(Prefix, StringComparison.Ordinal))
            return null;
        ArgpOptionTable table = AustinOptionTable.Austin.Argp;
        string kind = args[0][Prefix.Length..];
        string date = args.Length == 2 ? args[1] : "1970-01-01";
        return kind switch
        {
            "man" => ManPageWriter.Write(table, date),
            "bash" => CompletionWriter.Bash(table),
            "zsh" => CompletionWriter.Zsh(table),
            "fish" => CompletionWriter.Fish(table),
            _ => null,
        };
    }
}
