// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd.Differential;

/// <summary>The two samplers every differential test runs the same command line through.</summary>
public enum Side
{
    /// <summary>This repository's austin, <c>$AUSTIN_BIN</c> (the published <c>dist/linux-x64/austin</c>).</summary>
    Ours,

    /// <summary>Debian's C austin 1.0.1, <c>/usr/bin/austin</c>.</summary>
    C,
}

/// <summary>Debian's C austin, the reference: where it is, and a loud failure when it is not there.</summary>
public static partial class CAustin
{
    /// <summary>Where Debian's package installs it.</summary>
    public const string Path = "/usr/bin/austin";

    /// <summary>What its <c>-V</c> prints: every expectation of these tests was recorded against this version.</summary>
    public const string Version = "austin 1.0.1";

    private static readonly Lazy<string?> Problem = new(Check);

    /// <summary>The path, once it is known to be Debian's 1.0.1; fails the test, saying how to get it, otherwise.</summary>
    public static string Require()
    {
        if (Problem.Value is string problem)
            Assert.Fail(problem);
        return Path;
    }

    /// <summary>The three lines it writes on stderr at the end of every run that took samples (its log).</summary>
    [GeneratedRegex(@"\A🕑 Sampling time \(min/avg/max\) : [0-9]+/[0-9]+/[0-9]+ us\n" +
        @"🐢 Long sampling rate : [0-9]+/[0-9]+ \([0-9]+\.[0-9]{2} %\) samples took longer than the sampling interval\n" +
        @"💀 Error rate : [0-9]+/[0-9]+ \([0-9]+\.[0-9]{2} %\) invalid samples\n\z", RegexOptions.CultureInvariant)]
    public static partial Regex Statistics();

    private static string? Check()
    {
        if (!File.Exists(Path))
        {
            return $"Debian's C austin is not installed at {Path}, and the differential tests run every command line through it: " +
                "`./build.sh test` installs it (apt-get install -y austin, as root); here, run `apt-get install austin` as root";
        }
        ProcessResult result = ProcessRunner.Run([Path, "-V"], TimeSpan.FromSeconds(10));
        string version = result.StandardOutput.Trim();
        return version == Version
            ? null
            : $"{Path} says '{version}' (exit status {result.ExitCode}), not '{Version}': the differential tests' expectations were recorded against Debian's 1.0.1";
    }
}

/// <summary>Running either sampler.</summary>
public static class Sides
{
    /// <summary>Both sides, ours first.</summary>
    public static IReadOnlyList<Side> Both { get; } = [Side.Ours, Side.C];

    /// <summary>The environment of every run: the tests' clean Python environment, our log off (the C austin has none
    /// to switch; it writes its statistics on stderr).</summary>
    public static IReadOnlyDictionary<string, string?> Quiet { get; } = PythonEnvironment.With((AustinLog.SwitchVariable, "off"));

    /// <summary>The binary of a side; fails the test when it is missing.</summary>
    public static string PathOf(Side side) => side == Side.Ours ? AustinBinary.Path : CAustin.Require();

    /// <summary>The argument vector that runs <paramref name="side"/> with <paramref name="arguments"/>.</summary>
    public static IReadOnlyList<string> Command(Side side, IEnumerable<string> arguments) => [PathOf(side), .. arguments];

    /// <summary>
    /// The same, but with <c>argv[0]</c> set to <c>austin</c>, as when a user types <c>austin</c>: glibc's argp and
    /// getopt start their messages with <c>argv[0]</c>, so the C austin run by its path says <c>/usr/bin/austin:</c>
    /// where ours always says <c>austin:</c>.
    /// </summary>
    public static IReadOnlyList<string> CommandNamedAustin(Side side, IEnumerable<string> arguments) =>
        ["bash", "-c", "exec -a austin \"$0\" \"$@\"", PathOf(side), .. arguments];

    /// <summary>Runs <paramref name="side"/> with <paramref name="arguments"/> to completion.</summary>
    public static ProcessResult Run(Side side, IEnumerable<string> arguments, TimeSpan timeout) =>
        ProcessRunner.Run(Command(side, arguments), timeout, Quiet);

    /// <summary>A test-name-friendly name.</summary>
    public static string Name(Side side) => side == Side.Ours ? "ours" : "the C austin";
}
