// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd.Packaging;

/// <summary>
/// The .rpm that ./build.sh package builds (src/Packaging/rpm.sh, rpmbuild from Debian's rpm package), made here from
/// the binary under test: it holds what the .deb holds, in Fedora's paths, and rpm installs it with --nodeps into a
/// scratch root, where the installed austin runs, and erases it.
/// </summary>
[TestFixture]
public sealed class RpmPackageTests : ExactEndToEndFixture
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(120);

    [Test]
    public void RpmListsTheFilesOfTheDebInstallsThemIntoAScratchRootAndErasesThem()
    {
        string rpm = PackagingScripts.Build("rpm.sh", Scratch);

        ProcessResult listed = ProcessRunner.Run(["rpm", "-qlp", rpm], ToolTimeout);
        string root = Path.Combine(Scratch, "root");
        Directory.CreateDirectory(root);
        ProcessResult install = ProcessRunner.Run(["sh", "-c", "rpm --root \"$1\" --initdb && rpm --root \"$1\" -i --nodeps \"$2\"", "rpm", root, rpm], ToolTimeout);
        ProcessResult version = ProcessRunner.Run([Path.Combine(root, "usr/bin/austin-web"), "-V"], RunTimeout);
        ProcessResult erase = ProcessRunner.Run(["rpm", "--root", root, "-e", "austin"], ToolTimeout);
        string[] leftFiles = Directory.EnumerateFiles(Path.Combine(root, "usr"), "*", SearchOption.AllDirectories).ToArray();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Path.GetFileName(rpm), Does.Match(@"^austin-0\.7\.0\^git20260101\.[0-9a-f]{12}-1\.x86_64\.rpm$"));
            Assert.That(listed.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
            {
                "/usr/bin/austin", "/usr/bin/austin-tui", "/usr/bin/austin-web",
                "/usr/share/bash-completion/completions/austin", "/usr/share/bash-completion/completions/austin-tui",
                "/usr/share/bash-completion/completions/austin-web",
                "/usr/share/fish/vendor_completions.d/austin-tui.fish", "/usr/share/fish/vendor_completions.d/austin-web.fish",
                "/usr/share/fish/vendor_completions.d/austin.fish",
                "/usr/share/licenses/austin", "/usr/share/licenses/austin/LICENSE",
                "/usr/share/man/man1/austin-tui.1.gz", "/usr/share/man/man1/austin-web.1.gz", "/usr/share/man/man1/austin.1.gz",
                "/usr/share/zsh/site-functions/_austin",
            }), listed.Describe());
            Assert.That(install.ExitCode, Is.Zero, install.Describe());
            Assert.That(version.StandardOutput.Split('\n')[0], Is.EqualTo("austin 0.7.0"), version.Describe());
            Assert.That(erase.ExitCode, Is.Zero, erase.Describe());
            Assert.That(leftFiles, Is.Empty, "rpm -e removes every file (the directories other packages own stay)");
        }
    }

}
