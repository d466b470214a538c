// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd;

/// <summary>
/// The linux-arm64 build, run under qemu-aarch64-static, samples Debian's arm64 python3.11 (unpacked into a scratch
/// root by native-tests/Support/Arm64/python-root.sh, also under qemu) in launch and attach modes, and every sample
/// of the parked thread is the known stack, line for line. Under qemu-user, process_vm_readv is ENOSYS: austin reads
/// through /proc/PID/mem (Linux/LinuxProcessMemory.cs), and finds the program from qemu's command line.
/// The arm64 publish takes minutes, so <c>./build.sh test</c> does not make it: these tests run when
/// dist/linux-arm64/austin is newer than the sources (<c>./build.sh publish</c>), and say so loudly otherwise.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category("Arm64Qemu")]
public sealed class Arm64QemuTests
{
    private const string Qemu = "qemu-aarch64-static";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private string _root = "";
    private string _austin = "";
    private string _python = "";
    private string _target = "";
    private string[] _expected = [];

    [OneTimeSetUp]
    public void FindTheArm64BuildQemuAndPython()
    {
        string repo = Repo.Root();
        if (!(Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, Qemu))))
            Assert.Ignore($"SKIPPED LOUDLY: {Qemu} is not installed (Debian's qemu-user-static): the linux-arm64 build is not run here");
        _austin = Path.Combine(repo, "dist", "linux-arm64", "austin");
        if (!File.Exists(_austin))
            Assert.Ignore($"SKIPPED LOUDLY: {_austin} is missing: run ./build.sh publish (or publish --rid linux-arm64), then these tests");
        DateTime built = File.GetLastWriteTimeUtc(_austin);
        string? newer = Directory.EnumerateFiles(Path.Combine(repo, "src"), "*.cs", SearchOption.AllDirectories).Append(Path.Combine(repo, "austin.csproj"))
            .FirstOrDefault(f => File.GetLastWriteTimeUtc(f) > built);
        if (newer is not null)
            Assert.Ignore($"SKIPPED LOUDLY: {_austin} is older than {newer}: run ./build.sh publish --rid linux-arm64, then these tests");
        ProcessResult root = ProcessRunner.Run([Path.Combine(repo, "native-tests", "Support", "Arm64", "python-root.sh")], Timeout);
        if (root.ExitCode != 0)
            Assert.Ignore("SKIPPED LOUDLY: no arm64 python3.11 root could be made:\n" + root.Describe());
        _root = root.StandardOutput.Trim();
        _python = Path.Combine(_root, "usr", "bin", "python3.11");
        _target = Path.Combine(AppContext.BaseDirectory, "Targets", "parked_known.py");
        string[] lines = File.ReadAllLines(_target);
        int Line(string text) => Array.FindIndex(lines, l => l.StartsWith(text, StringComparison.Ordinal)) + 1;
        _expected =
        [
            $"<module> ({_target})", $"L{Line("outer(float(")}",
            $"outer ({_target})", $"L{Line("    middle(seconds)")}",
            $"middle ({_target})", $"L{Line("    leaf(seconds)")}",
            $"leaf ({_target})", $"L{Line("    time.sleep(seconds)")}",
        ];
    }

    private string[] Emulated(params string[] command) => [Qemu, "-L", _root, .. command];

    /// <summary>The frames of each sample line ("Thread X;frame;Lnn;...;frame;Lnn value"), thread and value dropped.</summary>
    private static List<string[]> Stacks(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.StartsWith("Thread ", StringComparison.Ordinal))
            .Select(line => line[..line.LastIndexOf(' ')].Split(';')[1..])
            .ToList();

    private void AssertTheKnownStack(ProcessResult run, int atLeast)
    {
        List<string[]> stacks = Stacks(run.StandardOutput);
        List<string[]> parked = stacks.Where(s => s.Any(f => f.StartsWith("leaf (", StringComparison.Ordinal))).ToList();
        TestContext.Out.WriteLine($"{stacks.Count} samples, {parked.Count} in leaf; first: {string.Join(';', parked.FirstOrDefault() ?? [])}");
        TestContext.Out.WriteLine(ProcessRunner.Tail(run.StandardError, 12));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(parked, Has.Count.GreaterThanOrEqualTo(atLeast), run.Describe);
            foreach (string[] stack in parked) Assert.That(stack, Is.EqualTo(_expected), "every sample in leaf is the whole known stack");
        }
    }

    [Test]
    public void The_arm64_build_launches_an_emulated_python_and_samples_its_known_stack_exactly()
    {
        ProcessResult run = ProcessRunner.Run(Emulated([_austin, "-i", "10ms", .. Emulated(_python, _target, "4")]), Timeout);
        Assert.That(run.ExitCode, Is.Zero, run.Describe);
        AssertTheKnownStack(run, atLeast: 20);
    }

    [Test]
    public void The_arm64_build_attaches_to_an_emulated_python_and_samples_its_known_stack_exactly()
    {
        using RunningProcess target = RunningProcess.Start(Emulated(_python, _target, "30"));
        target.WaitForLine("ready", TimeSpan.FromSeconds(60));
        ProcessResult run = ProcessRunner.Run(Emulated(_austin, "-i", "10ms", "-x", "3", "-p", target.Id.ToString(CultureInfo.InvariantCulture)), Timeout);
        Assert.That(run.ExitCode, Is.Zero, run.Describe);
        AssertTheKnownStack(run, atLeast: 20);
    }
}
