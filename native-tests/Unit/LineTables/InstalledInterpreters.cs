// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Austin.Tests.Unit.LineTables;

/// <summary>A CPython found on this machine: its executable and, for pyenv builds, its prefix.</summary>
internal sealed record InstalledInterpreter(string Executable, string? PyenvPrefix, int Major, int Minor, string Label)
{
    public override string ToString() => Label;
}

/// <summary>
/// The interpreters the unit tests read tables and binaries from: every <c>$(pyenv root)/versions/*/bin/python</c>
/// and every <c>/usr/bin/python3.N</c>. Kept private to the decoder tests; the shared discovery of the
/// end-to-end tests lives in Support/.
/// </summary>
internal static partial class InstalledInterpreters
{
    private static readonly Lazy<IReadOnlyList<InstalledInterpreter>> s_all = new(Discover);

    public static IReadOnlyList<InstalledInterpreter> All => s_all.Value;

    [GeneratedRegex(@"^(\d+)\.(\d+)\.\d+$")]
    private static partial Regex PyenvVersion();

    [GeneratedRegex(@"^python(\d+)\.(\d+)$")]
    private static partial Regex SystemPython();

    private static List<InstalledInterpreter> Discover()
    {
        var found = new List<InstalledInterpreter>();
        string? root = PyenvRoot();
        if (root is not null && Directory.Exists(Path.Combine(root, "versions")))
        {
            foreach (string prefix in Directory.GetDirectories(Path.Combine(root, "versions")).Order(StringComparer.Ordinal))
            {
                string name = Path.GetFileName(prefix);
                Match m = PyenvVersion().Match(name);
                string exe = Path.Combine(prefix, "bin", "python");
                if (m.Success && File.Exists(exe))
                    found.Add(new InstalledInterpreter(exe, prefix, int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value), "pyenv " + name));
            }
        }
        if (Directory.Exists("/usr/bin"))
        {
            foreach (string exe in Directory.GetFiles("/usr/bin", "python3.*").Order(StringComparer.Ordinal))
            {
                Match m = SystemPython().Match(Path.GetFileName(exe));
                if (m.Success)
                    found.Add(new InstalledInterpreter(exe, null, int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value), exe));
            }
        }
        return found;
    }

    /// <summary><c>$PYENV_ROOT</c>, else what <c>pyenv root</c> says, else <c>~/.pyenv</c>.</summary>
    private static string? PyenvRoot()
    {
        string? env = Environment.GetEnvironmentVariable("PYENV_ROOT");
        if (!string.IsNullOrEmpty(env))
            return env;
        try
        {
            var psi = new ProcessStartInfo("pyenv", "root") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using Process? p = Process.Start(psi);
            if (p is not null)
            {
                string output = p.StandardOutput.ReadToEnd().Trim();
                if (p.WaitForExit(10_000) && p.ExitCode == 0 && output.Length > 0)
                    return output;
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // pyenv is not on PATH.
        }
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return home.Length > 0 ? Path.Combine(home, ".pyenv") : null;
    }
}
