// SPDX-License-Identifier: GPL-3.0-or-later
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Text;
using Austin.Cli;
using Austin.Sampling;
using NUnit.Framework;
using static Austin.Tests.Unit.Cli.CliTestText;

namespace Austin.Tests.Unit.Cli;

/// <summary>The whole parse: typed options, the texts on stdout and stderr, and the exit codes.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class AustinCommandLineTests
{
    private static IEnumerable<TestCaseData> GoodCommandLines()
    {
        yield return Good("A command alone leaves every option at its default", "python3 x.py",
            new AustinOptions { Command = ["python3", "x.py"] });
        yield return Good("The -m and -p after the command are the command's", "-i 100 python3 -m http.server -p 8000",
            new AustinOptions { IntervalUs = 100, Command = ["python3", "-m", "http.server", "-p", "8000"] });
        yield return Good("Each switch sets its option", "-a -e -f -m -s python3",
            new AustinOptions { AltFormat = true, ExcludeEmpty = true, Full = true, Memory = true, Sleepless = true, Command = ["python3"] });
        yield return Good("Bundled switches and values set their options", "-ms -mi100 -t 2000 python3",
            new AustinOptions { Memory = true, Sleepless = true, IntervalUs = 100, TimeoutMs = 2000, Command = ["python3"] });
        yield return Good("Shortened long options set their options", "--inter=250 --time 5 --mem --out f.txt --alt --ex --fu --sl x",
            new AustinOptions { IntervalUs = 250, TimeoutMs = 5, Memory = true, OutputFile = "f.txt", AltFormat = true, ExcludeEmpty = true, Full = true, Sleepless = true, Command = ["x"] });
        yield return Good("The last of a repeated option wins", "-i 100 -i 200 --interval=300 -o a -o b x",
            new AustinOptions { IntervalUs = 300, OutputFile = "b", Command = ["x"] });
        yield return Good("-p alone attaches", "-p 42", new AustinOptions { Pid = 42 });
        yield return Good("--pid attaches, with options after it", "--pid=42 -s", new AustinOptions { Pid = 42, Sleepless = true });
        yield return Good("An output file can be named like an option", "-o -- -o --help x",
            new AustinOptions { OutputFile = "--help", Command = ["x"] });
        yield return Good("A double dash lets the command start with a dash", "-- -weird arg",
            new AustinOptions { Command = ["-weird", "arg"] });
        yield return Good("Leading white space and a plus sign are accepted in numbers, as strtol does", ["-i", " +7", "-t", "\t9", "x"],
            new AustinOptions { IntervalUs = 7, TimeoutMs = 9, Command = ["x"] });
        yield return Good("The largest int is a valid interval", "-i 2147483647 x",
            new AustinOptions { IntervalUs = int.MaxValue, Command = ["x"] });
        yield return Good("A zero interval samples as fast as possible, as in the C austin", "-i 0 x",
            new AustinOptions { IntervalUs = 0, Command = ["x"] });
        yield return Good("A zero timeout is accepted, as in the C austin", "-t 0 x",
            new AustinOptions { TimeoutMs = 0, Command = ["x"] });
        yield return Good("An interval past the largest int is accepted, as strtol reads it", "-i 2147483648 x",
            new AustinOptions { IntervalUs = 2147483648L, Command = ["x"] });
        yield return Good("An interval too large for a long saturates, as strtol does", "-i 99999999999999999999 x",
            new AustinOptions { IntervalUs = long.MaxValue, Command = ["x"] });
        yield return Good("Minus zero is zero", "-i -0 x",
            new AustinOptions { IntervalUs = 0, Command = ["x"] });
    }

    private static IEnumerable<TestCaseData> UsageErrors()
    {
        yield return Bad("An unknown short option is a usage error", "-y python3", "invalid option -- 'y'");
        yield return Bad("An unknown long option is a usage error", "--foo python3", "unrecognized option '--foo'");
        yield return Bad("A short option without its value is a usage error", "-i", "option requires an argument -- 'i'");
        yield return Bad("A long option without its value is a usage error", "--interval", "option '--interval' requires an argument");
        yield return Bad("A switch given a value is a usage error", "--full=1 python3", "option '--full' doesn't allow an argument");
        yield return Bad("An ambiguous long option is a usage error",
            "--=x python3", "option '--=x' is ambiguous; possibilities: '--alt-format' '--exclude-empty' '--full' '--interval' " +
            "'--memory' '--output' '--pid' '--sleepless' '--timeout' '--asyncio' '--binary' '--children' '--format' '--gc' '--gil' '--heap' '--pipe' " +
            "'--where' '--exposure' '--convert' '--summary' '--tui' '--web' '--help' '--usage' '--version'");

        const string BadInterval = "the sampling interval must be a positive integer";
        yield return Bad("A negative interval is refused", "-i -5 x", BadInterval);
        yield return Bad("A non-numeric interval is refused", "-i abc x", BadInterval);
        yield return Bad("An interval with trailing garbage is refused", "-i 100usec x", BadInterval);
        yield return Bad("A fractional interval is refused", "-i 1.5 x", BadInterval);
        yield return Bad("A negative interval too large for a long is refused", "-i -99999999999999999999 x", BadInterval);
        yield return Bad("An empty interval is refused", "--interval= x", BadInterval);
        yield return Bad("An interval of white space is refused", ["-i", " ", "x"], BadInterval);

        const string BadTimeout = "timeout must be a positive integer";
        yield return Bad("A negative timeout is refused", "-t -5 x", BadTimeout);
        yield return Bad("A non-numeric timeout is refused", "--timeout=soon x", BadTimeout);

        yield return Bad("A zero PID is refused", "-p 0", "invalid PID.");
        yield return Bad("A negative PID is refused", "-p -1", "invalid PID.");
        yield return Bad("A non-numeric PID is refused", "--pid=self", "invalid PID.");
        yield return Bad("A PID past the largest int is refused", "-p 2147483648", "invalid PID.");

        yield return Bad("An empty output file name is refused", "--output= x", "the output file name must not be empty");
        yield return Bad("An empty output file name in the next word is refused", ["-o", "", "x"], "the output file name must not be empty");

        yield return Bad("Neither a command nor a PID is a usage error", "", "no command to run and no PID to attach to");
        yield return Bad("Options alone are a usage error", "-a -i 100", "no command to run and no PID to attach to");
        yield return Bad("A double dash with nothing after it is no command", "-s --", "no command to run and no PID to attach to");
        yield return Bad("A command and a PID together are a usage error", "-p 1 python3", "give either a command or -p PID, not both");

        yield return Bad("The first of two bad values is reported", "-i -1 -t -1 x", BadInterval);
        yield return Bad("The first bad value on the line is reported, whichever option it is", "-t -1 -i -1 x", BadTimeout);
        yield return Bad("A bad value is reported even if the same option comes again", "-i -1 -i 100 x", BadInterval);
        yield return Bad("A bad value among repeated options is found in line order", "-i 100 -t -1 -i -1 x", BadTimeout);
        yield return Bad("A bad value before an unknown option is reported first", "-i -1 -y", BadInterval);
        yield return Bad("An unknown option before a bad value is reported first", "-y -i -1", "invalid option -- 'y'");
        yield return Bad("A bad value before --help is reported instead of the help", "-i -1 --help", BadInterval);
        yield return Bad("A bad PID is reported before the clash with the command", "-p 0 python3", "invalid PID.");
    }

    private static IEnumerable<TestCaseData> ActingOptions()
    {
        yield return Prints("--help prints the help", "--help", HelpText);
        yield return Prints("-? prints the help", "-?", HelpText);
        yield return Prints("A shortened --help prints the help", "--he", HelpText);
        yield return Prints("--help after other options prints the help", "-a -i 100 --help python3", HelpText);
        yield return Prints("--help before a bad value prints the help", "--help -i -1", HelpText);
        yield return Prints("--usage prints the usage", "--usage", UsageText);
        yield return Prints("-V prints the version", "-V", VersionText);
        yield return Prints("--version prints the version", "--version", VersionText);
        yield return Prints("-V before an unknown option prints the version", "-V -y", VersionText);
        yield return Prints("-V in a bundle prints the version", "-msV", VersionText);
    }

    [TestCaseSource(nameof(GoodCommandLines))]
    public void A_good_command_line_gives_options_and_prints_nothing(string[] args, string expectedOptions)
    {
        AustinOptions? options = Parse(args, out int exitCode, out string stdout, out string stderr);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(options, Is.Not.Null, "options");
            Assert.That(options is null ? "" : Format(options), Is.EqualTo(expectedOptions));
            Assert.That(exitCode, Is.Zero, "exit code");
            Assert.That(stdout, Is.Empty, "stdout");
            Assert.That(stderr, Is.Empty, "stderr");
        }
    }

    [TestCaseSource(nameof(UsageErrors))]
    public void A_usage_error_is_told_on_stderr_with_status_64(string[] args, string expectedStderr)
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

    [TestCaseSource(nameof(ActingOptions))]
    public void An_acting_option_prints_on_stdout_and_exits_0(string[] args, string expectedStdout)
    {
        AustinOptions? options = Parse(args, out int exitCode, out string stdout, out string stderr);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stdout, Is.EqualTo(expectedStdout), "stdout");
            Assert.That(exitCode, Is.Zero, "exit code");
            Assert.That(stderr, Is.Empty, "stderr");
            Assert.That(options, Is.Null, "options");
        }
    }

    [Test]
    public void The_version_printed_is_the_project_version_without_build_metadata()
    {
        string? informational = typeof(AustinCommandLine).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        Assert.That(informational, Is.Not.Null);
        string project = informational!.Split('+')[0];

        using (Assert.EnterMultipleScope())
        {
            Assert.That(project, Is.EqualTo(AustinVersion.Number));
            Assert.That(VersionText, Is.EqualTo(AustinVersion.ProgramVersion + "\n"));
        }
    }

    [Test]
    public void Help_that_cannot_be_written_is_one_line_on_stderr_with_status_74()
    {
        using var stderr = new StringWriter();
        using var full = new FullDevice();
        AustinOptions? options = AustinCommandLine.Parse(["--help"], full, stderr, out int exitCode);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stderr.ToString(), Is.EqualTo("austin: write error: No space left on device\n"));
            Assert.That(exitCode, Is.EqualTo(74), "exit code");
            Assert.That(options, Is.Null, "options");
        }
    }

    [Test]
    public void A_usage_error_that_cannot_be_written_still_exits_64()
    {
        using var full = new FullDevice();
        AustinOptions? options = AustinCommandLine.Parse(["-y"], TextWriter.Null, full, out int exitCode);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exitCode, Is.EqualTo(64), "exit code");
            Assert.That(options, Is.Null, "options");
        }
    }

    /// <summary>A writer that fails like a stream redirected to /dev/full.</summary>
    private sealed class FullDevice : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => throw new IOException("No space left on device");

        public override void Write(string? value) => throw new IOException("No space left on device");
    }

    private static TestCaseData Prints(string sentence, string args, string stdout) =>
        new TestCaseData(Words(args), stdout).SetName(sentence);
}
