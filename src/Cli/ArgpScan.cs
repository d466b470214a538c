// SPDX-License-Identifier: GPL-3.0-or-later
using System.Collections.Generic;

namespace Austin.Cli;

/// <summary>An option met on the command line, with its value when it takes one.</summary>
internal readonly record struct ArgpOccurrence(ArgpOption Option, string? Value)
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(ArgpOccurrence);
}

/// <summary>
/// What the argp pre-pass found: the options in the order they were met, then how the options ended: at the
/// command, at a getopt error, or at an option that acts at once (--help). Nothing after that point was read.
/// </summary>
internal sealed class ArgpScan
{
    public required IReadOnlyList<ArgpOccurrence> Options { get; init; }

    /// <summary>The command and its arguments, untouched; empty when there is none.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>getopt's complaint without the program name, e.g. <c>invalid option -- 'x'</c>.</summary>
    public string? Error { get; init; }

    /// <summary>The option that ended the scan by acting at once (its occurrence is the last in <see cref="Options"/>).</summary>
    public ArgpOption? ActedOn { get; init; }

    /// <summary>
    /// The options as System.CommandLine should see them: long names only, values attached with '=' so that a
    /// value such as "--" or "--pid" stays a value. An empty value is passed as its own token, because
    /// System.CommandLine reads "--output=" as "--output" with the value missing. Acting options are left out:
    /// they are actions, not values.
    /// </summary>
    public IReadOnlyList<string> ToTokens()
    {
        var tokens = new List<string>(Options.Count);
        foreach (ArgpOccurrence occurrence in Options)
        {
            if (occurrence.Option.Action != ArgpAction.None)
                continue;
            string name = "--" + occurrence.Option.LongName;
            if (occurrence.Value is null)
                tokens.Add(name);
            else if (occurrence.Value.Length == 0)
                tokens.AddRange([name, ""]);
            else
                tokens.Add(name + "=" + occurrence.Value);
        }
        return tokens;
    }

    /// <summary>Where, in <see cref="Options"/>, the <paramref name="nth"/> (0-based) occurrence of the option named <paramref name="longName"/> is; -1 if nowhere.</summary>
    public int IndexOf(string longName, int nth)
    {
        for (int i = 0; i < Options.Count; i++)
        {
            if (Options[i].Option.LongName == longName && nth-- == 0)
                return i;
        }
        return -1;
    }
}
