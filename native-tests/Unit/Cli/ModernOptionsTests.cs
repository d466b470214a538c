// SPDX-License-Identifier: GPL-3.0-or-later
using System.Collections.Generic;
using System.IO;
using Austin.Cli;
using Austin.Output;
using Austin.Sampling;
using NUnit.Framework;
using static Austin.Tests.Unit.Cli.CliTestText;

namespace Austin.Tests.Unit.Cli;

/// <summary>
/// The C austin 3.7's options on austin's command line: each accepted with 3.7's units and value rules, each bad value
/// refused with 3.7's words in austin's usage-error form (status 64), the 0.7.0 abbreviations they would have made
/// ambiguous, and how the output format is chosen. Values as 3.7's argparse.c reads them, checked against the built
/// 3.7 binary; the one difference, "-t 2ms", is named where it is tested.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ModernOptionsTests
{
    private const string BadInterval = "the sampling interval must be a positive integer";
    private const string BadTimeout = "timeout must be a positive integer";
    private const string BadExposure = "the exposure must be a positive integer";
    private const string BadHeap = "the heap size must be a positive integer";
    private const string BadFormat = "the output format must be one of: collapsed, austin, mojo, svg, speedscope, pprof";

    private static IEnumerable<TestCaseData> GoodCommandLines()
    {
        // -i: 0.7.0's bare microseconds, and 3.7's units.
        yield return Good("-i takes milliseconds", "-i 1ms x", new AustinOptions { IntervalUs = 1000, Command = ["x"] });
        yield return Good("-i takes seconds", "-i2s x", new AustinOptions { IntervalUs = 2_000_000, Command = ["x"] });
        yield return Good("-i takes microseconds said so", "--interval=7us x", new AustinOptions { IntervalUs = 7, Command = ["x"] });
        yield return Good("-i takes leading white space and a sign before a unit, as strtol does", ["-i", " +5ms", "x"],
            new AustinOptions { IntervalUs = 5000, Command = ["x"] });
        yield return Good("-i takes minus zero with a unit", "-i -0ms x", new AustinOptions { IntervalUs = 0, Command = ["x"] });
        yield return Good("-i takes the largest number of seconds that fits", "-i 9223372036854s x",
            new AustinOptions { IntervalUs = 9_223_372_036_854_000_000, Command = ["x"] });
        yield return Good("-i saturates a huge number of microseconds, as strtol does", "-i 99999999999999999999us x",
            new AustinOptions { IntervalUs = long.MaxValue, Command = ["x"] });

        // -t: 0.7.0's bare milliseconds, and 3.7's units.
        yield return Good("-t takes seconds", "-t 2s x", new AustinOptions { TimeoutMs = 2000, Command = ["x"] });
        yield return Good("-t takes milliseconds said so, as 3.7's help says (3.7's parser itself refuses them)", "-t 250ms x",
            new AustinOptions { TimeoutMs = 250, Command = ["x"] });
        yield return Good("-t takes 3.7's largest number of seconds", "-t 9223372036854s x",
            new AustinOptions { TimeoutMs = 9_223_372_036_854_000, Command = ["x"] });
        yield return Good("-t without a unit keeps 0.7.0's range, past 3.7's bound", "-t 9223372036854775807 x",
            new AustinOptions { TimeoutMs = long.MaxValue, Command = ["x"] });

        // -x, -h: strtol over the whole word, not negative.
        yield return Good("-x sets the exposure in seconds", "-x 5 x", new AustinOptions { ExposureS = 5, Command = ["x"] });
        yield return Good("-x 0 means no limit, as in 3.7", "--exposure=0 x", new AustinOptions { Command = ["x"] });
        yield return Good("-x saturates a huge number, as strtol does", "-x 99999999999999999999 x",
            new AustinOptions { ExposureS = long.MaxValue, Command = ["x"] });
        yield return Good("-h sets the heap size in MB", "-h 64 x", new AustinOptions { HeapMb = 64, Command = ["x"] });
        yield return Good("-h takes a sign and white space, as strtol does", ["--heap", " +3", "x"], new AustinOptions { HeapMb = 3, Command = ["x"] });

        // Switches.
        yield return Good("-b asks for the MOJO format", "-b x", new AustinOptions { Format = OutputFormat.Mojo, Command = ["x"] });
        yield return Good("-C, -g and -P bundle with 0.7.0's switches", "-CgPms x",
            new AustinOptions { Children = true, Gc = true, Pipe = true, Memory = true, Sleepless = true, Command = ["x"] });

        // --format.
        yield return Good("--format=austin asks for the austin format", "--format=austin x", new AustinOptions { Format = OutputFormat.Austin, Command = ["x"] });
        yield return Good("--format=collapsed asks for the collapsed format", "--format collapsed x", new AustinOptions { Format = OutputFormat.Collapsed, Command = ["x"] });
        yield return Good("The later of -b and --format wins: --format", "-b --format=austin x", new AustinOptions { Format = OutputFormat.Austin, Command = ["x"] });
        yield return Good("The later of -b and --format wins: -b", "--format=austin -b x", new AustinOptions { Format = OutputFormat.Mojo, Command = ["x"] });

        // -w: a PID, like -p, without a command.
        yield return Good("-w alone dumps a process", "-w 42", new AustinOptions { WherePid = 42 });
        yield return Good("-w takes its PID like -p does", ["--where", " +42"], new AustinOptions { WherePid = 42 });
        yield return Good("A -p after -w changes the process -w dumps, as in 3.7", "-w 1 -p 2", new AustinOptions { WherePid = 2 });
        yield return Good("A -w after -p dumps its own process, as in 3.7", "-p 2 -w 1", new AustinOptions { WherePid = 1 });

        // The abbreviations 3.7's long names share with 0.7.0's keep their 0.7.0 meaning.
        yield return Good("--pi is --pid, not --pipe", "--pi 5", new AustinOptions { Pid = 5 });
        yield return Good("--p is --pid", "--p=5", new AustinOptions { Pid = 5 });
        yield return Good("--pip is --pipe", "--pip x", new AustinOptions { Pipe = true, Command = ["x"] });
        yield return Good("--ex is --exclude-empty, not --exposure", "--ex x", new AustinOptions { ExcludeEmpty = true, Command = ["x"] });
        yield return Good("--e is --exclude-empty", "--e x", new AustinOptions { ExcludeEmpty = true, Command = ["x"] });
        yield return Good("--exp is --exposure", "--exp 3 x", new AustinOptions { ExposureS = 3, Command = ["x"] });
        yield return Good("--f is --full, not --format", "--f x", new AustinOptions { Full = true, Command = ["x"] });
        yield return Good("--fo is --format", "--fo=mojo x", new AustinOptions { Format = OutputFormat.Mojo, Command = ["x"] });
        yield return Good("--hea is --heap", "--hea=2 x", new AustinOptions { HeapMb = 2, Command = ["x"] });
        yield return Good("--gc, --c is --children, --b is --binary", "--gc --c --b x",
            new AustinOptions { Gc = true, Children = true, Format = OutputFormat.Mojo, Command = ["x"] });
        yield return Good("--as is --asyncio, --gi is --gil", "--as --gi x", new AustinOptions { Asyncio = true, GilOnly = true, Command = ["x"] });
        yield return Good("--a is still --alt-format", "--a x", new AustinOptions { AltFormat = true, Command = ["x"] });
    }

    private static IEnumerable<TestCaseData> UsageErrors()
    {
        // Neither is a 0.7.0 option: getopt's rule holds between them.
        yield return Bad("--g is ambiguous between --gc and --gil", "--g x", "option '--g' is ambiguous; possibilities: '--gc' '--gil'");
        yield return Bad("-i refuses a unit of one letter that is not s", "-i 5m x", BadInterval);
        yield return Bad("-i refuses units in capitals", "-i 5MS x", BadInterval);
        yield return Bad("-i refuses a space before the unit", ["-i", "5 ms", "x"], BadInterval);
        yield return Bad("-i refuses a unit without a number", "-i ms x", BadInterval);
        yield return Bad("-i refuses a negative number with a unit", "-i -5ms x", BadInterval);
        yield return Bad("-i refuses a fraction with a unit", "-i 1.5ms x", BadInterval);
        yield return Bad("-i refuses seconds that overflow", "-i 9223372036855s x", BadInterval);
        yield return Bad("-i refuses milliseconds that overflow, which 3.7 wraps around", "-i 18446744073709552ms x", BadInterval);
        yield return Bad("-t refuses microseconds", "-t 2us x", BadTimeout);
        yield return Bad("-t refuses negative seconds", "-t -1s x", BadTimeout);
        yield return Bad("-t refuses seconds past 3.7's bound", "-t 9223372036855s x", BadTimeout);
        yield return Bad("-t refuses milliseconds past 3.7's bound", "-t 9223372036854776ms x", BadTimeout);
        yield return Bad("-x refuses a negative number", "-x -1 x", BadExposure);
        yield return Bad("-x refuses a unit", "-x 3s x", BadExposure);
        yield return Bad("-x refuses a fraction", "-x 1.5 x", BadExposure);
        yield return Bad("-x refuses nothing", "--exposure= x", BadExposure);
        yield return Bad("-x needs its value", "-x", "option requires an argument -- 'x'");
        yield return Bad("-h refuses a negative number", "-h -1 x", BadHeap);
        yield return Bad("-h refuses a unit", "-h 3M x", BadHeap);
        yield return Bad("-h needs its value", "--heap", "option '--heap' requires an argument");
        yield return Bad("-w refuses zero in 3.7's words", "-w 0", "invalid PID");
        yield return Bad("-w refuses a negative PID", "-w -1", "invalid PID");
        yield return Bad("-w refuses a word", "--where=self", "invalid PID");
        yield return Bad("-w refuses a PID past the largest int", "-w 2147483648", "invalid PID");
        yield return Bad("-w with a command is a usage error", "-w 42 python3", "give either a command or -w PID, not both");
        yield return Bad("A bad -p after -w is refused in 0.7.0's words", "-w 1 -p 0", "invalid PID.");
        yield return Bad("--format refuses an unknown name and lists the known ones", "--format=gif x", BadFormat);
        yield return Bad("--format names are case-sensitive", "--format=MOJO x", BadFormat);
        yield return Bad("--format refuses nothing", "--format= x", BadFormat);
        yield return Bad("--format needs its value", "--format", "option '--format' requires an argument");
        yield return Bad("A switch of 3.7 takes no value", "--pipe=1 x", "option '--pipe' doesn't allow an argument");
        yield return Bad("An abbreviation two 0.7.0 options share stays ambiguous",
            "--=x", "option '--=x' is ambiguous; possibilities: '--alt-format' '--exclude-empty' '--full' '--interval' " +
            "'--memory' '--output' '--pid' '--sleepless' '--timeout' '--asyncio' '--binary' '--children' '--format' '--gc' '--gil' '--heap' '--pipe' " +
            "'--where' '--exposure' '--convert' '--summary' '--tui' '--web' '--help' '--usage' '--version'");
    }

    [TestCaseSource(nameof(GoodCommandLines))]
    public void A_command_line_with_3_7_options_gives_their_values(string[] args, string expectedOptions)
    {
        AustinOptions? options = Parse(args, out int exitCode, out string stdout, out string stderr);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(options is null ? stderr : Format(options), Is.EqualTo(expectedOptions));
            Assert.That(exitCode, Is.Zero, "exit code");
            Assert.That(stdout, Is.Empty, "stdout");
        }
    }

    [TestCaseSource(nameof(UsageErrors))]
    public void A_bad_3_7_option_is_a_usage_error_with_status_64(string[] args, string expectedStderr)
    {
        AustinOptions? options = Parse(args, out int exitCode, out string stdout, out string stderr);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stderr, Is.EqualTo(expectedStderr), "stderr");
            Assert.That(exitCode, Is.EqualTo(64), "exit code");
            Assert.That(stdout, Is.Empty, "stdout");
            Assert.That(options, Is.Null, "options");
        }
    }

    [TestCase("--h", TestName = "--h is --help, not --heap")]
    [TestCase("--he", TestName = "--he is --help, not --heap")]
    public void An_abbreviation_of_help_still_prints_the_help(string word)
    {
        AustinOptions? options = Parse([word], out int exitCode, out string stdout, out string stderr);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stdout, Is.EqualTo(HelpText));
            Assert.That((exitCode, stderr, options), Is.EqualTo((0, "", (AustinOptions?)null)));
        }
    }

    private static IEnumerable<TestCaseData> FormatChoices()
    {
        yield return Chooses("Without anything, the format is collapsed", "x", OutputFormat.Collapsed);
        yield return Chooses("-a alone is the alternative collapsed format", "-a x", OutputFormat.CollapsedAlternative);
        yield return Chooses("--format=collapsed with -a is the alternative collapsed format", "-a --format=collapsed x", OutputFormat.CollapsedAlternative);
        yield return Chooses("-a does not change the austin format", "-a --format=austin x", OutputFormat.Austin);
        yield return Chooses("-b is MOJO", "-b x", OutputFormat.Mojo);
        yield return Chooses("-P is the austin format", "-P x", OutputFormat.Austin);
        yield return Chooses("-P with -b is MOJO", "-P -b x", OutputFormat.Mojo);
        yield return Chooses("-P with --format=collapsed is collapsed", "-P --format=collapsed x", OutputFormat.Collapsed);
        yield return Chooses("An output file ending in .mojo is MOJO", "-o profile.mojo x", OutputFormat.Mojo);
        yield return Chooses("An output file ending in .austin is the austin format", "-o /tmp/run.austin x", OutputFormat.Austin);
        yield return Chooses("The ending's case does not matter", "-o PROFILE.MOJO x", OutputFormat.Mojo);
        yield return Chooses("Any other ending is collapsed", "-o profile.txt x", OutputFormat.Collapsed);
        yield return Chooses("A file named only by the ending is collapsed", "-o .mojo x", OutputFormat.Collapsed);
        yield return Chooses("A directory with the ending is not the file's ending", "-o run.mojo/samples x", OutputFormat.Collapsed);
        yield return Chooses("--format wins over the ending", "--format=collapsed -o profile.mojo x", OutputFormat.Collapsed);
        yield return Chooses("-P wins over the ending", "-P -o profile.mojo x", OutputFormat.Austin);
        yield return Chooses("-a with a .austin file is the austin format", "-a -o p.austin x", OutputFormat.Austin);
        yield return Chooses("An output file ending in .svg is a flame graph", "-o profile.svg x", OutputFormat.Svg);
        yield return Chooses("-a with a .svg file is a flame graph of the alternative frames", "-a -o profile.svg x", OutputFormat.SvgAlternative);
        yield return Chooses("An output file ending in .speedscope.json is speedscope's", "-o out/profile.speedscope.json x", OutputFormat.Speedscope);
        yield return Chooses("A plain .json file is collapsed", "-o profile.json x", OutputFormat.Collapsed);
        yield return Chooses("An output file ending in .pprof is pprof", "-o profile.pprof x", OutputFormat.Pprof);
        yield return Chooses("An output file ending in .pb.gz is pprof", "-o cpu.pb.gz x", OutputFormat.Pprof);
        yield return Chooses("--format wins over a picture's ending", "--format=speedscope -o profile.svg x", OutputFormat.Speedscope);
        yield return Chooses("-b wins over a picture's ending", "-b -o profile.pprof x", OutputFormat.Mojo);
    }

    [TestCaseSource(nameof(FormatChoices))]
    public void The_output_format_is_chosen_by_format_then_b_then_P_then_the_files_ending(string[] args, string expected)
    {
        AustinOptions? options = Parse(args, out _, out _, out string stderr);

        Assert.That(options?.ChosenFormat.ToString(), Is.EqualTo(expected), stderr);
    }

    [Test]
    public void Every_format_name_is_one_of_the_table_and_the_help_lists_them_all()
    {
        string help = ArgpHelpWriter.Help(AustinOptionTable.Austin.Argp).Replace("\n                             ", " ", System.StringComparison.Ordinal);
        using (Assert.EnterMultipleScope())
        {
            foreach (OutputFormatName format in OutputFormats.All)
            {
                Assert.That(OutputFormats.FromName(format.Name), Is.EqualTo(format.Format), format.Name);
                Assert.That(help, Does.Contain(format.Name), "--help names " + format.Name);
                foreach (string extension in format.Extensions)
                    Assert.That(help, Does.Contain(extension), "--help names " + extension);
            }
        }
    }

    [Test]
    public void The_exposure_in_nanoseconds_saturates()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(new AustinOptions { ExposureS = 3 }.ExposureNs, Is.EqualTo(3_000_000_000));
            Assert.That(new AustinOptions().ExposureNs, Is.Zero, "no limit");
            Assert.That(new AustinOptions { ExposureS = long.MaxValue }.ExposureNs, Is.EqualTo(long.MaxValue));
        }
    }

    private static TestCaseData Chooses(string sentence, string args, OutputFormat format) =>
        new TestCaseData(Words(args), format.ToString()).SetName(sentence);
}
