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
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(ArgpOption);

    public bool TakesValue => ArgName is not null;

    private readonly int _seniority;

    /// <summary>
    /// How long the option has been on austin's command line: 2 for the C austin 0.7.0's (argp's own included), 1 for
    /// the C austin 3.7's, 0 for austin's newer own. Where later options make one of its long-name abbreviations
    /// ambiguous, the abbreviation keeps meaning the one most senior option it matches (see <see cref="ArgpScanner"/>).
    /// </summary>
    public int Seniority { get => _seniority; init => _seniority = value; }

    /// <summary>An option of the established command line, 0.7.0's (<see cref="Seniority"/> 2).</summary>
    public bool Established { get => _seniority >= 2; init => _seniority = value ? 2 : 0; }

    /// <summary>A group header: no names, only a line of text that --help prints before its group's options.</summary>
    public bool IsHeader => ShortName is null && LongName.Length == 0;

    /// <summary>
    /// A header for group <paramref name="group"/> (argp's <c>{NULL, 0, NULL, 0, doc, group}</c>): --help prints it
    /// on a line of its own, indented by one, before the group's options, after a blank line; from then on every
    /// group is set off by a blank line, as argp does.
    /// </summary>
    public static ArgpOption Header(string doc, int group) => new(null, "", null, doc, group);

    /// <summary>
    /// Set for an option whose value is optional (argp's OPTION_ARG_OPTIONAL): the value must be attached
    /// (<c>--summary=5</c>), a following word is never taken as one, and this text stands for the value when none is given.
    /// --help shows it as <c>--summary[=N]</c>.
    /// </summary>
    public string? OptionalDefault { get; init; }
}
