// SPDX-License-Identifier: GPL-3.0-or-later
using System.Collections.Generic;
using Austin.Cli;
using NUnit.Framework;
using static Austin.Tests.Unit.Cli.CliTestText;

namespace Austin.Tests.Unit.Cli;

/// <summary>The argp pre-pass alone: which words are options, how they are normalized, where the command starts.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ArgpScannerTests
{
    private static IEnumerable<TestCaseData> Conventions()
    {
        yield return Scan("Options end at the first word that is not an option, so Python keeps its -m and -p",
            "-i 100 python3 -m http.server -p 8000", ["--interval=100"], "python3 -m http.server -p 8000");
        yield return Scan("A double dash ends the options and is dropped", "-s -- -m x", ["--sleepless"], "-m x");
        yield return Scan("A double dash after the command belongs to the command", "python3 -- -x", [], "python3 -- -x");
        yield return Scan("A second double dash is the command", "-- --", [], "--");
        yield return Scan("A lone dash is not an option but the command", "-a -", ["--alt-format"], "-");
        yield return Scan("An empty word is the command", ["", "-a"], [], ["", "-a"]);
        yield return Scan("Nothing at all gives no options and no command", "", [], "");
        yield return Scan("Short switches bundle", "-ms python3", ["--memory", "--sleepless"], "python3");
        yield return Scan("A value can be attached to the last option of a bundle", "-mi100 python3", ["--memory", "--interval=100"], "python3");
        yield return Scan("A value can follow a bundle", "-mi 100 python3", ["--memory", "--interval=100"], "python3");
        yield return Scan("The rest of a bundle after an option with a value is that value", "-ims python3", ["--interval=ms"], "python3");
        yield return Scan("A short option's value can be attached", "-i100 x", ["--interval=100"], "x");
        yield return Scan("A short option's value can be the next word", "-i 100 x", ["--interval=100"], "x");
        yield return Scan("A long option's value can follow an equals sign", "--interval=100 x", ["--interval=100"], "x");
        yield return Scan("A long option's value can be the next word", "--interval 100 x", ["--interval=100"], "x");
        yield return Scan("A short option's attached value keeps an equals sign", "-i=100 x", ["--interval==100"], "x");
        yield return Scan("A long option's value keeps any further equals sign", "--output=a=b x", ["--output=a=b"], "x");
        yield return Scan("A value in the next word is taken even if it looks like an option", "-o -x y", ["--output=-x"], "y");
        yield return Scan("A value in the next word is taken even if it is a double dash", "--output -- y", ["--output=--"], "y");
        yield return Scan("A value in the next word is taken even if it names an acting option", "-i --help", ["--interval=--help"], "");
        yield return Scan("A negative number is a value, not an option", "-i -5 x", ["--interval=-5"], "x");
        yield return Scan("An empty attached value becomes its own token for System.CommandLine", "--output= x", ["--output", ""], "x");
        yield return Scan("An empty value in the next word becomes its own token", ["-o", "", "x"], ["--output", ""], ["x"]);
        yield return Scan("A long name can be shortened with its value attached", "--inter=100 x", ["--interval=100"], "x");
        yield return Scan("A long name can be shortened with its value in the next word", "--ti 5 x", ["--timeout=5"], "x");
        yield return Scan("A long switch can be shortened to one letter", "--e x", ["--exclude-empty"], "x");
        yield return Scan("Long and short spellings normalize alike", "-a --alt-format --alt x", ["--alt-format", "--alt-format", "--alt-format"], "x");
        yield return Scan("A repeated option is kept every time, in order", "-i 1 -i 2 -p3", ["--interval=1", "--interval=2", "--pid=3"], "");
        yield return Scan("Every seed option normalizes to its long name", "-a -e -f -i 1 -m -o f -p 2 -s -t 3 x",
            ["--alt-format", "--exclude-empty", "--full", "--interval=1", "--memory", "--output=f", "--pid=2", "--sleepless", "--timeout=3"], "x");
    }

    private static IEnumerable<TestCaseData> ActingOptions()
    {
        yield return Acts("--help acts at once and what follows is not read", "--help -x", [], "help");
        yield return Acts("-? is --help", "-?", [], "help");
        yield return Acts("--usage acts at once", "--usage", [], "usage");
        yield return Acts("-V acts at once and what follows is not read", "-V -x --foo", [], "version");
        yield return Acts("--version can be shortened", "--v", [], "version");
        yield return Acts("--help can be shortened", "--h", [], "help");
        yield return Acts("--usage can be shortened", "--us", [], "usage");
        yield return Acts("An acting option in a bundle ends the bundle", "-aVx", ["--alt-format"], "version");
        yield return Acts("Options before an acting option are kept for their values to be checked", "-i 0 -?", ["--interval=0"], "help");
    }

    private static IEnumerable<TestCaseData> Errors()
    {
        yield return Fails("An unknown short option is invalid", "-y", [], "invalid option -- 'y'");
        yield return Fails("An unknown short option in a bundle is invalid, after the options before it", "-ay", ["--alt-format"], "invalid option -- 'y'");
        yield return Fails("A dash inside a bundle is an invalid option", "-a-", ["--alt-format"], "invalid option -- '-'");
        yield return Fails("An error before an acting option wins", "-y -V", [], "invalid option -- 'y'");
        yield return Fails("An unknown long option is unrecognized", "--foo", [], "unrecognized option '--foo'");
        yield return Fails("An unknown long option is quoted with its value", "--foo=bar", [], "unrecognized option '--foo=bar'");
        yield return Fails("A short option without its value lacks an argument", "-i", [], "option requires an argument -- 'i'");
        yield return Fails("A bundle ending in an option without its value lacks an argument", "-mo", ["--memory"], "option requires an argument -- 'o'");
        yield return Fails("A long option without its value lacks an argument", "--interval", [], "option '--interval' requires an argument");
        yield return Fails("A shortened long option without its value is named in full", "--inter", [], "option '--interval' requires an argument");
        yield return Fails("A long switch with a value is refused", "--full=1", [], "option '--full' doesn't allow an argument");
        yield return Fails("A shortened long switch with a value is named in full", "--fu=", [], "option '--full' doesn't allow an argument");
        yield return Fails("An acting option with a value is refused", "--help=1", [], "option '--help' doesn't allow an argument");
        yield return Fails("An empty long name is a prefix of every option",
            "--=x", [], "option '--=x' is ambiguous; possibilities: '--alt-format' '--exclude-empty' '--full' '--interval' '--memory' " +
            "'--output' '--pid' '--sleepless' '--timeout' '--asyncio' '--binary' '--children' '--format' '--gc' '--gil' '--heap' '--pipe' '--where' " +
            "'--exposure' '--convert' '--summary' '--tui' '--web' '--help' '--usage' '--version'");
    }

    [TestCaseSource(nameof(Conventions))]
    [TestCaseSource(nameof(ActingOptions))]
    [TestCaseSource(nameof(Errors))]
    public void Scan_follows_argp(string[] args, string[] tokens, string[] command, string? error, string? actedOn)
    {
        ArgpScan scan = ArgpScanner.Scan(args, AustinOptionTable.Austin.Argp);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(scan.ToTokens(), Is.EqualTo(tokens), "normalized options");
            Assert.That(scan.Command, Is.EqualTo(command), "command");
            Assert.That(scan.Error, Is.EqualTo(error), "error");
            Assert.That(scan.ActedOn?.LongName, Is.EqualTo(actedOn), "acting option");
        }
    }

    private static readonly ArgpOptionTable PrefixTable = new("prog", "ARG", "Doc.", null,
    [
        new ArgpOption('a', "xya", null, "A."),
        new ArgpOption('b', "xyb", "B", "B."),
        new ArgpOption(null, "qu", null, "Q."),
        new ArgpOption(null, "quux", null, "Q."),
    ]);

    private static IEnumerable<TestCaseData> Prefixes()
    {
        yield return Fails("A prefix of two long names is ambiguous and both are listed",
            "--xy", [], "option '--xy' is ambiguous; possibilities: '--xya' '--xyb'");
        yield return Fails("An ambiguous prefix is quoted with its value", "--xy=1", [], "option '--xy=1' is ambiguous; possibilities: '--xya' '--xyb'");
        yield return Scan("A prefix of only one long name is that option", "--xyb=1 x", ["--xyb=1"], "x");
        yield return Scan("An exact long name wins over a longer name it is a prefix of", "--qu x", ["--qu"], "x");
        yield return Scan("A prefix longer than the exact name still finds the longer name", "--quu x", ["--quux"], "x");
    }

    [TestCaseSource(nameof(Prefixes))]
    public void Long_names_are_matched_by_prefix_as_getopt_does(string[] args, string[] tokens, string[] command, string? error, string? actedOn)
    {
        ArgpScan scan = ArgpScanner.Scan(args, PrefixTable);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(scan.ToTokens(), Is.EqualTo(tokens), "normalized options");
            Assert.That(scan.Command, Is.EqualTo(command), "command");
            Assert.That(scan.Error, Is.EqualTo(error), "error");
            Assert.That(scan.ActedOn?.LongName, Is.EqualTo(actedOn), "acting option");
        }
    }

    // "alpha", "beta", "bettor" and "delta" are established (0.7.0's); "alphabet", "bezel", "delfi", "gamma" and
    // "gammb" came later.
    private static readonly ArgpOptionTable EstablishedTable = new("prog", "ARG", "Doc.", null,
    [
        new ArgpOption('a', "alpha", null, "A.") { Established = true },
        new ArgpOption(null, "beta", null, "B.") { Established = true },
        new ArgpOption(null, "bettor", null, "B.") { Established = true },
        new ArgpOption(null, "delta", "D", "D.") { Established = true },
        new ArgpOption(null, "delfi", null, "D.", Group: 1),
        new ArgpOption('l', "alphabet", "L", "L.", Group: 1),
        new ArgpOption(null, "bezel", null, "Z.", Group: 1),
        new ArgpOption(null, "gamma", null, "G.", Group: 1),
        new ArgpOption(null, "gammb", null, "G.", Group: 1),
    ]);

    private static IEnumerable<TestCaseData> EstablishedPrefixes()
    {
        yield return Scan("A prefix shared with later options means the one established option", "--al x", ["--alpha"], "x");
        yield return Scan("A prefix shared with later options takes the established option's value", "--del 1 x", ["--delta=1"], "x");
        yield return Scan("A prefix of the later option alone is that option", "--alphab=2 x", ["--alphabet=2"], "x");
        yield return Fails("A prefix of two established options stays ambiguous, whatever later options share it",
            "--be", [], "option '--be' is ambiguous; possibilities: '--beta' '--bettor' '--bezel'");
        yield return Fails("A prefix of later options only stays ambiguous", "--gam", [], "option '--gam' is ambiguous; possibilities: '--gamma' '--gammb'");
    }

    [TestCaseSource(nameof(EstablishedPrefixes))]
    public void A_prefix_that_later_options_made_ambiguous_keeps_meaning_the_established_option(
        string[] args, string[] tokens, string[] command, string? error, string? actedOn)
    {
        ArgpScan scan = ArgpScanner.Scan(args, EstablishedTable);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(scan.ToTokens(), Is.EqualTo(tokens), "normalized options");
            Assert.That(scan.Command, Is.EqualTo(command), "command");
            Assert.That(scan.Error, Is.EqualTo(error), "error");
            Assert.That(scan.ActedOn?.LongName, Is.EqualTo(actedOn), "acting option");
        }
    }

    [Test]
    public void The_nth_occurrence_of_an_option_is_found_by_its_place_among_all_options()
    {
        ArgpScan scan = ArgpScanner.Scan(Words("-i 1 -t 2 -i 3 -m x"), AustinOptionTable.Austin.Argp);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(scan.IndexOf("interval", 0), Is.EqualTo(0));
            Assert.That(scan.IndexOf("interval", 1), Is.EqualTo(2));
            Assert.That(scan.IndexOf("timeout", 0), Is.EqualTo(1));
            Assert.That(scan.IndexOf("interval", 2), Is.EqualTo(-1));
            Assert.That(scan.IndexOf("pid", 0), Is.EqualTo(-1));
        }
    }

    private static TestCaseData Scan(string sentence, string args, string[] tokens, string command) =>
        Scan(sentence, Words(args), tokens, Words(command));

    private static TestCaseData Scan(string sentence, string[] args, string[] tokens, string[] command) =>
        new TestCaseData(args, tokens, command, null, null).SetName(sentence);

    private static TestCaseData Acts(string sentence, string args, string[] tokens, string actedOn) =>
        new TestCaseData(Words(args), tokens, System.Array.Empty<string>(), null, actedOn).SetName(sentence);

    private static TestCaseData Fails(string sentence, string args, string[] tokens, string error) =>
        new TestCaseData(Words(args), tokens, System.Array.Empty<string>(), error, null).SetName(sentence);
}
