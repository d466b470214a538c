// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd;

/// <summary>
/// Looking at processes from the outside, through /proc, and signalling them: what the error, signal and race
/// tests need to check that austin left no child behind and did not touch its target.
/// </summary>
public static partial class ProcessProbe
{
    public const int SIGINT = 2;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    /// <summary>Sends signal <paramref name="signal"/> to process <paramref name="pid"/>; fails the test if it cannot.</summary>
    public static void Signal(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
            Assert.Fail($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>
    /// The state letter of /proc/PID/stat (R, S, D, T, Z...), or null when there is no such process, not even a
    /// zombie: it has exited and been reaped.
    /// </summary>
    public static char? State(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            int paren = stat.LastIndexOf(')');
            return paren >= 0 && paren + 2 < stat.Length ? stat[paren + 2] : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>True when <paramref name="pid"/> runs and is not a zombie or stopped.</summary>
    public static bool IsAlive(int pid) => State(pid) is char state && state != 'Z' && state != 'X' && state != 'T' && state != 't';

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for <paramref name="pid"/> to be gone (exited and reaped); true when it
    /// is. A zombie is not gone: somebody still owes it a wait().
    /// </summary>
    public static bool WaitUntilGone(int pid, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (State(pid) is not null)
        {
            if (clock.Elapsed > timeout)
                return false;
            Thread.Sleep(20);
        }
        return true;
    }

    /// <summary>A description for messages: state and command line, or "gone".</summary>
    public static string Describe(int pid)
    {
        char? state = State(pid);
        return state is null ? $"process {pid}: gone" : $"process {pid}: state {state}, command line '{CommandLine(pid)}'";
    }

    /// <summary>Processes whose command line contains <paramref name="argument"/> as one whole argument.</summary>
    public static IReadOnlyList<int> WithArgument(string argument)
    {
        var found = new List<int>();
        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out int pid) || pid == Environment.ProcessId)
                continue;
            string? commandLine = CommandLine(pid);
            if (commandLine is not null && commandLine.Split('\0').Contains(argument))
                found.Add(pid);
        }
        return found;
    }

    /// <summary>A process id that no process has now (that of a process that has just exited).</summary>
    public static int UnusedPid()
    {
        for (int attempt = 0; attempt < 10; attempt++)
        {
            using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
            process.WaitForExit();
            int pid = process.Id;
            if (State(pid) is null)
                return pid;
        }
        Assert.Fail("could not find an unused process id");
        return 0;
    }

    /// <summary>Waits until <paramref name="path"/> exists (a target's oracle, written by rename); fails after <paramref name="timeout"/>.</summary>
    public static void WaitForFile(string path, TimeSpan timeout, Func<string>? describe = null)
    {
        var clock = Stopwatch.StartNew();
        while (!File.Exists(path))
        {
            if (clock.Elapsed > timeout)
                Assert.Fail($"{path} did not appear within {timeout.TotalSeconds:F0}s" + (describe is null ? "" : "\n" + describe()));
            Thread.Sleep(20);
        }
    }

    /// <summary>Waits until the file at <paramref name="path"/> contains <paramref name="text"/>; fails after <paramref name="timeout"/>.</summary>
    public static void WaitForText(string path, string text, TimeSpan timeout, Func<string>? describe = null)
    {
        var clock = Stopwatch.StartNew();
        while (!(File.Exists(path) && File.ReadAllText(path).Contains(text, StringComparison.Ordinal)))
        {
            if (clock.Elapsed > timeout)
                Assert.Fail($"'{text}' did not appear in {path} within {timeout.TotalSeconds:F0}s" + (describe is null ? "" : "\n" + describe()));
            Thread.Sleep(20);
        }
    }

    private static string? CommandLine(int pid)
    {
        try
        {
            return Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/cmdline")).TrimEnd('\0');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}

/// <summary>Assertions on austin's standard error.</summary>
public static class StandardError
{
    /// <summary>Asserts that <paramref name="stderr"/> shows no .NET stack trace and no internal error (spec §5).</summary>
    public static void HasNoStackTrace(string stderr)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(stderr, Does.Not.Contain("   at "), "a .NET stack trace on stderr");
            Assert.That(stderr, Does.Not.Contain("Unhandled exception"), "an unhandled .NET exception on stderr");
            Assert.That(stderr, Does.Not.Contain("internal error"), "austin reported a bug of its own");
        }
    }
}
