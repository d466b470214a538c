// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NUnit.Framework;
using NUnit.Framework.Interfaces;

namespace Austin.Tests.Support;

/// <summary>A CPython version as the interpreter reports it (<c>sys.version_info[:3]</c>).</summary>
public readonly record struct PythonVersion(int Major, int Minor, int Micro) : IComparable<PythonVersion>
{
    /// <summary>True when this version is <paramref name="major"/>.<paramref name="minor"/> or later.</summary>
    public bool AtLeast(int major, int minor) => Major > major || (Major == major && Minor >= minor);

    public int CompareTo(PythonVersion other) =>
        Major != other.Major ? Major.CompareTo(other.Major)
        : Minor != other.Minor ? Minor.CompareTo(other.Minor)
        : Micro.CompareTo(other.Micro);

    /// <summary>Parses <c>"3.11.7"</c>.</summary>
    public static PythonVersion Parse(string text)
    {
        string[] parts = text.Trim().Split('.');
        if (parts.Length != 3)
            throw new FormatException($"not a major.minor.micro version: '{text}'");
        return new PythonVersion(
            int.Parse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture),
            int.Parse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture),
            int.Parse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture));
    }

    public override string ToString() => $"{Major}.{Minor}.{Micro}";
}

/// <summary>One CPython installed on this machine.</summary>
/// <param name="DisplayName">What test names show: <c>3.11.7 pyenv</c>, <c>3.11.2 /usr/bin/python3.11</c>.</param>
/// <param name="Path">The file to execute, as found (not resolved: a pyenv <c>bin/python</c> may be a symlink).</param>
/// <param name="Version">What the interpreter itself reported, asked once at discovery.</param>
/// <param name="PyenvVersion">The name of its directory under <c>$(pyenv root)/versions</c>, the value
/// <c>PYENV_VERSION</c> takes to select it through a shim; null when pyenv did not install it.</param>
public sealed record Interpreter(string DisplayName, string Path, PythonVersion Version, string? PyenvVersion)
{
    /// <summary>A free-threaded build (<c>--disable-gil</c>, <c>Py_GIL_DISABLED</c>): another object header, no GIL.</summary>
    public bool FreeThreaded { get; init; }

    /// <summary>A debug build (<c>--with-pydebug</c>, <c>Py_DEBUG</c>: <c>sys.gettotalrefcount</c> exists).</summary>
    public bool Debug { get; init; }

    /// <summary>Built by native-tests/Support/build-cpython.sh under <see cref="Interpreters.BuiltRoot"/>.</summary>
    public bool Built { get; init; }

    public override string ToString() => DisplayName;
}

/// <summary>An interpreter discovery found but the suite does not run its tests on, and why.</summary>
public sealed record SkippedInterpreter(Interpreter Python, string Reason)
{
    public override string ToString() => $"{Python.DisplayName}: {Reason}";
}

/// <summary>
/// Finds every CPython on the machine, once per test run, and hands them to NUnit as test cases.
/// </summary>
/// <remarks>
/// Looked at: <c>$(pyenv root)/versions/*/bin/python</c> (falling back to <c>$PYENV_ROOT</c>, then
/// <c>~/.pyenv</c>, when <c>pyenv</c> is not on PATH), the builds of native-tests/Support/build-cpython.sh under
/// <c>$AUSTIN_PYTHONS</c> (default <c>/opt/austin-pythons</c>: <c>*/bin/python2.N</c>, <c>python3.N</c>, with the
/// <c>t</c>, <c>d</c> or <c>m</c> suffix of its build) and <c>/usr/bin/python2.N</c>, <c>/usr/bin/python3.N</c>.
/// Only exact <c>pythonX.Y</c> names are taken from /usr/bin: that skips the <c>-config</c> shell scripts,
/// <c>-dbg</c> debug builds (another ABI) and <c>m</c>/<c>t</c> variants. An interpreter whose real path is
/// already listed (a symlink to it) is skipped. Setting <c>AUSTIN_TEST_PYTHONS</c> to a colon-separated list
/// of interpreter paths replaces discovery, to run the suite against one or two interpreters.
/// </remarks>
public static class Interpreters
{
    /// <summary>The variable that replaces discovery with an explicit list of interpreter paths.</summary>
    public const string OverrideVariable = "AUSTIN_TEST_PYTHONS";

    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(30);

    // Exactly pythonX.Y: not python3.11-config, python3.11-dbg, python3.6m, python3.13t.
    private static readonly Regex SystemName = new(@"^python[23]\.[0-9]+$", RegexOptions.CultureInvariant);

    private static readonly Lazy<Discovery> Found = new(Discover);

    /// <summary>The variable that says where build-cpython.sh installed its interpreters (one directory each).</summary>
    public const string BuiltVariable = "AUSTIN_PYTHONS";

    /// <summary>Where build-cpython.sh's interpreters are looked for: <c>$AUSTIN_PYTHONS</c>, else /opt/austin-pythons.</summary>
    public static string BuiltRoot =>
        Environment.GetEnvironmentVariable(BuiltVariable) is { Length: > 0 } root ? root : "/opt/austin-pythons";

    // A built interpreter's own name: python3.14, python3.14t (free-threaded), python3.14d (debug), python3.4m.
    private static readonly Regex BuiltName = new(@"^python[23]\.[0-9]+[dmt]*$", RegexOptions.CultureInvariant);

    /// <summary>Every interpreter the suite tests, oldest version first (pyenv's before the others at equal versions).</summary>
    public static IReadOnlyList<Interpreter> All => Found.Value.Interpreters;

    /// <summary>Interpreters found but not tested, each with the reason.</summary>
    public static IReadOnlyList<SkippedInterpreter> Skipped => Found.Value.Skipped;

    /// <summary>
    /// A <c>TestCaseSource</c>: one case per interpreter, named after it. When none is usable, a single
    /// case that fails with the reason, so that a machine without Python can never pass silently.
    /// </summary>
    public static IEnumerable<TestCaseData> Cases() => CasesFor(Found.Value);

    internal static IEnumerable<TestCaseData> CasesFor(Discovery found)
    {
        for (int i = 0; i < found.Problems.Count; i++)
            yield return Failing($"unusable interpreter {i + 1}", found.Problems[i]);
        if (found.Interpreters.Count == 0 && found.Problems.Count == 0)
            yield return Failing("no interpreter", $"no Python interpreter found: looked in {string.Join(", ", found.Searched)}");
        foreach (Interpreter python in found.Interpreters)
            yield return new TestCaseData(python).SetArgDisplayNames(python.DisplayName);
    }

    /// <summary>
    /// A <c>TestCaseSource</c> for the statistical tests (shares, races), whose long runs say nothing more about a
    /// variant build than about the plain one of the same version: one interpreter per version and kind (with or
    /// without a GIL), the plain build (not a debug build; pyenv's, else the one named after its version alone, not
    /// Debian's static 3.11 beside pyenv's 3.11 nor a 3.14 static build beside the shared one). Every interpreter
    /// still runs the suite's other end-to-end tests.
    /// </summary>
    public static IEnumerable<TestCaseData> PlainCases() => PlainCasesFor(Found.Value);

    internal static IEnumerable<TestCaseData> PlainCasesFor(Discovery found)
    {
        var plain = found.Interpreters
            .GroupBy(p => (p.Version.Major, p.Version.Minor, p.FreeThreaded))
            .Select(g => g.OrderBy(p => p.Debug).ThenBy(p => p.PyenvVersion is null).ThenBy(p => p.DisplayName.Length).First())
            .ToHashSet();
        return CasesFor(found with { Interpreters = found.Interpreters.Where(plain.Contains).ToList() });
    }

    /// <summary>
    /// A <c>TestCaseSource</c> for tests that need pyenv's shims: the oldest and the newest pyenv interpreter
    /// (covering both the 2.x and the 3.x launchers when both are installed). Ignored when there is none.
    /// </summary>
    public static IEnumerable<TestCaseData> PyenvExtremes()
    {
        List<Interpreter> pyenv = All.Where(python => python.PyenvVersion is not null).ToList();
        if (pyenv.Count == 0)
        {
            yield return new TestCaseData((object?)null).SetArgDisplayNames("no pyenv interpreter").Ignore("no interpreter installed by pyenv on this machine");
            yield break;
        }
        foreach (Interpreter python in new[] { pyenv[0], pyenv[^1] }.Distinct())
            yield return new TestCaseData(python).SetArgDisplayNames(python.DisplayName);
    }

    /// <summary>The pyenv root: what <c>pyenv root</c> prints, else <c>$PYENV_ROOT</c>, else <c>~/.pyenv</c>.</summary>
    public static string PyenvRoot() => Root.Value;

    private static readonly Lazy<string> Root = new(FindPyenvRoot);

    private static string FindPyenvRoot()
    {
        try
        {
            ProcessResult result = ProcessRunner.Run(["pyenv", "root"], QueryTimeout);
            string root = result.StandardOutput.Trim();
            if (result.ExitCode == 0 && root.Length > 0)
                return root;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or TimeoutException)
        {
            // pyenv is not on PATH (or hangs): fall back to where it would keep its versions.
        }
        string? variable = Environment.GetEnvironmentVariable("PYENV_ROOT");
        if (!string.IsNullOrEmpty(variable))
            return variable;
        return System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".pyenv");
    }

    // A case that NUnit reports as failed, with the reason, without calling the test method.
    private static TestCaseData Failing(string name, string reason)
    {
        var data = new TestCaseData((object?)null).SetArgDisplayNames(name);
        data.RunState = RunState.NotRunnable;
        data.Properties.Set(NUnit.Framework.Internal.PropertyNames.SkipReason, reason);
        return data;
    }

    /// <summary>What discovery found: usable interpreters, candidates that failed (each becomes a failing case),
    /// and where it looked (for the message when nothing is found).</summary>
    internal sealed record Discovery(IReadOnlyList<Interpreter> Interpreters, IReadOnlyList<string> Problems, IReadOnlyList<string> Searched)
    {
        public IReadOnlyList<SkippedInterpreter> Skipped { get; init; } = [];
    }

    private sealed record Candidate(string Path, string? PyenvVersion, bool Built = false);

    /// <summary>What the interpreter says of itself.</summary>
    private sealed record Answer(PythonVersion Version, string RealPath, bool FreeThreaded, bool Debug);

    private static Discovery Discover()
    {
        var problems = new List<string>();
        var searched = new List<string>();
        List<Candidate> candidates = Candidates(problems, searched);

        var found = new List<(Interpreter Python, string RealPath)>();
        var skipped = new List<SkippedInterpreter>();
        foreach (Candidate candidate in candidates)
        {
            Answer? answer = Query(candidate.Path, problems);
            if (answer is null)
                continue;
            if (found.Any(known => known.RealPath == answer.RealPath))
                continue; // a symlink to an interpreter already listed
            var python = new Interpreter(DisplayName(candidate, answer), candidate.Path, answer.Version, candidate.PyenvVersion)
            {
                FreeThreaded = answer.FreeThreaded, Debug = answer.Debug, Built = candidate.Built,
            };
            if (NotTested(python) is { } reason)
                skipped.Add(new SkippedInterpreter(python, reason));
            else
                found.Add((python, answer.RealPath));
        }

        List<Interpreter> ordered = found
            .Select(entry => entry.Python)
            .OrderBy(python => python.Version)
            .ThenBy(python => python.PyenvVersion is null)
            .ThenBy(python => python.Path, StringComparer.Ordinal)
            .ToList();
        return new Discovery(ordered, problems, searched) { Skipped = skipped };
    }

    /// <summary>
    /// Why the whole suite does not run on <paramref name="python"/> (null: it does): austin refuses that build by
    /// design, and only the tests of that refusal run on it (they take <see cref="Skipped"/>).
    /// </summary>
    private static string? NotTested(Interpreter python) => RefusalOf(python);

    /// <summary>Why austin refuses to sample <paramref name="python"/>, or null when it samples it.</summary>
    public static string? RefusalOf(Interpreter python) =>
        python.Debug && !python.Version.AtLeast(3, 8)
            ? "a debug build of 3.7 or older traces references (Py_TRACE_REFS), which austin refuses (DebugBuildTests checks the error)"
            : null;

    private static List<Candidate> Candidates(List<string> problems, List<string> searched)
    {
        var candidates = new List<Candidate>();
        string? explicitList = Environment.GetEnvironmentVariable(OverrideVariable);
        if (!string.IsNullOrWhiteSpace(explicitList))
        {
            searched.Add($"{OverrideVariable}={explicitList}");
            foreach (string path in explicitList.Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (File.Exists(path))
                    candidates.Add(new Candidate(path, null));
                else
                    problems.Add($"{OverrideVariable} names {path}, which does not exist");
            }
            return candidates;
        }

        string versions = System.IO.Path.Combine(PyenvRoot(), "versions");
        searched.Add(System.IO.Path.Combine(versions, "*", "bin", "python"));
        if (Directory.Exists(versions))
        {
            foreach (string directory in Directory.GetDirectories(versions).Order(StringComparer.Ordinal))
            {
                string python = System.IO.Path.Combine(directory, "bin", "python");
                if (File.Exists(python))
                    candidates.Add(new Candidate(python, System.IO.Path.GetFileName(directory)));
            }
        }

        string built = BuiltRoot;
        searched.Add(System.IO.Path.Combine(built, "*", "bin", "python[23].N[dmt]"));
        candidates.AddRange(BuiltInterpreters(built, problems).Select(python => new Candidate(python, null, Built: true)));

        searched.Add("/usr/bin/python2.*, /usr/bin/python3.*");
        if (Directory.Exists("/usr/bin"))
        {
            foreach (string python in Directory.GetFiles("/usr/bin", "python*").Order(StringComparer.Ordinal))
            {
                if (SystemName.IsMatch(System.IO.Path.GetFileName(python)))
                    candidates.Add(new Candidate(python, null));
            }
        }
        return candidates;
    }

    /// <summary>
    /// The interpreter of each build under <paramref name="root"/> (one directory per build, as build-cpython.sh
    /// installs them); a directory without one is a problem, named.
    /// </summary>
    internal static IReadOnlyList<string> BuiltInterpreters(string root, List<string> problems)
    {
        var found = new List<string>();
        if (!Directory.Exists(root)) return found;
        foreach (string directory in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            string bin = System.IO.Path.Combine(directory, "bin");
            // The longest name is the build's own (python3.14t beside its python3.14 alias, python3.4m beside python3.4).
            string? python = !Directory.Exists(bin) ? null : Directory.GetFiles(bin, "python*")
                .Where(path => BuiltName.IsMatch(System.IO.Path.GetFileName(path)))
                .OrderByDescending(path => path.Length).ThenBy(path => path, StringComparer.Ordinal).FirstOrDefault();
            if (python is not null)
                found.Add(python);
            else
                problems.Add($"{directory} holds no interpreter (bin/python2.N or bin/python3.N): a build of build-cpython.sh that did not finish?");
        }
        return found;
    }

    // Asks the interpreter its version, its real path (symlinks resolved) and its build, in one run (from 2.6 on).
    private static Answer? Query(string path, List<string> problems)
    {
        const string Script =
            "import os, sys, sysconfig; sys.stdout.write('%d.%d.%d\\n%s\\n%d%d\\n' % (sys.version_info[:3] + " +
            "(os.path.realpath(sys.executable or sys.argv[0]), bool(sysconfig.get_config_var('Py_GIL_DISABLED')), hasattr(sys, 'gettotalrefcount'))))";
        try
        {
            ProcessResult result = ProcessRunner.Run([path, "-c", Script], QueryTimeout, PythonEnvironment.Clean);
            string[] lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (result.ExitCode != 0 || lines.Length != 3 || lines[2].Length != 2)
            {
                problems.Add($"{path} did not report its version: {result.Describe()}");
                return null;
            }
            return new Answer(PythonVersion.Parse(lines[0]), lines[1], lines[2][0] == '1', lines[2][1] == '1');
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or TimeoutException or FormatException)
        {
            problems.Add($"{path} did not report its version: {e.Message}");
            return null;
        }
    }

    private static string DisplayName(Candidate candidate, Answer answer)
    {
        PythonVersion version = answer.Version;
        if (candidate.Built)
        {
            // 3.14.7t built, 3.14.7d built: the build's kind in the name, as CPython suffixes its executables; the
            // directory when it says more (3.14.7 built 3.14.7-static).
            string name = $"{version}{(answer.FreeThreaded ? "t" : "")}{(answer.Debug ? "d" : "")}";
            string directory = System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(System.IO.Path.GetDirectoryName(candidate.Path)))!;
            return directory == name ? $"{name} built" : $"{name} built {directory}";
        }
        if (candidate.PyenvVersion is null)
            return $"{version} {candidate.Path}";
        // A pyenv directory named after something else (a virtualenv, "system") keeps its name visible.
        return candidate.PyenvVersion == version.ToString() ? $"{version} pyenv" : $"{version} pyenv {candidate.PyenvVersion}";
    }
}

/// <summary>The environment every Python process of the tests runs with.</summary>
public static class PythonEnvironment
{
    /// <summary>
    /// Overrides that make a target behave the same on every machine: no bytecode files in the test
    /// directory (shared by a dozen versions), a UTF-8 locale so that 3.6 can import a module with a
    /// non-ASCII file name, and none of the user's variables that redirect an interpreter's library or
    /// select a pyenv version.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Clean { get; } = new Dictionary<string, string?>
    {
        ["PYTHONDONTWRITEBYTECODE"] = "1",
        ["LC_ALL"] = "C.UTF-8",
        ["PYTHONHOME"] = null,
        ["PYTHONPATH"] = null,
        ["PYTHONSTARTUP"] = null,
        ["PYTHONWARNINGS"] = null,
        ["PYENV_VERSION"] = null,
    };

    /// <summary><see cref="Clean"/> plus the given overrides (a null value removes the variable).</summary>
    public static IReadOnlyDictionary<string, string?> With(params (string Name, string? Value)[] overrides)
    {
        var environment = new Dictionary<string, string?>(Clean);
        foreach ((string name, string? value) in overrides)
            environment[name] = value;
        return environment;
    }
}
