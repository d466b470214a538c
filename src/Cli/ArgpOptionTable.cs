// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;

namespace Austin.Cli;

/// <summary>
/// An option table with the texts argp prints around it. <see cref="Options"/> is in display order: argp
/// sorts its table (alphabetically within a group, its own --help group last); we keep the table sorted instead.
/// </summary>
internal sealed class ArgpOptionTable
{
    public ArgpOptionTable(string programName, string argsDoc, string doc, string? bugAddress, IReadOnlyList<ArgpOption> options)
    {
        ProgramName = programName;
        ArgsDoc = argsDoc;
        Doc = doc;
        BugAddress = bugAddress;
        Options = options;
    }

    /// <summary>The name in "Usage:" lines and in error messages.</summary>
    public string ProgramName { get; }

    /// <summary>What follows the options in "Usage:" lines.</summary>
    public string ArgsDoc { get; }

    /// <summary>The line under "Usage:" in --help.</summary>
    public string Doc { get; }

    /// <summary>argp_program_bug_address: --help ends with "Report bugs to ADDRESS." when it is set.</summary>
    public string? BugAddress { get; }

    public IReadOnlyList<ArgpOption> Options { get; }

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

    /// <summary>The options whose long name starts with <paramref name="prefix"/>, in table order (getopt lists them so).</summary>
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
}
