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
/// row before it.
/// </summary>
internal sealed record ArgpOption(char? ShortName, string LongName, string? ArgName, string Doc, int Group = 0, ArgpAction Action = ArgpAction.None)
{
    public bool TakesValue => ArgName is not null;
}
