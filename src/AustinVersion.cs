// SPDX-License-Identifier: GPL-3.0-or-later
namespace Austin;

/// <summary>
/// The version -V prints. A constant because reading the assembly's informational version takes reflection;
/// a unit test keeps it equal to the project's &lt;Version&gt;.
/// </summary>
internal static class AustinVersion
{
    public const string Number = "0.7.0";

    /// <summary>
    /// argp_program_version: what -V and --version print. The first line is the C austin's, for the scripts that
    /// parse it; the second tells this implementation and its build from the C binary.
    /// </summary>
    public const string ProgramVersion = "austin " + Number + "\n" + Implementation;

    /// <summary>This implementation, the kind of build (NativeAOT, or the self-contained stand-in for Windows that
    /// Linux builds) and the commit it was built from.</summary>
    public const string Implementation = "C# " + BuildInfo.Runtime + " implementation, commit " + BuildInfo.Commit;

    /// <summary>argp_program_bug_address: the last line of --help says where bugs go.</summary>
    public const string BugAddress = BuildInfo.BugAddress;
}
