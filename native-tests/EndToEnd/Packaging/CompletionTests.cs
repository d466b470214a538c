// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Austin.Cli;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd.Packaging;

/// <summary>
/// The shell completions the binary writes for the packages (austin --packaging-file=bash|zsh|fish). bash's is
/// driven as bash drives it: COMP_WORDS, COMP_CWORD, COMP_LINE and COMP_POINT set, _austin called, COMPREPLY read,
/// all the cases in one bash with bash-completion loaded. zsh's and fish's are parsed by their shells.
/// </summary>
[TestFixture]
public sealed class CompletionTests : ExactEndToEndFixture
{
    private static readonly TimeSpan ShellTimeout = TimeSpan.FromSeconds(30);
    private const string BashCompletion = "/usr/share/bash-completion/bash_completion";

    private Dictionary<string, string[]> _replies = [];
    private int _pythonPid, _sleepPid;

    [OneTimeSetUp]
    public void CompleteEveryCaseInOneBash()
    {
        Assume.That(File.Exists(BashCompletion), Is.True, $"bash-completion is missing ({BashCompletion}): ./build.sh test installs it");
        ProcessResult script = RunAustin(["--packaging-file=bash"]);
        Assert.That(script.ExitCode, Is.Zero, script.Describe());
        string completion = Path.Combine(Scratch, "austin.bash");
        File.WriteAllText(completion, script.StandardOutput);

        // A working directory with known files (one named like a short option), and a PATH with known commands.
        string cwd = Directory.CreateDirectory(Path.Combine(Scratch, "cwd")).FullName;
        File.WriteAllText(Path.Combine(cwd, "-x"), "");
        File.WriteAllText(Path.Combine(cwd, "out.txt"), "");
        string bin = Directory.CreateDirectory(Path.Combine(Scratch, "bin")).FullName;
        foreach (string name in new[] { "pyfakeA", "pyfakeB" })
        {
            File.WriteAllText(Path.Combine(bin, name), "#!/bin/sh\n");
            if (OperatingSystem.IsLinux()) File.SetUnixFileMode(Path.Combine(bin, name), UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }

        Interpreter python = Interpreters.All.LastOrDefault() ?? throw new AssertionException("no Python interpreter found");
        using Process pythonProcess = Process.Start(python.Path, ["-c", "import time; time.sleep(60)"]);
        using Process sleepProcess = Process.Start("sleep", ["60"]);
        (_pythonPid, _sleepPid) = (pythonProcess.Id, sleepProcess.Id);
        try
        {
            // Each case: a name, then the words of the command line, the last being the word under the cursor.
            string driver = $$"""
                source {{BashCompletion}}
                source "$1"
                complete -W "--verbose --version" mycmd
                t() {
                    local name=$1; shift
                    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
                    COMPREPLY=()
                    _austin
                    printf '%s' "$name"; [ ${#COMPREPLY[@]} -eq 0 ] || printf '\t%s' "${COMPREPLY[@]}"; printf '\n'
                }
                cd "$2"
                t options austin -
                t long-prefix austin --f
                t format-next austin --format ""
                t format-split austin --format = sv
                t format-attached austin --format=sp
                t pids austin -p ""
                t where-pids austin -C -w ""
                t output-files austin -ai 100 -o ""
                t interval austin -i ""
                t command austin -x 5 pyfak
                t command-arguments austin -ai 100 mycmd --verb
                t after-dashes austin -- mycmd --v
                t attached-values austin -i100 --summary --interval=5 -o out mycmd --verb
                t abbreviated-valued austin --form
                t whole-valued austin --format
                t abbreviated-switch austin --exc
                t abbreviated-attached austin --form=sp
                t abbreviated-split austin --for = sv
                t abbreviated-next austin --form ""
                t abbreviated-then-command austin --inter 5 --out out mycmd --verb
                """;
            ProcessResult run = ProcessRunner.Run(["bash", "-c", driver, "driver", completion, cwd], ShellTimeout,
                new Dictionary<string, string?> { ["PATH"] = bin + ":/usr/bin:/bin" });
            Assert.That((run.ExitCode, run.StandardError), Is.EqualTo((0, "")), run.Describe());
            _replies = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('\t'))
                .ToDictionary(fields => fields[0], fields => fields[1..]);
        }
        finally
        {
            pythonProcess.Kill();
            sleepProcess.Kill();
        }
    }

    [Test]
    public void AnOptionDashOffersEveryOptionOfHelpInItsOrder()
    {
        string[] expected = AustinOptionTable.Austin.Argp.HelpOrder.Where(o => !o.IsHeader)
            .SelectMany(o => o.ShortName is char key ? new[] { "-" + key, "--" + o.LongName } : ["--" + o.LongName]).ToArray();

        Assert.That(_replies["options"], Is.EqualTo(expected));
    }

    [Test]
    public void OptionsAndTheirValuesAreCompletedFromWhatAustinKnows()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_replies["long-prefix"], Is.EqualTo(new[] { "--full", "--format" }));
            Assert.That(_replies["format-next"], Is.EqualTo(new[] { "collapsed", "austin", "mojo", "svg", "speedscope", "pprof" }));
            Assert.That(_replies["format-split"], Is.EqualTo(new[] { "svg" }), "bash splits --format=sv at the =");
            Assert.That(_replies["format-attached"], Is.EqualTo(new[] { "speedscope" }));
            Assert.That(_replies["output-files"].Order(StringComparer.Ordinal), Is.EqualTo(new[] { "-x", "out.txt" }), "a file named -x stays itself");
            Assert.That(_replies["interval"], Is.Empty, "no value is known for -i");
        }
    }

    [Test]
    public void PidsArePythonProcessesOnly()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (string name in new[] { "pids", "where-pids" })
            {
                Assert.That(_replies[name], Does.Contain(_pythonPid.ToString()), name);
                Assert.That(_replies[name], Does.Not.Contain(_sleepPid.ToString()), name);
            }
        }
    }

    [Test]
    public void AfterTheOptionsTheCommandAndItsArgumentsAreCompletedAsTheirOwn()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_replies["command"].Order(StringComparer.Ordinal), Is.EqualTo(new[] { "pyfakeA", "pyfakeB" }), "commands on PATH");
            Assert.That(_replies["command-arguments"], Is.EqualTo(new[] { "--verbose" }), "mycmd's own completion, past -ai 100");
            Assert.That(_replies["after-dashes"], Is.EqualTo(new[] { "--verbose", "--version" }));
            Assert.That(_replies["attached-values"], Is.EqualTo(new[] { "--verbose" }), "-i100, --summary and --interval=5 take no next word; -o does");
        }
    }

    [Test]
    public void LongOptionsShortenedAsAustinReadsThemAreCompletedAndTheirValuesToo()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_replies["abbreviated-valued"], Is.EqualTo(new[] { "--format=" }), "one option left that needs a value: its =, no space");
            Assert.That(_replies["whole-valued"], Is.EqualTo(new[] { "--format=" }));
            Assert.That(_replies["abbreviated-switch"], Is.EqualTo(new[] { "--exclude-empty" }), "a switch stays itself");
            Assert.That(_replies["abbreviated-attached"], Is.EqualTo(new[] { "speedscope" }), "--form= is --format=");
            Assert.That(_replies["abbreviated-split"], Is.EqualTo(new[] { "svg" }), "bash splits --for=sv at the =");
            Assert.That(_replies["abbreviated-next"], Is.EqualTo(new[] { "collapsed", "austin", "mojo", "svg", "speedscope", "pprof" }));
            Assert.That(_replies["abbreviated-then-command"], Is.EqualTo(new[] { "--verbose" }), "--inter takes 5 and --out takes out: mycmd is the command");
        }
    }

    [TestCase("zsh", "-n")]
    [TestCase("fish", "--no-execute")]
    public void TheOtherShellsParseTheirCompletion(string shell, string check)
    {
        ProcessResult script = RunAustin([$"--packaging-file={shell}"]);
        string file = Path.Combine(Scratch, "austin." + shell);
        File.WriteAllText(file, script.StandardOutput);

        ProcessResult parsed = ProcessRunner.Run([shell, check, file], ShellTimeout);

        Assert.That((script.ExitCode, parsed.ExitCode, parsed.StandardError), Is.EqualTo((0, 0, "")), parsed.Describe());
    }

    [Test]
    public void FishOffersTheFormatsAfterFormat()
    {
        ProcessResult script = RunAustin(["--packaging-file=fish"]);
        string file = Path.Combine(Scratch, "austin-formats.fish");
        File.WriteAllText(file, script.StandardOutput);

        ProcessResult fish = ProcessRunner.Run(["fish", "--no-config", "-c", $"source {file}; complete -C'austin --format=s'"], ShellTimeout);

        Assert.That(fish.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t')[0]),
            Is.EqualTo(new[] { "--format=speedscope", "--format=svg" }), fish.Describe());
    }
}
