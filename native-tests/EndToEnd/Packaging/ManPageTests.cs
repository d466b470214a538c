// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using Austin.Cli;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd.Packaging;

/// <summary>
/// austin.1, as the binary writes it for build.sh's package verb (austin --packaging-file=man DATE): groff and man
/// render it without a warning, and it documents every option --help lists, in --help's words.
/// </summary>
[TestFixture]
public sealed partial class ManPageTests : ExactEndToEndFixture
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(30);
    private string _page = "";

    [OneTimeSetUp]
    public void WriteThePage()
    {
        ProcessResult run = RunAustin(["--packaging-file=man", "2026-01-02"]);
        Assert.That(run.ExitCode, Is.Zero, run.Describe());
        _page = Path.Combine(Scratch, "austin.1");
        File.WriteAllText(_page, run.StandardOutput);
    }

    [Test]
    public void GroffFindsNothingToWarnAboutWithEveryWarningOn()
    {
        ProcessResult groff = ProcessRunner.Run(["groff", "-ww", "-z", "-man", _page], ToolTimeout);

        Assert.That((groff.ExitCode, groff.StandardError), Is.EqualTo((0, "")), groff.Describe());
    }

    [Test]
    public void ManRendersTheFileWithoutAWarningAndItDocumentsEveryOptionInTheWordsOfHelp()
    {
        ProcessResult man = ProcessRunner.Run(["man", "--warnings", "-l", _page], ToolTimeout,
            new Dictionary<string, string?> { ["MANWIDTH"] = "80", ["LC_ALL"] = "C.UTF-8", ["MAN_KEEP_FORMATTING"] = null });
        Assert.That((man.ExitCode, man.StandardError), Is.EqualTo((0, "")), man.Describe());

        string rendered = Words(man.StandardOutput);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rendered, Does.StartWith("AUSTIN(1) User Commands AUSTIN(1) NAME austin, austin-tui, austin-web - a frame stack sampler"));
            Assert.That(rendered, Does.EndWith("austin 0.7.0 2026-01-02 AUSTIN(1)"), "dated as build.sh asks, with -V's version");
            foreach (ArgpOption option in AustinOptionTable.Austin.Argp.Options)
            {
                if (option.IsHeader) continue;
                string tag = (option.ShortName is char key ? $"-{key}, " : "") + "--" + option.LongName
                    + (option.ArgName is null ? "" : option.OptionalDefault is null ? "=" + option.ArgName : $"[={option.ArgName}]");
                Assert.That(rendered, Does.Contain(Words(tag + " " + option.Doc)), $"{tag} with its --help text");
            }
        }
    }

    /// <summary>The text with every run of blanks made one space: man justifies and wraps, --help wraps differently.</summary>
    private static string Words(string text) => Blanks().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Blanks();
}
