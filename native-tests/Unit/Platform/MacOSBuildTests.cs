// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.IO;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.Unit.Platform;

/// <summary>
/// austin builds for osx-arm64 and osx-x64 with every analyzer on (trim, AOT, single-file; warnings are errors).
/// NativeAOT's packs for osx are not served here, so this is the IL build (<c>-p:PublishAot=false</c> only drops the
/// ILCompiler package; IsAotCompatible keeps the analyzers); the macOS layer itself has never run (README.md).
/// The intermediate files go under native-tests/obj/cross-os, so that the next run is incremental. The two builds
/// take two cores for 20 s each, so they run beside the fixtures that load does not disturb, never beside one that
/// measures (<see cref="ExactEndToEndFixture"/>), and one after the other.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class MacOSBuildTests
{
    [TestCase("osx-arm64")]
    [TestCase("osx-x64")]
    public void Austin_compiles_for_macOS_with_the_analyzers_and_no_warning(string rid)
    {
        string repo = Repo.Root();
        string artifacts = Path.Combine(repo, "native-tests", "obj", "cross-os", rid);
        ProcessResult build = ProcessRunner.Run(
            ["dotnet", "build", Path.Combine(repo, "austin.csproj"), "-c", "Release", "-r", rid, "-p:PublishAot=false",
             "--artifacts-path", artifacts, "--nologo", "-v", "quiet", "-clp:NoSummary;ErrorsOnly;WarningsOnly"],
            TimeSpan.FromMinutes(8));
        Assert.That(build.ExitCode, Is.Zero, build.Describe);
        // MSBuild's diagnostics read "file(line,col): warning CODE: text"; the summary line "0 Warning(s)" is not one.
        Assert.That(build.StandardOutput + build.StandardError, Does.Not.Match(@": warning [A-Z]+[0-9]+"), build.Describe);
        Assert.That(File.Exists(Path.Combine(artifacts, "bin", "austin", $"release_{rid}", "austin.dll")), Is.True,
            () => $"no austin.dll under {artifacts}/bin: " + string.Join(", ", Directory.GetFiles(artifacts, "austin.dll", SearchOption.AllDirectories)));
    }
}
