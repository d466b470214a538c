// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd.Packaging;

/// <summary>
/// The Chocolatey package (src/Packaging/choco.py), made here with the binary under test standing in for austin.exe
/// (the win-x64 binary is built on Windows only): NuGet's layout, the binary's checksum beside it, and a nuspec that
/// validates against NuGet's own schema (the nuspec.xsd inside the SDK's NuGet.Packaging.dll, read by xmllint).
/// </summary>
[TestFixture]
public sealed class ChocolateyPackageTests : EndToEndFixture
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    [Test]
    public void TheNupkgHasNuGetsLayoutTheBinarysChecksumAndANuspecTheSchemaAccepts()
    {
        string nupkg = PackagingScripts.BuildChocolatey(AustinBinary.Path, Path.Combine(Scratch, "out"));
        using ZipArchive zip = ZipFile.OpenRead(nupkg);
        string Text(string name)
        {
            using var reader = new StreamReader(zip.GetEntry(name)!.Open());
            return reader.ReadToEnd();
        }
        string nuspec = Path.Combine(Scratch, "austin.nuspec");
        File.WriteAllText(nuspec, Text("austin.nuspec"));
        string schema = Path.Combine(Scratch, "nuspec.xsd");
        File.WriteAllText(schema, NuGetSchema());
        ProcessResult valid = ProcessRunner.Run(["xmllint", "--noout", "--schema", schema, nuspec], ToolTimeout);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Path.GetFileName(nupkg), Is.EqualTo("austin.0.7.0.20260101.nupkg"));
            Assert.That(zip.Entries.Select(e => e.FullName), Is.EqualTo(new[]
            {
                "[Content_Types].xml", "_rels/.rels", "package/services/metadata/core-properties/austin.psmdcp", "austin.nuspec",
                "tools/chocolateyinstall.ps1", "tools/chocolateyuninstall.ps1", "tools/austin.exe", "tools/austin.exe.sha256",
                "tools/LICENSE.txt", "tools/VERIFICATION.txt",
            }));
            Assert.That(Text("tools/austin.exe.sha256").Trim(),
                Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(AustinBinary.Path)))));
            Assert.That((valid.ExitCode, valid.StandardError.Trim()), Is.EqualTo((0, nuspec + " validates")), valid.Describe());
        }
    }

    /// <summary>NuGet's nuspec schema, as the SDK that runs the tests carries it (a template: {0} is the namespace).</summary>
    private static string NuGetSchema()
    {
        string runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        string dotnet = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        string? dll = Directory.EnumerateFiles(Path.Combine(dotnet, "sdk"), "NuGet.Packaging.dll", SearchOption.AllDirectories).FirstOrDefault();
        Assert.That(dll, Is.Not.Null, $"no NuGet.Packaging.dll under {dotnet}/sdk");
        string bytes = System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(dll!));
        int schema = bytes.IndexOf("<xs:schema", StringComparison.Ordinal);
        int start = bytes.LastIndexOf("<?xml", schema, StringComparison.Ordinal);
        int end = bytes.IndexOf("</xs:schema>", schema, StringComparison.Ordinal) + "</xs:schema>".Length;
        return bytes[start..end].Replace("{0}", "http://schemas.microsoft.com/packaging/2015/06/nuspec.xsd", StringComparison.Ordinal);
    }
}
