// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Austin.Cli;
using Austin.Sampling;
using NUnit.Framework;
using static Austin.Tests.Unit.Cli.CliTestText;

namespace Austin.Tests.Unit.Cli;

/// <summary>
/// Adding an option is one declaration. The two below are all that austin's command line plus them needs:
/// from them come their --help and --usage entries, argp's conventions (bundles, prefixes), their typed
/// values through System.CommandLine, their errors in command-line order, and their values where they go.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class AddingAnOptionTests
{
    // A short option that only the extensions have, which implies two others.
    private static readonly OptionDeclaration Zippy = OptionDeclaration.Switch('Z', "zippy",
        "Sample as fast as possible and skip idle threads (-i 0 -s).",
        options => options with { IntervalUs = 0, Sleepless = true });

    // A long-only option whose value has a unit.
    private static readonly OptionDeclaration Period = OptionDeclaration.Valued<long>(null, "period", "TIME",
        "Sampling interval with its unit: 2ms, 500us.",
        TryParseTime, "the period must be a time such as 2ms or 500us",
        (options, us) => options with { IntervalUs = us });

    // On the seed alone, without a header: what the two add is all that changes.
    private static readonly AustinOptionTable Table = new(AustinOptionTable.Seed, [Zippy, Period]);

    private const string BadPeriod = "the period must be a time such as 2ms or 500us";

    [Test]
    public void The_help_lists_the_new_options_after_the_seeds_and_before_argps_own() =>
        Assert.That(ArgpHelpWriter.Help(Table.Argp), Does.Contain(
            "                             machines (default is 100ms).\n" +
            "      --period=TIME          Sampling interval with its unit: 2ms, 500us.\n" +
            "  -Z, --zippy                Sample as fast as possible and skip idle threads\n" +
            "                             (-i 0 -s).\n" +
            "  -?, --help                 Give this help list\n"));

    [Test]
    public void The_usage_lists_the_new_options_after_the_seeds_and_before_argps_own() =>
        Assert.That(ArgpHelpWriter.Usage(Table.Argp), Is.EqualTo(
            "Usage: austin [-aefmsZ?V] [-i n_us] [-o FILE] [-p PID] [-t n_ms] [--alt-format]\n" +
            "            [--exclude-empty] [--full] [--interval=n_us] [--memory]\n" +
            "            [--output=FILE] [--pid=PID] [--sleepless] [--timeout=n_ms]\n" +
            "            [--period=TIME] [--zippy] [--help] [--usage] [--version]\n" +
            "            command [ARG...]\n"));

    private static IEnumerable<TestCaseData> GoodCommandLines()
    {
        yield return Good("A new short option bundles with the seed's", "-Zm python3",
            new AustinOptions { IntervalUs = 0, Sleepless = true, Memory = true, Command = ["python3"] });
        yield return Good("What an option implies is overridden by a later option", "-Z -i 100 x",
            new AustinOptions { IntervalUs = 100, Sleepless = true, Command = ["x"] });
        yield return Good("What an option implies overrides an earlier option", "-i 100 -Zi200 -Z x",
            new AustinOptions { IntervalUs = 0, Sleepless = true, Command = ["x"] });
        yield return Good("A new long option can be shortened, and its value has a unit", "--per=2ms x",
            new AustinOptions { IntervalUs = 2000, Command = ["x"] });
        yield return Good("A new long option's value can be the next word", "--period 500us --zip -i 7 x",
            new AustinOptions { IntervalUs = 7, Sleepless = true, Command = ["x"] });
    }

    [TestCaseSource(nameof(GoodCommandLines))]
    public void A_command_line_with_new_options_sets_their_values(string[] args, string expectedOptions)
    {
        AustinOptions? options = Parse(Table, args, out int exitCode, out string stderr);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(options is null ? stderr : Format(options), Is.EqualTo(expectedOptions));
            Assert.That(exitCode, Is.Zero, "exit code");
        }
    }

    private static IEnumerable<TestCaseData> UsageErrors()
    {
        yield return Bad("A new option's bad value says the new option's message", "--period=2 x", BadPeriod);
        yield return Bad("A new option's bad value before a seed option's is reported", "--period=2s -i -1 x", BadPeriod);
        yield return Bad("A seed option's bad value before a new option's is reported", "-i -1 --period=2s x",
            "the sampling interval must be a positive integer");
        yield return Bad("A new switch takes no value", "--zippy=1 x", "option '--zippy' doesn't allow an argument");
        yield return Bad("A new option needs its value", "--period", "option '--period' requires an argument");
    }

    [TestCaseSource(nameof(UsageErrors))]
    public void A_command_line_with_a_bad_new_option_is_a_usage_error(string[] args, string expectedStderr)
    {
        AustinOptions? options = Parse(Table, args, out int exitCode, out string stderr);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stderr, Is.EqualTo(expectedStderr));
            Assert.That(exitCode, Is.EqualTo(64), "exit code");
            Assert.That(options, Is.Null, "options");
        }
    }

    [Test]
    public void Austins_own_command_line_does_not_know_the_new_options()
    {
        Parse(AustinOptionTable.Austin, ["-Z", "x"], out int exitCode, out string stderr);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stderr, Is.EqualTo(UsageError("invalid option -- 'Z'")));
            Assert.That(exitCode, Is.EqualTo(64), "exit code");
        }
    }

    /// <summary>A whole number of milliseconds or microseconds, in microseconds.</summary>
    private static bool TryParseTime(string text, out long us)
    {
        us = 0;
        long scale = text.EndsWith("ms", StringComparison.Ordinal) ? 1000 : text.EndsWith("us", StringComparison.Ordinal) ? 1 : 0;
        if (scale == 0 || !long.TryParse(text.AsSpan(0, text.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out long n)
            || n > long.MaxValue / scale)
            return false;
        us = n * scale;
        return true;
    }

    private static AustinOptions? Parse(AustinOptionTable table, string[] args, out int exitCode, out string stderr)
    {
        using var stdout = new StringWriter();
        using var error = new StringWriter();
        AustinOptions? options = AustinCommandLine.Parse(table, args, stdout, error, out exitCode);
        stderr = error.ToString();
        return options;
    }

    private static TestCaseData Good(string sentence, string args, AustinOptions expected) =>
        new TestCaseData(Words(args), Format(expected)).SetName(sentence);

    private static TestCaseData Bad(string sentence, string args, string message) =>
        new TestCaseData(Words(args), UsageError(message)).SetName(sentence);
}
