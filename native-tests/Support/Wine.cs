// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.IO;
using System.Linq;
using NUnit.Framework;

namespace Austin.Tests.Support;

/// <summary>
/// Windows programs on this Linux machine: the MinGW-w64 cross compiler builds them, Wine runs them. One Wine prefix
/// and one wineserver serve the whole test run: a new prefix takes 10-20 s to create and a wineserver seconds to
/// start, while a program started beside a running server takes a fraction of a second. <c>./build.sh test</c>
/// installs both (Debian's <c>wine</c> and <c>mingw-w64</c>); where either is missing or Wine cannot start, the tests
/// that need them are skipped, each saying why, on the console as well as in the results.
/// </summary>
public static class Wine
{
    /// <summary>The variable that names the Wine prefix to use instead of the tests' own.</summary>
    public const string PrefixVariable = "AUSTIN_WINEPREFIX";

    /// <summary>The MinGW-w64 C compiler for x86-64 Windows.</summary>
    public const string Compiler = "x86_64-w64-mingw32-gcc";

    private static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(3);

    private static readonly Lazy<string?> Unavailable = new(Boot);

    /// <summary>
    /// The prefix: <c>$AUSTIN_WINEPREFIX</c>, else one kept under the user's cache directory, so that only the first
    /// test run of a machine pays for creating it.
    /// </summary>
    public static string Prefix =>
        Environment.GetEnvironmentVariable(PrefixVariable) is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "austin-tests", "wine-prefix");

    /// <summary>
    /// What Wine's processes get: the prefix, no debug channels (Wine's "fixme" lines would mix with what the programs
    /// write), and no Mono or Gecko (whose installers a new prefix would otherwise offer to download).
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Variables => new Dictionary<string, string?>
    {
        ["WINEPREFIX"] = Prefix,
        ["WINEDEBUG"] = "-all",
        ["WINEDLLOVERRIDES"] = "mscoree,mshtml=",
        ["DISPLAY"] = null,
        ["WAYLAND_DISPLAY"] = null,
    };

    /// <summary>Null when Wine and MinGW-w64 are ready; else why not, for the message of a skipped test.</summary>
    public static string? WhyUnavailable => Unavailable.Value;

    /// <summary>Null when MinGW-w64 can compile (Wine not needed: the program is only read); else why not.</summary>
    public static string? WhyNoCompiler =>
        OnPath(Compiler) ? null : $"'{Compiler}' is not installed (Debian's package mingw-w64; ./build.sh test installs it when it runs as root)";

    /// <summary>Skips the calling test, loudly, when Windows programs cannot be built or run here.</summary>
    public static void Require()
    {
        if (WhyUnavailable is not string why) return;
        string message = $"SKIPPED, Windows is not tested here: {why}";
        TestContext.Progress.WriteLine(message);
        Assert.Ignore(message);
    }

    /// <summary>
    /// Runs a Windows program (a Linux path to an .exe, then its arguments) under Wine to completion. Its output goes
    /// through files, not pipes: the first program of a Wine session starts Wine's own services (services.exe,
    /// winedevice.exe...), which inherit its descriptors and outlive it, and a pipe they hold never closes.
    /// </summary>
    public static ProcessResult Run(IReadOnlyList<string> command, TimeSpan timeout, string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        string directory = Directory.CreateTempSubdirectory("austin-wine-run-").FullName;
        try
        {
            string stdout = Path.Combine(directory, "out"), stderr = Path.Combine(directory, "err");
            var variables = new Dictionary<string, string?>(Variables);
            foreach (KeyValuePair<string, string?> kv in environment ?? new Dictionary<string, string?>()) variables[kv.Key] = kv.Value;
            ProcessResult result = ProcessRunner.Run(
                ["sh", "-c", "out=$1 err=$2; shift 2; exec wine \"$@\" </dev/null >\"$out\" 2>\"$err\"", "sh", stdout, stderr, .. command],
                timeout, variables, workingDirectory);
            return result with
            {
                Command = ["wine", .. command],
                StandardOutput = File.ReadAllText(stdout),
                StandardError = File.ReadAllText(stderr) + result.StandardError,
            };
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// Starts a Windows program under Wine, its output discarded (see <see cref="Run"/>: pipes would be held open);
    /// the caller waits for it or disposes of it.
    /// </summary>
    public static RunningProcess Start(IReadOnlyList<string> command, string? workingDirectory = null) =>
        RunningProcess.Start(["sh", "-c", "exec wine \"$@\" </dev/null >/dev/null 2>&1", "sh", .. command], Variables, workingDirectory);

    /// <summary>The path under which Windows programs in Wine see a file of this machine (drive Z: is the root).</summary>
    public static string WindowsPath(string path) => "Z:" + Path.GetFullPath(path).Replace('/', '\\');

    /// <summary>Compiles C sources into a Windows executable or DLL; fails the test with the compiler's words when it cannot.</summary>
    public static void CompileC(IReadOnlyList<string> arguments)
    {
        ProcessResult result = ProcessRunner.Run([Compiler, .. arguments], TimeSpan.FromMinutes(2));
        if (result.ExitCode != 0)
            Assert.Fail($"MinGW-w64 could not compile:\n{result.Describe()}");
    }

    private static string? Boot()
    {
        foreach ((string tool, string package) in new[] { ("wine", "wine"), ("wineserver", "wine"), (Compiler, "mingw-w64") })
            if (!OnPath(tool))
                return $"'{tool}' is not installed (Debian's package {package}; ./build.sh test installs it when it runs as root)";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Prefix)!);
            // A persistent server (-p: it stays 120 s after its last client) spares every later program its start.
            // It forks into the background: its output goes nowhere, or the runner would wait for the pipe to close.
            ProcessRunner.Run(["sh", "-c", "wineserver -p120 </dev/null >/dev/null 2>&1"], TimeSpan.FromSeconds(30), Variables);
            ProcessResult boot = Run(["cmd", "/c", "echo", "wine-ready"], BootTimeout);
            if (boot.ExitCode != 0 || !boot.StandardOutput.Contains("wine-ready", StringComparison.Ordinal))
                return $"Wine cannot run a program in the prefix {Prefix}:\n{boot.Describe()}";
            return null;
        }
        catch (Exception e) when (e is TimeoutException or Win32Exception or IOException or UnauthorizedAccessException)
        {
            return $"Wine could not start in the prefix {Prefix}: {e.Message}";
        }
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, tool)));
}
