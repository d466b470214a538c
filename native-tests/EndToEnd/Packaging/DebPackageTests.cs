// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd.Packaging;

/// <summary>
/// The .deb that ./build.sh package builds, made here by the same scripts (src/Packaging/files.sh, src/Packaging/deb.sh)
/// from the binary under test: lintian finds nothing to say above information level, and dpkg installs it into a
/// scratch root (never over the machine's /usr/bin/austin, Debian's C austin), where the installed austin says its
/// version and samples a real Python, and purges it without leaving a file behind.
/// </summary>
[TestFixture]
public sealed class DebPackageTests : ExactEndToEndFixture
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(120);
    private string _deb = "";

    [OneTimeSetUp]
    public void BuildThePackage()
    {
        _deb = PackagingScripts.Build("deb.sh", Scratch);
        Assert.That(Path.GetFileName(_deb), Does.Match(@"^austin_0\.7\.0\+git20260101\.[0-9a-f]{12}-1_amd64\.deb$"), "the version is -V's, then the commit");
    }

    [Test]
    public void LintianReportsNoErrorAndNoWarning()
    {
        ProcessResult lintian = ProcessRunner.Run(["lintian", "--fail-on", "error,warning", _deb], ToolTimeout);

        string[] tags = lintian.StandardOutput.Split('\n').Where(line => line.Length > 2 && line[1] == ':').ToArray();
        Assert.That((lintian.ExitCode, tags.Where(tag => tag[0] is 'E' or 'W').ToArray()), Is.EqualTo((0, Array.Empty<string>())), lintian.Describe());
    }

    [Test]
    public void DpkgInstallsItIntoAScratchRootWhereItSamplesPythonAndPurgesEveryFile()
    {
        string root = Path.Combine(Scratch, "root");
        Directory.CreateDirectory(Path.Combine(root, "var/lib/dpkg/info"));
        Directory.CreateDirectory(Path.Combine(root, "var/lib/dpkg/updates"));
        File.WriteAllText(Path.Combine(root, "var/lib/dpkg/status"), "");
        // The scratch root has no libc6 package: the machine's C library is what the installed binary runs with.
        ProcessResult install = ProcessRunner.Run(["dpkg", "--root=" + root, "--force-depends", "-i", _deb], ToolTimeout);
        Assert.That(install.ExitCode, Is.Zero, install.Describe());

        string austin = Path.Combine(root, "usr/bin/austin");
        ProcessResult version = ProcessRunner.Run([austin, "-V"], RunTimeout);
        ProcessResult tuiVersion = ProcessRunner.Run([Path.Combine(root, "usr/bin/austin-tui"), "-V"], RunTimeout);
        string python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : Pythons.Last().Path;
        ProcessResult sample = ProcessRunner.Run([austin, "-i", "1000", python, Targets.PathOf("printer.py"), "100"], RunTimeout, PythonEnvironment.Clean);
        ProcessResult purge = ProcessRunner.Run(["dpkg", "--root=" + root, "--purge", "austin"], ToolTimeout);
        string[] left = Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path))
            .Where(path => !path.StartsWith("var", StringComparison.Ordinal)).ToArray();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(version.StandardOutput.Split('\n')[0], Is.EqualTo("austin 0.7.0"), version.Describe());
            Assert.That(tuiVersion.StandardOutput.Split('\n')[0], Is.EqualTo("austin 0.7.0"), "austin-tui is installed as a link to austin");
            Assert.That(sample.ExitCode, Is.Zero, sample.Describe());
            Assert.That(Collapsed.Parse(sample.StandardOutput, CollapsedFormat.Normal).Any(s => s.Frames.Any(f => f.Function == "work")),
                Is.True, "the installed austin sampled the printer's work()");
            Assert.That(purge.ExitCode, Is.Zero, purge.Describe());
            Assert.That(left, Is.Empty, "nothing is left outside dpkg's database");
        }
    }

}
