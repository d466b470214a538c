// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd;

/// <summary>
/// The Windows platform layer end to end, under Wine: the win-x64 build of austin launches, or attaches to, a
/// Windows program that holds a synthetic CPython 3.12 image anchored by its python312.dll's exported _PyRuntime and
/// Py_Version (Support/WindowsTarget.cs), finds the runtime through the module list and the DLL's export table, reads
/// the image with ReadProcessMemory, and prints every thread's exact stack. Skipped, saying so, where Wine cannot run.
/// </summary>
[TestFixture]
[NonParallelizable]
internal sealed class WindowsUnderWineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private static IReadOnlyList<string> Stacks(string output) =>
        Collapsed.Parse(output.Replace("\r", "", StringComparison.Ordinal), CollapsedFormat.Normal)
            .Where(s => !s.IsBad)
            .Select(s => string.Join(";", s.Frames.Select(f => $"{f.Function} ({f.File}):{f.Line}")))
            .Distinct().Order(StringComparer.Ordinal).ToList();

    private static void AssertExactStacks(string output, WindowsTarget.Built target, string what)
    {
        List<string> expected = target.ExpectedStacks.Select(s => string.Join(";", s)).Order(StringComparer.Ordinal).ToList();
        TestContext.Out.WriteLine($"{what}: {output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length} lines; expected stacks:\n  {string.Join("\n  ", expected)}");
        Assert.That(Stacks(output), Is.EqualTo(expected), $"{what}: every sample shows one of the two threads' exact stacks, and both are seen");
    }

    [Test]
    public void Launched_under_Wine_austin_exe_samples_the_exact_stacks_of_a_synthetic_Windows_CPython()
    {
        Wine.Require();
        WindowsTarget.Built target = WindowsTarget.Get();
        string exe = WindowsTarget.AustinExe;
        TestContext.Out.WriteLine($"win-x64 austin: {exe} (published in {WindowsTarget.PublishTime.TotalSeconds:F0} s this run)");
        string samples = Path.Combine(target.Directory, "launch.txt");
        long logBefore = LogText().Length;
        ProcessResult run = Wine.Run([exe, "-i", "2ms", "-t", "20s", "-o", samples, target.Host, target.Image, "2500"], Timeout,
            environment: new Dictionary<string, string?> { ["AUSTIN_LOG"] = null, ["AUSTIN_LOG_FILE"] = null });
        TestContext.Out.WriteLine($"austin.exe ran {run.Elapsed.TotalSeconds:F1} s under Wine");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Describe());
        AssertExactStacks(File.ReadAllText(samples), target, "launch");
        string log = LogText()[(int)Math.Min(logBefore, LogText().Length)..];
        Assert.That(log, Does.Contain("austin[").And.Contain("====[ END ]===="), "the run's log, appended to %TEMP%\\austin.log as the C austin does");
    }

    /// <summary>Every austin.log under the Wine prefix's users' TEMP directories (Wine 8: drive_c/users/NAME/Temp).</summary>
    private static string LogText()
    {
        string users = Path.Combine(Wine.Prefix, "drive_c", "users");
        // Not a recursive search: a user's folders (Documents...) link back into the Linux home directory.
        return !Directory.Exists(users) ? "" : string.Concat(Directory.EnumerateDirectories(users).Order(StringComparer.Ordinal)
            .SelectMany(user => new[] { Path.Combine(user, "Temp", "austin.log"), Path.Combine(user, "AppData", "Local", "Temp", "austin.log") })
            .Where(File.Exists).Select(File.ReadAllText));
    }

    [Test]
    public void Attached_under_Wine_austin_exe_samples_the_exact_stacks_of_a_running_synthetic_Windows_CPython()
    {
        Wine.Require();
        WindowsTarget.Built target = WindowsTarget.Get();
        string exe = WindowsTarget.AustinExe;
        string pidFile = Path.Combine(target.Directory, "host.pid");
        File.Delete(pidFile);
        using RunningProcess host = Wine.Start([target.Host, target.Image, "20000", pidFile]);
        DateTime until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!(File.Exists(pidFile) && File.ReadAllText(pidFile).EndsWith('\n')) && DateTime.UtcNow < until)
            System.Threading.Thread.Sleep(50);
        Assert.That(File.Exists(pidFile), Is.True, "the host did not lay out its image within 60 s");
        string pid = File.ReadAllText(pidFile).Trim();
        string samples = Path.Combine(target.Directory, "attach.txt");
        ProcessResult run = Wine.Run([exe, "-i", "2ms", "-x", "1", "-o", samples, "-p", pid], Timeout);
        TestContext.Out.WriteLine($"austin.exe -p {pid} ran {run.Elapsed.TotalSeconds:F1} s under Wine");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Describe());
        AssertExactStacks(File.ReadAllText(samples), target, "attach");
    }
}
