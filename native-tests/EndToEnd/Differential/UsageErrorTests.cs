// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd.Differential;

/// <summary>
/// Usage errors through both samplers, each started as <c>austin</c> (glibc's argp names the program by its
/// <c>argv[0]</c>): the same status (64), the same two lines on stderr, nothing on stdout; and, recorded as
/// differences, the few command lines where ours says something else or says it better.
/// </summary>
[TestFixture]
public sealed class UsageErrorTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(20);

    private const string TryHelp = "Try `austin --help' or `austin --usage' for more information.\n";

    public static IEnumerable<TestCaseData> Agreements()
    {
        yield return Agreement("an unknown long option", "austin: unrecognized option '--bogus'", "--bogus", "python3");
        yield return Agreement("an unknown short option", "austin: invalid option -- 'Z'", "-Z", "python3");
        yield return Agreement("an interval that is not a number", "austin: the sampling interval must be a positive integer", "-i", "abc", "python3");
        yield return Agreement("a negative interval", "austin: the sampling interval must be a positive integer", "-i", "-5", "python3");
        yield return Agreement("a fractional interval", "austin: the sampling interval must be a positive integer", "-i", "1.5", "python3");
        yield return Agreement("an interval with a trailing word", "austin: the sampling interval must be a positive integer", "-i10abc", "python3");
        yield return Agreement("a bad interval after a long prefix", "austin: the sampling interval must be a positive integer", "--inter=abc", "python3");
        yield return Agreement("a timeout that is not a number", "austin: timeout must be a positive integer", "-t", "abc", "python3");
        yield return Agreement("a bad timeout after a long prefix", "austin: timeout must be a positive integer", "--tim=5x", "python3");
        yield return Agreement("-i without its value", "austin: option requires an argument -- 'i'", "-i");
        yield return Agreement("--interval without its value", "austin: option '--interval' requires an argument", "--interval");
        yield return Agreement("-t without its value", "austin: option requires an argument -- 't'", "-t");
        yield return Agreement("-o without its value", "austin: option requires an argument -- 'o'", "-o");
        yield return Agreement("--output without its value", "austin: option '--output' requires an argument", "--output");
        yield return Agreement("-p without its value", "austin: option requires an argument -- 'p'", "-p");
        yield return Agreement("--pid without its value", "austin: option '--pid' requires an argument", "--pid");
        yield return Agreement("--help with a value", "austin: option '--help' doesn't allow an argument", "--help=x");
    }

    [TestCaseSource(nameof(Agreements))]
    public void BothRefuseTheCommandLineWithTheSameWordsAndStatus64(string stderrFirstLine, string[] arguments)
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (Side side in Sides.Both)
                AssertRun(side, arguments, 64, "", stderrFirstLine + "\n" + TryHelp);
        }
    }

    // Intended differences ----------------------------------------------------------------------------------------

    [Test]
    public void WithNothingToDoOursSaysSoWith64WhereTheCAustinPrintsItsUsageWithANullNameAndExits0()
    {
        using (Assert.EnterMultipleScope())
        {
            AssertRun(Side.Ours, [], 64, "", "austin: no command to run and no PID to attach to\n" + TryHelp);
            ProcessResult theirs = RunNamedAustin(Side.C, []);
            Assert.That(theirs.ExitCode, Is.Zero, theirs.Describe);
            Assert.That(theirs.StandardOutput, Does.StartWith("Usage: (null) [-aCefms?V] [-i n_us] [-o FILE] [-p PID] [-t n_ms] [--alt-format]\n"),
                "the C austin's stdout");
            Assert.That(theirs.StandardError, Is.Empty, "the C austin's stderr");
        }
    }

    [Test]
    public void ABadPidIsAnInvalidPidInBothInTheSameWords()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (Side side in new[] { Side.Ours, Side.C })
            {
                AssertRun(side, ["-p", "abc"], 64, "", "austin: invalid PID.\n" + TryHelp);
                AssertRun(side, ["-p", "0"], 64, "", "austin: invalid PID.\n" + TryHelp);
            }
        }
    }

    [Test]
    public void ACommandWithAPidIsRefusedByBothInOtherWords()
    {
        using (Assert.EnterMultipleScope())
        {
            AssertRun(Side.Ours, ["-p", "1", "python3"], 64, "", "austin: give either a command or -p PID, not both\n" + TryHelp);
            AssertRun(Side.C, ["-p", "1", "python3"], 64, "", "austin: the -p option is incompatible with the command argument.\n" + TryHelp);
        }
    }

    private static void AssertRun(Side side, IReadOnlyList<string> arguments, int exitCode, string stdout, string stderr)
    {
        ProcessResult result = RunNamedAustin(side, arguments);
        string who = $"{Sides.Name(side)}, austin {ProcessRunner.Quote(arguments)}";
        Assert.That(result.ExitCode, Is.EqualTo(exitCode), () => $"{who}: exit status\n{result.Describe()}");
        Assert.That(result.StandardError, Is.EqualTo(stderr), $"{who}: stderr");
        Assert.That(result.StandardOutput, Is.EqualTo(stdout), $"{who}: stdout");
    }

    private static ProcessResult RunNamedAustin(Side side, IReadOnlyList<string> arguments) =>
        ProcessRunner.Run(Sides.CommandNamedAustin(side, arguments), RunTimeout, Sides.Quiet);

    private static TestCaseData Agreement(string what, string stderrFirstLine, params string[] arguments) =>
        new TestCaseData(stderrFirstLine, arguments).SetArgDisplayNames(what);
}
