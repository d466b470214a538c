// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.IO;
using NUnit.Framework;
using static Austin.Tests.Unit.Cli.CliTestText;

namespace Austin.Tests.Unit.Cli;

/// <summary>
/// The command line of the published native binary ($AUSTIN_BIN): exact texts, exit statuses, and never a
/// .NET stack trace, which only the trimmed NativeAOT build can show.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class PublishedBinaryCliTests
{
    private static IEnumerable<TestCaseData> Texts()
    {
        yield return Prints("austin --help prints the help", "--help", HelpText);
        yield return Prints("austin -? prints the help", "-?", HelpText);
        yield return Prints("austin --usage prints the usage", "--usage", UsageText);
        yield return Prints("austin -V prints the version", "-V", VersionText);
        yield return Prints("austin --version prints the version", "--version", VersionText);
    }

    private static IEnumerable<TestCaseData> UsageErrors()
    {
        yield return Bad("austin -y is an invalid option", "-y python3", "invalid option -- 'y'");
        yield return Bad("austin --foo is an unrecognized option", "--foo python3", "unrecognized option '--foo'");
        yield return Bad("austin -i needs a value", "-i", "option requires an argument -- 'i'");
        yield return Bad("austin --interval needs a value", "--interval", "option '--interval' requires an argument");
        yield return Bad("austin --full takes no value", "--full=1 python3", "option '--full' doesn't allow an argument");
        yield return Bad("austin --= is ambiguous",
            "--= python3", "option '--=' is ambiguous; possibilities: '--alt-format' '--exclude-empty' '--full' '--interval' " +
            "'--memory' '--output' '--pid' '--sleepless' '--timeout' '--asyncio' '--binary' '--children' '--format' '--gc' '--gil' '--heap' '--pipe' " +
            "'--where' '--exposure' '--convert' '--summary' '--tui' '--web' '--help' '--usage' '--version'");
        yield return Bad("austin -i -1 is refused", "-i -1 python3", "the sampling interval must be a positive integer");
        yield return Bad("austin -i with a hugely negative number is refused", "-i -99999999999999999999 python3", "the sampling interval must be a positive integer");
        yield return Bad("austin -t x is refused", "-t x python3", "timeout must be a positive integer");
        yield return Bad("austin -p -1 is refused", "-p -1", "invalid PID.");
        yield return Bad("austin --output= is refused", "--output= python3", "the output file name must not be empty");
        yield return Bad("austin alone has nothing to do", "", "no command to run and no PID to attach to");
        yield return Bad("austin with a command and -p refuses both", "-p 1 python3", "give either a command or -p PID, not both");
        // The C austin 3.7's options, in 3.7's words.
        yield return Bad("austin -i 5m is refused", "-i 5m python3", "the sampling interval must be a positive integer");
        yield return Bad("austin -t 2us is refused", "-t 2us python3", "timeout must be a positive integer");
        yield return Bad("austin -x -1 is refused", "-x -1 python3", "the exposure must be a positive integer");
        yield return Bad("austin -h with a unit is refused", "-h 1M python3", "the heap size must be a positive integer");
        yield return Bad("austin -w 0 is refused", "-w 0", "invalid PID");
        yield return Bad("austin with a command and -w refuses both", "-w 1 python3", "give either a command or -w PID, not both");
        yield return Bad("austin --format=gif is refused, naming the formats", "--format=gif python3", "the output format must be one of: collapsed, austin, mojo, svg, speedscope, pprof");
        yield return Bad("austin --pipe takes no value", "--pipe=1 python3", "option '--pipe' doesn't allow an argument");
    }

    [TestCaseSource(nameof(Texts))]
    public void A_text_is_printed_on_stdout_with_status_0(string[] args, string expectedStdout)
    {
        ProcessResult result = CliProcess.Run(Binary(), args, timeoutSeconds: 30);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Stdout, Is.EqualTo(expectedStdout), "stdout");
            Assert.That(result.Stderr, Is.Empty, "stderr");
            Assert.That(result.ExitCode, Is.Zero, "exit status");
        }
    }

    [TestCaseSource(nameof(UsageErrors))]
    public void A_usage_error_is_told_on_stderr_with_status_64(string[] args, string expectedStderr)
    {
        ProcessResult result = CliProcess.Run(Binary(), args, timeoutSeconds: 30);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Stderr, Is.EqualTo(expectedStderr), "stderr");
            Assert.That(result.Stderr, Does.Not.Contain("Exception").And.Not.Contain("   at "), "no .NET stack trace");
            Assert.That(result.Stdout, Is.Empty, "stdout");
            Assert.That(result.ExitCode, Is.EqualTo(64), "exit status");
        }
    }

    [Test]
    public void The_version_keeps_the_C_austins_first_line_and_names_this_build_on_the_second()
    {
        ProcessResult result = CliProcess.Run(Binary(), ["-V"], timeoutSeconds: 30);
        // The commit the binary was built from, asked of git independently of the build's own generated file.
        ProcessResult git = CliProcess.Run("git", ["-C", Repo.Root(), "describe", "--always", "--dirty", "--abbrev=12", "--exclude=*"], timeoutSeconds: 30);
        if (git.ExitCode != 0) Assert.Ignore("not a git checkout: the build says 'commit unknown'");

        string[] lines = result.Stdout.Split('\n');
        using (Assert.EnterMultipleScope())
        {
            Assert.That(lines, Has.Length.EqualTo(3), "two lines, each ended");
            Assert.That(lines[0], Is.EqualTo("austin 0.7.0"), "the line scripts parse");
            Assert.That(lines[1], Does.Match("^C# NativeAOT implementation, commit [0-9a-f]{12}(-dirty)?$"));
            Assert.That(lines[1], Does.EndWith("commit " + git.Stdout.Trim()), "the commit of this checkout");
        }
    }

    [Test]
    public void Help_sent_to_a_full_device_is_a_one_line_write_error_with_status_74()
    {
        if (!File.Exists("/dev/full"))
            Assert.Ignore("no /dev/full on this system");

        ProcessResult result = CliProcess.Run("/bin/sh", ["-c", "exec \"$0\" --help >/dev/full", Binary()], timeoutSeconds: 30);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Stderr, Is.EqualTo("austin: write error: No space left on device\n"), "stderr");
            Assert.That(result.ExitCode, Is.EqualTo(74), "exit status");
        }
    }

    private static string Binary()
    {
        string? path = Environment.GetEnvironmentVariable("AUSTIN_BIN");
        if (string.IsNullOrEmpty(path))
            Assert.Fail("AUSTIN_BIN is not set: run ./build.sh test, or set it to the published binary (dist/<rid>/austin)");
        if (!File.Exists(path))
            Assert.Fail($"AUSTIN_BIN is {path}, which does not exist: run ./build.sh first");
        return path!;
    }

    private static TestCaseData Prints(string sentence, string args, string stdout) =>
        new TestCaseData(Words(args), stdout).SetName(sentence);

    private static TestCaseData Bad(string sentence, string args, string message) =>
        new TestCaseData(Words(args), UsageError(message)).SetName(sentence);
}
