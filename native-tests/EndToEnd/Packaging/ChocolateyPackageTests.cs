// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Xml.Linq;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd.Packaging;

/// <summary>
/// The Chocolatey package (src/Packaging/choco.py) as ./build.sh package makes it on Linux: around the win-x64
/// stand-in (src/Packaging/win-standin.sh, the build the Wine tests already publish: WindowsTarget.AustinExe). NuGet's
/// layout, the binary's checksum beside it, a nuspec that validates against NuGet's own schema (the nuspec.xsd inside
/// the SDK's NuGet.Packaging.dll, read by xmllint) and says what it holds, and the packaged austin.exe's -V under Wine.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ChocolateyPackageTests : EndToEndFixture
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);
    private static readonly XNamespace Nuspec = "http://schemas.microsoft.com/packaging/2015/06/nuspec.xsd";

    private string _nupkg = "", _exe = "";

    [OneTimeSetUp]
    public void PackTheStandIn()
    {
        _exe = WindowsTarget.AustinExe;
        _nupkg = PackagingScripts.BuildChocolatey(_exe, Path.Combine(Scratch, "out"), standIn: true);
    }

    private string Text(string name)
    {
        using ZipArchive zip = ZipFile.OpenRead(_nupkg);
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }

    [Test]
    public void TheNupkgHasNuGetsLayoutTheBinarysChecksumAndANuspecTheSchemaAccepts()
    {
        using ZipArchive zip = ZipFile.OpenRead(_nupkg);
        string nuspec = Path.Combine(Scratch, "austin.nuspec");
        File.WriteAllText(nuspec, Text("austin.nuspec"));
        string schema = Path.Combine(Scratch, "nuspec.xsd");
        File.WriteAllText(schema, NuGetSchema());
        ProcessResult valid = ProcessRunner.Run(["xmllint", "--noout", "--schema", schema, nuspec], ToolTimeout);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Path.GetFileName(_nupkg), Is.EqualTo("austin.0.7.0.20260101.nupkg"));
            Assert.That(zip.Entries.Select(e => e.FullName), Is.EqualTo(new[]
            {
                "[Content_Types].xml", "_rels/.rels", "package/services/metadata/core-properties/austin.psmdcp", "austin.nuspec",
                "tools/chocolateyinstall.ps1", "tools/chocolateyuninstall.ps1", "tools/austin.exe", "tools/austin.exe.sha256",
                "tools/LICENSE.txt", "tools/VERIFICATION.txt",
            }));
            Assert.That(Text("tools/austin.exe.sha256").Trim(), Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(_exe)))));
            Assert.That(Text("tools/LICENSE.txt"), Does.Contain("GNU GENERAL PUBLIC LICENSE").And.Contain("Version 3, 29 June 2007"));
            Assert.That((valid.ExitCode, valid.StandardError.Trim()), Is.EqualTo((0, nuspec + " validates")), valid.Describe());
        }
    }

    [Test]
    public void TheNuspecNamesTheBuildsVersionItsLicenseAndHomeAndSaysTheExeIsTheLinuxBuiltStandIn()
    {
        XElement metadata = XDocument.Parse(Text("austin.nuspec")).Root!.Element(Nuspec + "metadata")!;
        string Field(string name) => metadata.Element(Nuspec + name)?.Value ?? $"(no <{name}>)";

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Field("id"), Is.EqualTo("austin"));
            Assert.That(Field("version"), Is.EqualTo(AustinVersion.Number + ".20260101"), "the version, and the commit's date (SOURCE_DATE_EPOCH)");
            Assert.That(Field("licenseUrl"), Is.EqualTo("https://www.gnu.org/licenses/gpl-3.0.html"));
            Assert.That(Field("projectUrl"), Is.EqualTo("https://github.com/P403n1x87/austin"));
            Assert.That(Field("tags").Split(' '), Is.SupersetOf(new[] { "python", "profiler" }).And.Not.Contain("chocolatey"));
            Assert.That(Field("releaseNotes"), Does.StartWith("Linux-built stand-in (./build.sh package): a self-contained .NET single-file austin.exe, not the NativeAOT binary"));
            Assert.That(Text("tools/VERIFICATION.txt"), Does.StartWith("austin.exe is the Linux-built stand-in of commit "));
        }
    }

    [Test]
    public void ThePackagedExeRunsUnderWineAndSaysItsVersionAndThatItIsNotNativeAot()
    {
        Wine.Require();
        string exe = Path.Combine(Scratch, "unpacked", "austin.exe");
        Directory.CreateDirectory(Path.GetDirectoryName(exe)!);
        using (ZipArchive zip = ZipFile.OpenRead(_nupkg))
            zip.GetEntry("tools/austin.exe")!.ExtractToFile(exe);

        ProcessResult version = Wine.Run([exe, "-V"], TimeSpan.FromMinutes(2));

        string[] lines = version.StandardOutput.Replace("\r", "", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That((version.ExitCode, lines.Length), Is.EqualTo((0, 2)), version.Describe());
        Assert.That(lines[0], Is.EqualTo("austin " + AustinVersion.Number), "the C austin's first line, which scripts parse");
        Assert.That(lines[1], Does.Match("^C# self-contained \\.NET \\(not NativeAOT\\) implementation, commit [0-9a-f]{12}(-dirty)?$"));
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
