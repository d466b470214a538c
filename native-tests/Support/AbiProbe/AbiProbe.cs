// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using NUnit.Framework;

namespace Austin.Tests.Support;

/// <summary>How probing one interpreter's headers went: measured, skipped (no headers), or failed.</summary>
/// <param name="Python">The interpreter.</param>
/// <param name="Headers">What its headers say; null when skipped or failed.</param>
/// <param name="Skipped">Why there was nothing to measure (its headers are not installed); null otherwise.</param>
/// <param name="Failure">What went wrong with headers that are there; null otherwise.</param>
public sealed record AbiProbeResult(Interpreter Python, HeaderLayout? Headers, string? Skipped, string? Failure);

/// <summary>
/// Compiles abi_probe.c (beside this file) against the headers of every interpreter found by
/// <see cref="Interpreters"/>, runs it, and keeps what it printed, with what asyncio_probe.py measures in the running
/// interpreter (3.11+) of the structs no header has. Done once per test run, every interpreter
/// in parallel, when a test first asks.
/// </summary>
public static class AbiProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static readonly Lazy<(IReadOnlyList<AbiProbeResult> Results, TimeSpan Elapsed)> Probed = new(ProbeAll);

    /// <summary>One result per interpreter found, in the order of <see cref="Interpreters.All"/>.</summary>
    public static IReadOnlyList<AbiProbeResult> All => Probed.Value.Results;

    /// <summary>How long probing every interpreter took.</summary>
    public static TimeSpan Elapsed => Probed.Value.Elapsed;

    /// <summary>The result for one interpreter.</summary>
    public static AbiProbeResult For(Interpreter python) => All.First(result => result.Python == python);

    /// <summary>
    /// What the headers of <paramref name="python"/> say. Ignores the calling test, naming the interpreter, when
    /// its headers are not installed; fails it when they are there but could not be measured.
    /// </summary>
    public static HeaderLayout HeadersOf(Interpreter python)
    {
        AbiProbeResult result = For(python);
        if (result.Skipped is not null)
            Assert.Ignore(result.Skipped);
        if (result.Failure is not null)
            Assert.Fail(result.Failure);
        return result.Headers!;
    }

    /// <summary>The C compiler: <c>$CC</c>, else <c>cc</c>.</summary>
    public static string Compiler => Environment.GetEnvironmentVariable("CC") is { Length: > 0 } cc ? cc : "cc";

    private static (IReadOnlyList<AbiProbeResult>, TimeSpan) ProbeAll()
    {
        var clock = Stopwatch.StartNew();
        string source = Path.Combine(Repo.Root(), "native-tests", "Support", "AbiProbe", "abi_probe.c");
        IReadOnlyList<Interpreter> pythons = Interpreters.All;
        var results = new AbiProbeResult[pythons.Count];
        // One compiler per core: a compile takes a fraction of a second, so this is a few seconds in all.
        Parallel.For(0, pythons.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            i => results[i] = Probe(pythons[i], source));
        return (results, clock.Elapsed);
    }

    private static AbiProbeResult Probe(Interpreter python, string source)
    {
        string directory = Path.Combine(Path.GetTempPath(), "austin-abi-probe-" + Guid.NewGuid().ToString("N"));
        try
        {
            string? include = IncludeDirectory(python, out string? problem);
            if (include is null)
                return new AbiProbeResult(python, null, null, problem);
            if (!File.Exists(Path.Combine(include, "Python.h")))
                return new AbiProbeResult(python, null, $"{python}: no headers (no Python.h in {include})", null);

            Directory.CreateDirectory(directory);
            string probe = Path.Combine(directory, "abi_probe");
            ProcessResult compile = ProcessRunner.Run([Compiler, "-std=gnu11", "-I" + include, "-o", probe, source], Timeout);
            if (compile.ExitCode != 0)
                return new AbiProbeResult(python, null, null, $"{python}: abi_probe.c does not compile against {include}:\n{compile.Describe()}");

            ProcessResult run = ProcessRunner.Run([probe], Timeout);
            if (run.ExitCode != 0)
                return new AbiProbeResult(python, null, null, $"{python}: the probe failed:\n{run.Describe()}");
            string rows = run.StandardOutput;
            if (python.Version.AtLeast(3, 11) && !python.Version.AtLeast(3, 14) && !python.FreeThreaded)
            {
                // The structs private to _asyncio (read on 3.11-3.13 release builds) have no header: the interpreter measures them itself.
                string script = Path.Combine(Path.GetDirectoryName(source)!, "asyncio_probe.py");
                ProcessResult measured = ProcessRunner.Run([python.Path, script], Timeout, PythonEnvironment.Clean);
                if (measured.ExitCode != 0)
                    return new AbiProbeResult(python, null, null, $"{python}: asyncio_probe.py failed:\n{measured.Describe()}");
                rows += measured.StandardOutput;
            }
            HeaderLayout headers = HeaderLayout.Parse(rows);
            // A pre-release's headers say 3.15.0rc1 where the interpreter's version_info[:3] is 3.15.0.
            if (string.Concat(headers.Version.TakeWhile(c => char.IsAsciiDigit(c) || c == '.')) != python.Version.ToString())
                return new AbiProbeResult(python, null, null, $"{python}: the headers in {include} are those of {headers.Version}");
            return new AbiProbeResult(python, headers, null, null);
        }
        catch (Win32Exception e)
        {
            return new AbiProbeResult(python, null, null, $"{python}: a process of the probe could not start (is the C compiler '{Compiler}' installed?): {e.Message}");
        }
        catch (Exception e) when (e is TimeoutException or FormatException)
        {
            return new AbiProbeResult(python, null, null, $"{python}: {e.Message}");
        }
        finally
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
    }

    // Where the interpreter itself says its headers are (sysconfig knows on 2.7 too).
    private static string? IncludeDirectory(Interpreter python, out string? problem)
    {
        ProcessResult result = ProcessRunner.Run(
            [python.Path, "-c", "import sys, sysconfig; sys.stdout.write(sysconfig.get_paths()['include'])"],
            Timeout, PythonEnvironment.Clean);
        string include = result.StandardOutput.Trim();
        problem = result.ExitCode == 0 && include.Length > 0 ? null : $"{python}: sysconfig did not say where its headers are:\n{result.Describe()}";
        return problem is null ? include : null;
    }
}
