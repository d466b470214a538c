// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd;

/// <summary>
/// austin-tui as a person sees it, in tmux (./build.sh test installs it): the binary started under the name
/// austin-tui on the main target, in an 80x24 window; capture-pane shows what is on the screen. One run per
/// interpreter checks the thread count, the deep thread's stack page by page, a resize and the way out.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class TuiTests : EndToEndFixture
{
    private const string Target = "main_target.py";

    public static IEnumerable<TestCaseData> Pythons27_39_313() => AccuracyTests.PeriodicCases()
        .Where(c => c.Arguments[0] is null || (int)c.Arguments[1]! == 500)
        .Select(c => c.Arguments[0] is Interpreter p ? new TestCaseData(p).SetArgDisplayNames(p.DisplayName) : c);

    [TestCaseSource(nameof(Pythons27_39_313))]
    public void The_terminal_view_shows_every_thread_pages_through_a_deep_stack_follows_a_resize_and_restores_the_screen(Interpreter python)
    {
        string oracle = ScratchPath("oracle.json");
        string link = Path.Combine(Scratch, "austin-tui");
        if (!File.Exists(link)) File.CreateSymbolicLink(link, AustinBinary.Path);
        using var tmux = new Tmux(80, 24,
            $"{Sh(link)} -i 1ms {Sh(python.Path)} {Sh(Targets.PathOf(Target))} --ready none --linger 600 --oracle {Sh(oracle)}; " +
            "echo \"austin-tui exited with $?\"; sleep 600");

        WaitFor(() => File.Exists(oracle), "the target's oracle");
        Oracle truth = Oracle.Load(oracle);
        int threads = truth.Roles.Count;
        // The version comes a moment after the threads (2.7 names it only once its runtime has been read whole).
        string version = $"Python {python.Version.Major}.{python.Version.Minor}";
        string screen = tmux.WaitForScreen(s => s.Contains($"1 process, {threads} threads") && s.Contains(version), $"{threads} threads and {version} on the screen");
        Assert.That(screen, Does.Contain("RUNNING"));

        // Down to the deep thread: 300 frames of deep() under the thread's bootstrap.
        IReadOnlyList<Frame> deep = truth.StackOf("deep");
        int n = deep.Count;
        for (int i = 0; i < threads && !tmux.Capture().Contains($" of {n} "); i++)
        {
            tmux.Keys("Down");
            Thread.Sleep(150);
        }
        screen = tmux.WaitForScreen(s => s.Contains($"frames 1-9 of {n} "), "the deep thread's first page");
        Assert.That(Line(screen, 4), Does.StartWith($"  {1.ToString().PadLeft(n.ToString().Length)} {deep[0].Function} ("));

        tmux.Keys("NPage");
        screen = tmux.WaitForScreen(s => s.Contains($"frames 10-18 of {n} "), "the second page after PgDn");
        Assert.That(Line(screen, 4).Trim(), Is.EqualTo($"10 {Describe(deep[9])}"));
        Assert.That(Line(screen, 12).Trim(), Is.EqualTo($"18 {Describe(deep[17])}"));
        tmux.Keys("PPage");
        tmux.WaitForScreen(s => s.Contains($"frames 1-9 of {n} "), "the first page again after PgUp");
        for (int i = 0; i < n / 9 + 2; i++) tmux.Keys("NPage");
        screen = tmux.WaitForScreen(s => s.Contains($"frames {n - 8}-{n} of {n} "), "the last page");
        Assert.That(Line(screen, 12).Trim(), Is.EqualTo($"{n} {Describe(deep[n - 1])}"));
        // deep() has its thread's time but for the samples taken before the thread got to it: its bootstrap in
        // threading.py, or no frame yet. A loaded machine can hold the new thread there for some milliseconds.
        Match top = Regex.Match(screen, @"\n *(\d+\.\d) +(\d+\.\d) .* deep \(main_target\.py\)");
        Assert.That(top.Success, Is.True, $"deep() in the thread's functions:\n{screen}");
        double own = double.Parse(top.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.That(own, Is.GreaterThanOrEqualTo(98.0), $"deep()'s own share:\n{screen}");
        Assert.That(double.Parse(top.Groups[2].Value, CultureInfo.InvariantCulture), Is.EqualTo(own), $"deep()'s total share is its own:\n{screen}");
        string[] others = screen.Split('\n').SkipWhile(l => !l.Contains("FUNCTION", StringComparison.Ordinal)).Skip(1)
            .Where(l => Regex.IsMatch(l, @"^ *\d+\.\d ") && !l.Contains(" deep (main_target.py)", StringComparison.Ordinal)).ToArray();
        Assert.That(others, Has.All.Contains("(threading.py)"), "the thread's other functions are its bootstrap");

        tmux.Resize(100, 30);
        screen = tmux.WaitForScreen(s => s.Split('\n')[0].TrimEnd().Length > 80 && s.Contains($"frames {n - 11}-{n} of {n} "),
            "the layout of 100x30: wider lines, 12 frames a page");
        Assert.That(screen.Split('\n')[0].TrimEnd(), Does.EndWith("RUNNING").And.Length.EqualTo(100));

        tmux.Keys("q");
        screen = tmux.WaitForScreen(s => s.Contains("austin-tui exited with 0"), "the shell's screen back after q");
        Assert.That(screen, Does.Not.Contain("RUNNING").And.Not.Contain("frames "));
    }

    [Test]
    public void Without_a_terminal_the_terminal_view_says_so_in_one_line_and_fails()
    {
        ProcessResult result = RunAustin(["--tui", "python3", "-c", "pass"]);
        Assert.That(result.ExitCode, Is.EqualTo(64), result.Describe());
        Assert.That(result.StandardError.TrimEnd().Split('\n'), Has.Length.EqualTo(1).And.Some.StartsWith("austin: austin-tui needs a terminal"));
    }

    private static string Describe(Frame frame) => $"{frame.Function} ({Path.GetFileName(frame.File)}:{frame.Line})";

    private static string Line(string screen, int row) => screen.Split('\n')[row];

    private static string Sh(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static void WaitFor(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > StartTimeout) Assert.Fail($"timed out waiting for {what}");
            Thread.Sleep(100);
        }
    }

    /// <summary>A tmux server of its own (a private socket), with one window running a shell command.</summary>
    private sealed class Tmux : IDisposable
    {
        private readonly string _socket = "austin-test-" + Guid.NewGuid().ToString("N")[..8];

        public Tmux(int columns, int rows, string command)
        {
            Run("new-session", "-d", "-s", "tui", "-x", columns.ToString(), "-y", rows.ToString(), command);
            Run("set-option", "-g", "window-size", "manual");
        }

        public string Capture() => Run("capture-pane", "-p", "-t", "tui").StandardOutput;

        public void Keys(string key) => Run("send-keys", "-t", "tui", key);

        public void Resize(int columns, int rows) => Run("resize-window", "-t", "tui", "-x", columns.ToString(), "-y", rows.ToString());

        public string WaitForScreen(Func<string, bool> condition, string what)
        {
            var clock = Stopwatch.StartNew();
            string screen = Capture();
            while (!condition(screen))
            {
                if (clock.Elapsed > StartTimeout) Assert.Fail($"timed out waiting for {what}; the screen:\n{screen}");
                Thread.Sleep(100);
                screen = Capture();
            }
            return screen;
        }

        private ProcessResult Run(params string[] arguments)
        {
            ProcessResult result = ProcessRunner.Run(["tmux", "-L", _socket, .. arguments], TimeSpan.FromSeconds(10), PythonEnvironment.Clean);
            Assert.That(result.ExitCode, Is.Zero, $"tmux is needed (./build.sh test installs it): {result.Describe()}");
            return result;
        }

        public void Dispose() => ProcessRunner.Run(["tmux", "-L", _socket, "kill-server"], TimeSpan.FromSeconds(10));
    }
}
