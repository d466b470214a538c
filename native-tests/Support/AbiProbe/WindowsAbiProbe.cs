// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace Austin.Tests.Support;

/// <summary>What the headers of one CPython minor version say once compiled for Windows x64, or why they could not be measured.</summary>
/// <param name="Source">Where the headers came from, for messages.</param>
public sealed record WindowsProbeResult(string Version, string Source, HeaderLayout? Headers, string? Failure);

/// <summary>
/// abi_probe.c compiled for Windows x64 with MinGW-w64 and run under Wine: the LLP64 layouts (long is 4 bytes, the
/// GIL's locks are a CRITICAL_SECTION and an emulated condition variable) measured in the headers themselves. No
/// Windows CPython is at hand here, so the headers are the installed interpreters' own include directories (3.8+:
/// their internal headers are installed), with windows_pyconfig.h in place of their Linux pyconfig.h. CPython source
/// trees (Include/ and PC/pyconfig.h, one directory each) named in <c>AUSTIN_WINDOWS_CPYTHON_SOURCES</c> (separated by
/// ':') are measured too, with their own PC/pyconfig.h: that is how versions without an interpreter here (3.14) are
/// checked, and how windows_pyconfig.h is checked against the real one. Done once per test run, when a test first asks.
/// </summary>
public static class WindowsAbiProbe
{
    public const string SourcesVariable = "AUSTIN_WINDOWS_CPYTHON_SOURCES";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private static readonly Lazy<(IReadOnlyList<WindowsProbeResult>, TimeSpan)> Probed = new(ProbeAll);

    /// <summary>One result per minor version of the installed interpreters from 3.8, then one per source tree.</summary>
    public static IReadOnlyList<WindowsProbeResult> All => Probed.Value.Item1;

    public static TimeSpan Elapsed => Probed.Value.Item2;

    private static string Here => Path.Combine(Repo.Root(), "native-tests", "Support", "AbiProbe");

    private static (IReadOnlyList<WindowsProbeResult>, TimeSpan) ProbeAll()
    {
        var clock = Stopwatch.StartNew();
        if (Wine.WhyUnavailable is not null) return ([], clock.Elapsed);
        var jobs = new List<(string Version, string Source, string[] Includes)>();
        foreach (Interpreter python in Interpreters.All.Where(p => p.Version.AtLeast(3, 8)).GroupBy(p => (p.Version.Major, p.Version.Minor)).Select(g => g.First()))
        {
            string? include = IncludeDirectory(python);
            if (include is not null && File.Exists(Path.Combine(include, "Python.h")))
                jobs.Add((python.Version.ToString(), $"{python}'s headers with windows_pyconfig.h", [include]));
        }
        foreach (string tree in (Environment.GetEnvironmentVariable(SourcesVariable) ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            jobs.Add(("source", $"{tree} (PC/pyconfig.h)", [Path.Combine(tree, "Include"), Path.Combine(tree, "PC")]));
            jobs.Add(("source", $"{tree} with windows_pyconfig.h", [Path.Combine(tree, "Include")]));
        }
        var results = new WindowsProbeResult[jobs.Count];
        // MinGW compiles in parallel; Wine runs the probes one after another beside one wineserver.
        var executables = new string?[jobs.Count];
        var failures = new string?[jobs.Count];
        string work = Directory.CreateTempSubdirectory("austin-windows-abi-").FullName;
        try
        {
            Parallel.For(0, jobs.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                i => executables[i] = Compile(jobs[i].Includes, jobs[i].Source.EndsWith("windows_pyconfig.h", StringComparison.Ordinal), Path.Combine(work, $"probe{i}"), out failures[i]));
            for (int i = 0; i < jobs.Count; i++)
                results[i] = executables[i] is string exe ? Run(jobs[i].Version, jobs[i].Source, exe) : new WindowsProbeResult(jobs[i].Version, jobs[i].Source, null, failures[i]);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
        return (results, clock.Elapsed);
    }

    private static string? Compile(string[] includes, bool shim, string directory, out string? failure)
    {
        failure = null;
        Directory.CreateDirectory(directory);
        var arguments = new List<string> { "-std=gnu11", "-w" };
        if (shim)
        {
            // Python.h includes "pyconfig.h" from its own directory first: the installed one must be out of the way,
            // so the include directory is copied without it.
            string copy = Path.Combine(directory, "include");
            CopyTree(includes[0], copy);
            File.Copy(Path.Combine(Here, "windows_pyconfig.h"), Path.Combine(copy, "pyconfig.h"), overwrite: true);
            arguments.Add("-I" + copy);
        }
        else
        {
            arguments.AddRange(includes.Select(i => "-I" + i));
        }
        string exe = Path.Combine(directory, "abi_probe.exe");
        arguments.AddRange(["-o", exe, Path.Combine(Here, "abi_probe.c")]);
        try
        {
            ProcessResult compile = ProcessRunner.Run([Wine.Compiler, .. arguments], Timeout);
            if (compile.ExitCode == 0) return exe;
            failure = $"abi_probe.c does not compile for Windows against {string.Join(", ", includes)}:\n{compile.Describe()}";
        }
        catch (Exception e) when (e is TimeoutException or Win32Exception)
        {
            failure = $"MinGW-w64 failed: {e.Message}";
        }
        return null;
    }

    private static WindowsProbeResult Run(string version, string source, string exe)
    {
        try
        {
            ProcessResult run = Wine.Run([exe], Timeout);
            if (run.ExitCode != 0) return new WindowsProbeResult(version, source, null, $"the probe failed under Wine:\n{run.Describe()}");
            // The C runtime of Windows writes text with CRLF.
            HeaderLayout headers = HeaderLayout.Parse(run.StandardOutput.Replace("\r", "", StringComparison.Ordinal));
            return new WindowsProbeResult(version == "source" ? headers.Version : version, source, headers, null);
        }
        catch (Exception e) when (e is TimeoutException or FormatException or Win32Exception)
        {
            return new WindowsProbeResult(version, source, null, e.Message);
        }
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.EnumerateFiles(from, "*.h", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static string? IncludeDirectory(Interpreter python)
    {
        ProcessResult result = ProcessRunner.Run(
            [python.Path, "-c", "import sys, sysconfig; sys.stdout.write(sysconfig.get_paths()['include'])"], Timeout, PythonEnvironment.Clean);
        return result.ExitCode == 0 && result.StandardOutput.Trim().Length > 0 ? result.StandardOutput.Trim() : null;
    }
}
