// SPDX-License-Identifier: GPL-3.0-or-later
using System.Collections.Generic;
using System.Text;

namespace Austin.Cli;

/// <summary>
/// The argp pre-pass: reads argv the way glibc's argp_parse (getopt_long, ARGP_IN_ORDER) does for austin, so
/// that command lines written for the C binary keep their meaning. System.CommandLine alone would take options
/// anywhere (stealing the -m of "python3 -m module") and knows neither bundles nor long-name prefixes.
/// Conventions, all from getopt: options end at the first word that is not an option ("-" alone is not one) or
/// after "--"; short options bundle (-ms, -mi100); a value is attached or the next word, whatever it looks like
/// (-i100, -i 100, --interval=100, --interval 100); a long name may be shortened to any unambiguous prefix, and to
/// a prefix it shares with later options when it is the only established option among them.
/// Pure: no I/O, no exceptions.
/// </summary>
internal static class ArgpScanner
{
    public static ArgpScan Scan(IReadOnlyList<string> args, ArgpOptionTable table)
    {
        var found = new List<ArgpOccurrence>();
        int next = 0;
        while (next < args.Count)
        {
            string word = args[next++];
            if (word == "--")
                return new ArgpScan { Options = found, Command = Rest(args, next) };
            if (word.Length < 2 || word[0] != '-')
                return new ArgpScan { Options = found, Command = Rest(args, next - 1) };

            ArgpScan? end = word[1] == '-'
                ? ScanLong(word, args, ref next, table, found)
                : ScanShorts(word, args, ref next, table, found);
            if (end is not null)
                return end;
        }
        return new ArgpScan { Options = found };
    }

    /// <summary>One "--name[=value]" word. Returns the finished scan if it ends there, else null.</summary>
    private static ArgpScan? ScanLong(string word, IReadOnlyList<string> args, ref int next, ArgpOptionTable table, List<ArgpOccurrence> found)
    {
        string body = word[2..];
        int equals = body.IndexOf('=');
        string name = equals < 0 ? body : body[..equals];

        // An exact name wins over longer names it is a prefix of, as in getopt.
        ArgpOption? option = table.FindLong(name);
        if (option is null)
        {
            List<ArgpOption> candidates = table.FindLongByPrefix(name);
            if (candidates.Count == 0)
                return Fail(found, $"unrecognized option '{word}'");
            option = OneOf(candidates);
            if (option is null)
                return Fail(found, Ambiguous(word, candidates));
        }

        // getopt names the option in full in these messages, however it was abbreviated.
        string? value = null;
        if (!option.TakesValue)
        {
            if (equals >= 0)
                return Fail(found, $"option '--{option.LongName}' doesn't allow an argument");
        }
        else if (equals >= 0)
            value = body[(equals + 1)..];
        else if (option.OptionalDefault is not null)
            value = option.OptionalDefault;
        else if (next < args.Count)
            value = args[next++];
        else
            return Fail(found, $"option '--{option.LongName}' requires an argument");

        return Take(found, option, value);
    }

    /// <summary>One "-abc" word: switches until one takes a value, which is the rest of the word or the next word.</summary>
    private static ArgpScan? ScanShorts(string word, IReadOnlyList<string> args, ref int next, ArgpOptionTable table, List<ArgpOccurrence> found)
    {
        for (int k = 1; k < word.Length; k++)
        {
            char key = word[k];
            ArgpOption? option = table.FindShort(key);
            if (option is null)
                return Fail(found, $"invalid option -- '{key}'");

            if (!option.TakesValue)
            {
                if (Take(found, option, null) is { } end)
                    return end;
                continue;
            }
            if (k + 1 < word.Length)
                return Take(found, option, word[(k + 1)..]);
            if (option.OptionalDefault is not null)
                return Take(found, option, option.OptionalDefault);
            if (next < args.Count)
                return Take(found, option, args[next++]);
            return Fail(found, $"option requires an argument -- '{key}'");
        }
        return null;
    }

    /// <summary>Records an occurrence; an option that acts at once ends the scan, as argp exits right there.</summary>
    private static ArgpScan? Take(List<ArgpOccurrence> found, ArgpOption option, string? value)
    {
        found.Add(new ArgpOccurrence(option, value));
        return option.Action == ArgpAction.None ? null : new ArgpScan { Options = found, ActedOn = option };
    }

    private static ArgpScan Fail(List<ArgpOccurrence> found, string error) => new() { Options = found, Error = error };

    /// <summary>
    /// What a long name means, whole or shortened as the scan takes it: null when it names nothing or stays ambiguous.
    /// The bash completion resolves abbreviations with it (--form=, --inter 5), so that it reads a command line as austin does.
    /// </summary>
    public static ArgpOption? ResolveLong(ArgpOptionTable table, string name) =>
        table.FindLong(name) ?? OneOf(table.FindLongByPrefix(name));

    /// <summary>The candidate a shortened name means: the only one, or the established one; null for none.</summary>
    private static ArgpOption? OneOf(List<ArgpOption> candidates) =>
        candidates.Count switch { 0 => null, 1 => candidates[0], _ => TheEstablishedOne(candidates) };

    /// <summary>
    /// The one deliberate difference from getopt: an abbreviation that several long names share, exactly one of
    /// them established (<see cref="ArgpOption.Established"/>), means that one. Options added after 0.7.0 made
    /// "--h" (--help, --heap), "--pi" (--pid, --pipe), "--ex" (--exclude-empty, --exposure) and "--f" (--full,
    /// --format) ambiguous to getopt; they keep their 0.7.0 meaning. Null when it stays ambiguous.
    /// </summary>
    private static ArgpOption? TheEstablishedOne(List<ArgpOption> candidates)
    {
        // The most senior candidate, when it is the only one that senior: 0.7.0's over 3.7's (--pi: --pid), 3.7's
        // over austin's own (--c: --children, not --convert); a tie, or no senior option at all, stays ambiguous.
        ArgpOption? chosen = null;
        int best = 0, count = 0;
        foreach (ArgpOption candidate in candidates)
        {
            if (candidate.Seniority > best)
                (chosen, best, count) = (candidate, candidate.Seniority, 1);
            else if (candidate.Seniority == best && best > 0)
                count++;
        }
        return count == 1 ? chosen : null;
    }

    private static string Ambiguous(string word, List<ArgpOption> candidates)
    {
        var message = new StringBuilder($"option '{word}' is ambiguous; possibilities:");
        foreach (ArgpOption candidate in candidates)
            message.Append(" '--").Append(candidate.LongName).Append('\'');
        return message.ToString();
    }

    private static string[] Rest(IReadOnlyList<string> args, int from)
    {
        var rest = new string[args.Count - from];
        for (int i = 0; i < rest.Length; i++)
            rest[i] = args[from + i];
        return rest;
    }
}
