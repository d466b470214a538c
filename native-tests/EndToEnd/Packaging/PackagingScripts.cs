// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.IO;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd.Packaging;

/// <summary>The repository's src/Packaging/ scripts, run on the binary under test as ./build.sh package runs them.</summary>
internal static class PackagingScripts
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(120);

    /// <summary>2026-01-01: a fixed SOURCE_DATE_EPOCH, so that the names the tests expect do not move.</summary>
    private static readonly Dictionary<string, string?> Environment = new() { ["SOURCE_DATE_EPOCH"] = "1767225600" };

    /// <summary>files.sh into <paramref name="scratch"/>/files, then <paramref name="package"/> (deb.sh, rpm.sh); the package's path.</summary>
    public static string Build(string package, string scratch)
    {
        string packaging = Path.Combine(Repository(), "src", "Packaging");
        string files = Path.Combine(scratch, "files");
        ProcessResult written = ProcessRunner.Run([Path.Combine(packaging, "files.sh"), AustinBinary.Path, files], ScriptTimeout, Environment);
        Assert.That(written.ExitCode, Is.Zero, written.Describe());
        ProcessResult built = ProcessRunner.Run([Path.Combine(packaging, package), AustinBinary.Path, files, Path.Combine(scratch, "out")], ScriptTimeout, Environment);
        Assert.That((built.ExitCode, built.StandardError), Is.EqualTo((0, "")), built.Describe());
        return built.StandardOutput.Trim();
    }

    /// <summary>choco.py with <paramref name="exe"/> as austin.exe (--stand-in: the Linux-built one), into <paramref name="outDirectory"/>; the .nupkg's path.</summary>
    public static string BuildChocolatey(string exe, string outDirectory, bool standIn)
    {
        string script = Path.Combine(Repository(), "src", "Packaging", "choco.py");
        ProcessResult built = ProcessRunner.Run(standIn ? ["python3", script, "--stand-in", exe, outDirectory] : ["python3", script, exe, outDirectory],
            ScriptTimeout, Environment);
        Assert.That((built.ExitCode, built.StandardError), Is.EqualTo((0, "")), built.Describe());
        return built.StandardOutput.Trim();
    }

    private static string Repository()
    {
        string? directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "austin.csproj")))
            directory = Path.GetDirectoryName(directory.TrimEnd(Path.DirectorySeparatorChar));
        return directory ?? throw new AssertionException($"no austin.csproj above {AppContext.BaseDirectory}");
    }
}
