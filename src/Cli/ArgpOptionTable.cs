// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;

namespace Austin.Cli;

/// <summary>
/// An option table with the texts argp prints around it, and the options argp adds to every program
/// (--help, --usage, --version). Two orders, as in argp: <see cref="Options"/> is the order getopt knows
/// them in (the program's as given, then argp's own), which is the order of the possibilities it lists for
/// an ambiguous prefix; <see cref="HelpOrder"/> is the order --help and --usage list them in, which argp
/// sorts (argp-help.c, hol_sort), so that where the program's options were written does not matter.
/// </summary>
internal sealed class ArgpOptionTable
{
    /// <summary>The group of argp's own options (argp-parse.c): after every group of the program's.</summary>
    public const int ArgpOwnGroup = -1;

    // The options argp adds to every program (argp-parse.c); their wording is argp's.
    // Established: every argp program has had them, so their abbreviations keep their meaning.
    public static readonly ArgpOption Help = new('?', "help", null, "Give this help list", ArgpOwnGroup, ArgpAction.Help) { Established = true };
    public static readonly ArgpOption Usage = new(null, "usage", null, "Give a short usage message", ArgpOwnGroup, ArgpAction.Usage) { Established = true };
    public static readonly ArgpOption Version = new('V', "version", null, "Print program version", ArgpOwnGroup, ArgpAction.Version) { Established = true };

    /// <param name="options">The program's rows; group headers (<see cref="ArgpOption.Header"/>) among them only show in --help.</param>
    public ArgpOptionTable(string programName, string argsDoc, string doc, string? bugAddress, IReadOnlyList<ArgpOption> options)
    {
        ProgramName = programName;
        ArgsDoc = argsDoc;
        Doc = doc;
        BugAddress = bugAddress;
        var named = new List<ArgpOption>(options.Count + 3);
        foreach (ArgpOption option in options)
        {
            if (!option.IsHeader) named.Add(option);
        }
        Options = [.. named, Help, Usage, Version];
        HelpOrder = SortForHelp([.. options, Help, Usage, Version]);
    }

    /// <summary>The name in "Usage:" lines and in error messages.</summary>
    public string ProgramName { get; }

    /// <summary>What follows the options in "Usage:" lines.</summary>
    public string ArgsDoc { get; }

    /// <summary>The line under "Usage:" in --help.</summary>
    public string Doc { get; }

    /// <summary>argp_program_bug_address: --help ends with "Report bugs to ADDRESS." when it is set.</summary>
    public string? BugAddress { get; }

    /// <summary>Every option, in getopt's order: the program's as given, then argp's own (no headers).</summary>
    public IReadOnlyList<ArgpOption> Options { get; }

    /// <summary>Every option and group header, in the order of --help and --usage.</summary>
    public IReadOnlyList<ArgpOption> HelpOrder { get; }

    public ArgpOption? FindShort(char key)
    {
        foreach (ArgpOption option in Options)
        {
            if (option.ShortName == key)
                return option;
        }
        return null;
    }

    public ArgpOption? FindLong(string name)
    {
        foreach (ArgpOption option in Options)
        {
            if (option.LongName == name)
                return option;
        }
        return null;
    }

    /// <summary>The options whose long name starts with <paramref name="prefix"/>, in getopt's order (it lists them so).</summary>
    public List<ArgpOption> FindLongByPrefix(string prefix)
    {
        var matches = new List<ArgpOption>();
        foreach (ArgpOption option in Options)
        {
            if (option.LongName.StartsWith(prefix, StringComparison.Ordinal))
                matches.Add(option);
        }
        return matches;
    }

    /// <summary>A stable insertion sort by <see cref="CompareForHelp"/>: tables are a few dozen rows.</summary>
    private static ArgpOption[] SortForHelp(IReadOnlyList<ArgpOption> options)
    {
        var sorted = new ArgpOption[options.Count];
        for (int i = 0; i < sorted.Length; i++)
        {
            int at = i;
            for (; at > 0 && CompareForHelp(sorted[at - 1], options[i]) > 0; at--)
                sorted[at] = sorted[at - 1];
            sorted[at] = options[i];
        }
        return sorted;
    }

    /// <summary>
    /// argp-help.c's hol_entry_cmp (glibc 2.33 and later) for rows without clusters or doc options: by group,
    /// then by the short name or else the long name's first character, ignoring case but lower case first (a
    /// header, which has neither, first of all); on the same character a long-only option comes first, and two
    /// long-only ones compare ignoring case.
    /// </summary>
    private static int CompareForHelp(ArgpOption a, ArgpOption b)
    {
        int cmp = CompareGroups(a.Group, b.Group);
        if (cmp != 0)
            return cmp;

        char first1 = FirstCharacter(a), first2 = FirstCharacter(b);
        cmp = ToLower(first1) - ToLower(first2);
        if (cmp != 0)
            return cmp;
        cmp = first2 - first1;
        if (cmp != 0)
            return cmp;

        cmp = (a.ShortName is null ? 0 : 1) - (b.ShortName is null ? 0 : 1);
        if (cmp != 0 || a.ShortName is not null)
            return cmp;
        return CompareIgnoringCase(a.LongName, b.LongName);
    }

    /// <summary>What an entry sorts by: its short name, or the first character of its long name; a header has none (0), so it comes first.</summary>
    private static char FirstCharacter(ArgpOption option) =>
        option.ShortName ?? (option.LongName.Length > 0 ? option.LongName[0] : '\0');

    /// <summary>argp-help.c's group_cmp: 0, 1, 2, ... then ..., -2, -1.</summary>
    private static int CompareGroups(int group1, int group2) =>
        (group1 < 0) == (group2 < 0) ? group1 - group2 : group2 - group1;

    /// <summary>strcasecmp in the C locale.</summary>
    private static int CompareIgnoringCase(string s1, string s2)
    {
        for (int i = 0; ; i++)
        {
            int c1 = i < s1.Length ? ToLower(s1[i]) : 0, c2 = i < s2.Length ? ToLower(s2[i]) : 0;
            if (c1 != c2 || c1 == 0)
                return c1 - c2;
        }
    }

    private static char ToLower(char c) => c is >= 'A' and <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}
