// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Austin.Python.Abi;
using Austin.Tests.Support.Synthetic;
using NUnit.Framework;

namespace Austin.Tests.Support;

/// <summary>
/// The Windows end-to-end target, built once per test run: a synthetic CPython memory image (SyntheticImage, laid out
/// with the windows-x64 layout of one version) that synthetic_host.exe maps at its addresses and python3XY.dll
/// anchors (Targets/Windows), and the win-x64 build of austin that samples it under Wine. NativeAOT cannot target
/// Windows from Linux, so that build is the same code published self-contained (IL, trimmed, compressed single
/// file) by src/Packaging/win-standin.sh, as ./build.sh package makes it for the Chocolatey package; it is published
/// once and kept in dist/win-x64-wine/ while it is newer than every source file and that script
/// (<c>AUSTIN_WIN_BIN</c> names another one).
/// </summary>
internal static class WindowsTarget
{
    public const string BinaryVariable = "AUSTIN_WIN_BIN";

    /// <summary>Addresses free in a Wine process (Wine's own Linux mappings sit near the top, where Linux puts libraries).</summary>
    private static readonly (ulong, ulong, ulong) Bases = (0x0000_0200_0000_0000, 0x0000_0210_0000_0000, 0x0000_0220_0000_0000);

    private static readonly Lazy<Built> Target = new(Build);
    private static readonly Lazy<(string? Path, string? Failure, TimeSpan Elapsed)> Binary = new(PublishAustin);

    /// <summary>What the target was built from and where it is.</summary>
    internal sealed record Built(string Directory, string Host, string Image, string[][] ExpectedStacks, Austin.Python.Abi.PythonVersion Version);

    /// <summary>Python 3.12: the layout is the version table's (no debug offsets), the frames interpreter frames with a shim.</summary>
    internal static Austin.Python.Abi.PythonVersion Version => new(3, 12, 0);

    internal static Built Get() => Target.Value;

    /// <summary>The win-x64 austin.exe; fails the test with the publish's words when it cannot be had.</summary>
    public static string AustinExe
    {
        get
        {
            (string? path, string? failure, _) = Binary.Value;
            if (path is null) Assert.Fail(failure ?? "no win-x64 build");
            return path!;
        }
    }

    public static TimeSpan PublishTime => Binary.Value.Elapsed;

    /// <summary>Two threads with known stacks over three code objects of one file.</summary>
    internal static ImageSpec Spec() => new(
        [
            new CodeSpec(new StringSpec(0, true), new StringSpec(0, true), new StringSpec(11, true), 1, [new Segment(4, 1, false)], 0, 0),
            new CodeSpec(new StringSpec(1, true), new StringSpec(1, true), new StringSpec(11, true), 10, [new Segment(8, 2, false)], 0, 0),
            new CodeSpec(new StringSpec(2, true), new StringSpec(3, true), new StringSpec(11, true), 20, [new Segment(8, 3, false)], 0, 0),
        ],
        [[
            [new FrameSpec(0, 0, FrameKind.Normal), new FrameSpec(1, 3, FrameKind.Normal)],
            [new FrameSpec(0, 1, FrameKind.Normal), new FrameSpec(2, 2, FrameKind.Normal), new FrameSpec(1, 5, FrameKind.Normal)],
        ]],
        GilHolder: 0, CodeTypeKnown: false, PthreadTidOffset: 0x2d0, Scatter: 0);

    private static Built Build()
    {
        // Beside the test assembly, made anew each run: nothing is left in the temporary directory.
        string directory = Path.Combine(TestContext.CurrentContext.WorkDirectory, "windows-target");
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        Directory.CreateDirectory(directory);
        Layout layout = TargetAbi.WindowsX64.LayoutOf(Version)!;
        var image = new SyntheticImage(layout, Spec(), Bases);
        ulong runtime = image.HeadPointer - (ulong)layout.Runtime.InterpretersHead;
        int runtimeSize = Math.Max(layout.Runtime.Size, layout.Runtime.InterpretersHead + 8);

        string imagePath = Path.Combine(directory, "image.bin");
        using (var file = new BinaryWriter(File.Create(imagePath)))
        {
            ulong[] pages = image.Memory.MappedPages.ToArray();
            file.Write(runtime);
            file.Write((ulong)runtimeSize);
            file.Write((ulong)pages.Length);
            byte[] page = new byte[FakeMemory.PageSize];
            foreach (ulong address in pages)
            {
                Assert.That(image.Memory.TryRead(address, page), Is.True, $"page {address:x} of the image");
                file.Write(address);
                file.Write(page);
            }
        }

        string sources = Path.Combine(Repo.Root(), "native-tests", "Targets", "Windows");
        string dll = Path.Combine(directory, $"python{Version.Major}{Version.Minor}.dll");
        uint hex = (uint)(Version.Major << 24 | Version.Minor << 16 | Version.Micro << 8 | 0xf0);
        Wine.CompileC(["-shared", "-O1", $"-DPY_VERSION_HEX=0x{hex:x}", $"-DRUNTIME_SIZE={runtimeSize}", "-o", dll, Path.Combine(sources, "python_dll.c")]);
        string host = Path.Combine(directory, "synthetic_host.exe");
        Wine.CompileC(["-O1", "-o", host, Path.Combine(sources, "synthetic_host.c"), dll]);

        string[][] stacks = image.Expected.Select(t => t.Frames.Select(f => $"{f.Name} ({f.File}):{f.Line}").ToArray()).ToArray();
        return new Built(directory, host, imagePath, stacks, Version);
    }

    private static (string?, string?, TimeSpan) PublishAustin()
    {
        var clock = Stopwatch.StartNew();
        if (Environment.GetEnvironmentVariable(BinaryVariable) is { Length: > 0 } configured)
            return File.Exists(configured) ? (configured, null, clock.Elapsed) : (null, $"{BinaryVariable} names {configured}, which does not exist", clock.Elapsed);
        string root = Repo.Root();
        string output = Path.Combine(root, "dist", "win-x64-wine");
        string exe = Path.Combine(output, "austin.exe");
        DateTime newestSource = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Append(Path.Combine(root, "austin.csproj")).Append(Path.Combine(root, "Directory.Packages.props"))
            .Append(Path.Combine(root, "src", "Packaging", "win-standin.sh"))
            .Max(File.GetLastWriteTimeUtc);
        if (File.Exists(exe) && File.GetLastWriteTimeUtc(exe) > newestSource) return (exe, null, clock.Elapsed);
        // The stand-in that ./build.sh package ships in the Chocolatey package: one script publishes both.
        ProcessResult publish = ProcessRunner.Run(["bash", Path.Combine(root, "src", "Packaging", "win-standin.sh"), output], TimeSpan.FromMinutes(8));
        if (publish.ExitCode != 0 || !File.Exists(exe))
            return (null, $"the win-x64 build of austin failed:\n{publish.Describe()}", clock.Elapsed);
        File.SetLastWriteTimeUtc(exe, DateTime.UtcNow);
        return (exe, null, clock.Elapsed);
    }
}
