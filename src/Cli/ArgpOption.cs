// SPDX-License-Identifier: GPL-3.0-or-later
namespace Austin.Cli;

/// <summary>What an option does the moment it is met, like argp's built-in --help, --usage and --version.</summary>
internal enum ArgpAction
{
    None,
    Help,
    Usage,
    Version,
}

/// <summary>
/// One row of an argp option table (glibc's <c>struct argp_option</c>, minus flags).
/// <see cref="ArgName"/> is null for a switch. Unlike argp, every option needs a long name: it is the name
/// System.CommandLine knows the option by. <see cref="Group"/> is argp's: --help lists groups 0, 1, 2, ...
/// then the negative ones, -1 (argp's own options) last; unlike argp, a 0 does not inherit the group of the
/// row before it. A row with neither name is a group header (<see cref="Header"/>).
/// </summary>
internal sealed record ArgpOption(char? ShortName, string LongName, string? ArgName, string Doc, int Group = 0, ArgpAction Action = ArgpAction.None)
{
    public bool TakesValue => ArgName is not null;

    /// <summary>
    /// An option of the established command line (austin 0.7.0's, argp's own included): where a later option makes
    /// one of its long-name abbreviations ambiguous, the abbreviation keeps meaning this option (see
    /// <see cref="ArgpScanner"/>).
    /// </summary>
    public bool Established { get; init; }

    /// <summary>A group header: no names, only a line of text that --help prints before its group's options.</summary>
    public bool IsHeader => ShortName is null && LongName.Length == 0;

    /// <summary>
    /// A header for group <paramref name="group"/> (argp's <c>{NULL, 0, NULL, 0, doc, group}</c>): --help prints it
    /// on a line of its own, indented by one, before the group's options, after a blank line; from then on every
    /// group is set off by a blank line, as argp does.
    /// </summary>
    public static ArgpOption Header(string doc, int group) => new(null, "", null, doc, group);
}
