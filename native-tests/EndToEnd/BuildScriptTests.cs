// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd;

/// <summary>
/// build.ps1 under PowerShell 7 on this Linux machine, for the verbs that make sense here: dry runs of publish and
/// package (the commands they would run, the Chocolatey package's stand-in included), a refusal to cross-compile to Windows, and the test verb on a few unit
/// tests with the binary already built, down to its closing "N passed, M failed, K skipped" line. Windows itself
/// runs its build and publish verbs for real; that is not verified here. Skipped, saying so, without pwsh
/// (./build.sh test installs it: dotnet tool install --global PowerShell).
/// </summary>
[TestFixture]
[NonParallelizable]
internal sealed class BuildScriptTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private static string Pwsh()
    {
        string tool = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "pwsh");
        string? onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "pwsh")).FirstOrDefault(File.Exists);
        string? pwsh = onPath ?? (File.Exists(tool) ? tool : null);
        if (pwsh is null)
        {
            const string why = "SKIPPED, build.ps1 is not tested here: pwsh is missing (dotnet tool install --global PowerShell --version 7.6.9)";
            TestContext.Progress.WriteLine(why);
            Assert.Ignore(why);
        }
        return pwsh!;
    }

    private static ProcessResult BuildPs1(params string[] arguments) =>
        ProcessRunner.Run([Pwsh(), "-NoProfile", "-NonInteractive", "-File", Path.Combine(Repo.Root(), "build.ps1"), .. arguments], Timeout,
            new Dictionary<string, string?> { ["AUSTIN_BUILD_FLAGS"] = null });

    private static string Rid => System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "linux-arm64" : "linux-x64";

    [Test]
    public void A_dry_run_of_publish_and_package_names_the_NativeAOT_publish_and_the_zip_for_this_machine()
    {
        string root = Repo.Root();
        ProcessResult publish = BuildPs1("publish", "-DryRun");
        Assert.That(publish.ExitCode, Is.EqualTo(0), publish.Describe());
        Assert.That(publish.StandardOutput.Trim(), Is.EqualTo(
            $"would run: dotnet publish {root}/austin.csproj -c Release -r {Rid} -o {root}/dist/{Rid} --nologo -v quiet"));

        ProcessResult package = BuildPs1("package", "-DryRun");
        Assert.That(package.ExitCode, Is.EqualTo(0), package.Describe());
        Assert.That(package.StandardOutput, Does.Contain($"would zip {root}/dist/{Rid}/austin, {root}/README.md, {root}/LICENSE into {root}/dist/austin-0.7.0-{Rid}.zip"));
    }

    [Test]
    public void A_dry_run_of_package_on_Linux_builds_the_Chocolatey_package_around_the_labelled_stand_in_as_build_sh_does()
    {
        string root = Repo.Root();
        Assume.That(File.Exists(Path.Combine(root, "dist", "win-x64", "austin.exe")), Is.False, "a NativeAOT austin.exe in dist/win-x64/ would be packaged instead");

        ProcessResult package = BuildPs1("package", "-NoBuild", "-DryRun");

        Assert.That(package.ExitCode, Is.EqualTo(0), package.Describe());
        Assert.That(package.StandardOutput.TrimEnd().Split('\n')[^2..], Is.EqualTo(new[]
        {
            $"would run: bash {root}/src/Packaging/win-standin.sh {root}/dist/win-x64-wine",
            $"would run: python3 {root}/src/Packaging/choco.py --stand-in {root}/dist/win-x64-wine/austin.exe {root}/dist",
        }));
        Assert.That(package.StandardError, Does.Contain("the Chocolatey package gets the Linux-built stand-in, self-contained single-file (not NativeAOT)"));
    }

    [Test]
    public void Publishing_for_Windows_from_Linux_is_refused_with_the_reason()
    {
        ProcessResult publish = BuildPs1("publish", "-Rid", "win-x64", "-DryRun");
        Assert.That(publish.ExitCode, Is.EqualTo(1));
        Assert.That(publish.StandardError, Does.Contain("win-x64 cannot be built here: NativeAOT builds for linux only on this machine"));
    }

    [Test]
    public void The_test_verb_runs_the_tests_it_is_given_and_closes_with_the_counts()
    {
        string results = Directory.CreateTempSubdirectory("austin-build-ps1-").FullName;
        try
        {
            ProcessResult test = BuildPs1("test", "-NoBuild", "-Filter", "FullyQualifiedName~WindowsCommandLineTests", "-Results", results);
            Assert.That(test.ExitCode, Is.EqualTo(0), test.Describe());
            Assert.That(test.StandardOutput.TrimEnd().Split('\n')[^1], Is.EqualTo("6 passed, 0 failed, 0 skipped"));
        }
        finally
        {
            Directory.Delete(results, recursive: true);
        }
    }
}
