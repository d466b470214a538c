// SPDX-License-Identifier: GPL-3.0-or-later
namespace Austin.Cli;

/// <summary>
/// The version -V prints. A constant because reading the assembly's informational version takes reflection;
/// a unit test keeps it equal to the project's &lt;Version&gt;.
/// </summary>
internal static class AustinVersion
{
    public const string Number = "0.7.0";

    /// <summary>argp_program_version: what -V and --version print.</summary>
    public const string ProgramVersion = "austin " + Number;
}
