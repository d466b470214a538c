// SPDX-License-Identifier: GPL-3.0-or-later
namespace Austin.Cli;

/// <summary>austin's option table: the 0.7.0 options with their 0.7.0 wording, then extensions; argp's own come with the table.</summary>
internal static class AustinOptionTable
{
    public static readonly ArgpOption AltFormat = new('a', "alt-format", null, "Alternative collapsed stack sample format.");
    public static readonly ArgpOption ExcludeEmpty = new('e', "exclude-empty", null, "Do not output samples of threads with no frame stacks.");
    public static readonly ArgpOption Full = new('f', "full", null, "Produce the full set of metrics (time +mem -mem).");
    public static readonly ArgpOption Interval = new('i', "interval", "n_us", "Sampling interval (default is 500us).");
    public static readonly ArgpOption Memory = new('m', "memory", null, "Profile memory usage.");
    public static readonly ArgpOption Output = new('o', "output", "FILE", "Specify an output file for the collected samples.");

    // "The the" is 0.7.0's typo; --help must stay byte-identical to the C binary's.
    public static readonly ArgpOption Pid = new('p', "pid", "PID", "The the ID of the process to which Austin should attach.");
    public static readonly ArgpOption Sleepless = new('s', "sleepless", null, "Suppress idle samples.");
    public static readonly ArgpOption Timeout = new('t', "timeout", "n_ms", "Approximate start up wait time. Increase on slow machines (default is 100ms).");

    /// <summary>
    /// Options beyond 0.7.0 go here, in argp group 1 (<see cref="ExtensionGroup"/>): --help lists them after the
    /// seed's options and before argp's own. Prefer long-only ones, so that no 0.7.0 command line changes meaning.
    /// </summary>
    private static readonly ArgpOption[] Extensions = [];

    /// <summary>The argp group of the options beyond 0.7.0; the seed's are in group 0.</summary>
    public const int ExtensionGroup = 1;

    public static ArgpOptionTable Table { get; } = new(
        "austin",
        "command [ARG...]",
        "Austin -- A frame stack sampler for Python.",
        AustinVersion.BugAddress,
        [AltFormat, ExcludeEmpty, Full, Interval, Memory, Output, Pid, Sleepless, Timeout, .. Extensions]);
}
