// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Austin.Output;
using Austin.Samples;

namespace Austin.Live.Tui;

/// <summary>The figures of the header line: how long and how fast sampling has gone.</summary>
internal readonly record struct TuiFigures(double Seconds, double StacksPerSecond, double RecentSeconds, string State)
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(TuiFigures);
}

/// <summary>
/// Lays out one screen of the terminal view as lines of exactly <c>columns</c> characters: a pure function of the
/// snapshot and the state, so that it is tested without a terminal.
/// <code>
/// austin-tui  python3 app.py                                    Python 3.13.0 RUNNING
/// 12.3 s  24,567 stacks (1,998/s)  1 process, 3 threads  wall time
/// Thread 2/3  0x7f3a2b4c5700 (pid 1234)                     Up/Down: other thread
/// Current stack, outermost first: frames 1-9 of 303                PgUp/PgDn
///     1 _bootstrap (threading.py:1012)
/// ...
///  OWN% TOTAL%   OWN% TOTAL%  (last 5 s)  FUNCTION
/// ...
/// q quit  Up/Down thread  PgUp/PgDn stack  p pause  s save  r sort by last 5 s
/// </code>
/// </summary>
internal static class TuiView
{
    public const int MinColumns = 40, MinRows = 10;

    /// <summary>Rows of the layout that are not the stack or the top table: header (3), the two pane headings, the key line.</summary>
    private const int FixedRows = 6;

    public static string[] Render(LiveSnapshot? snapshot, TuiState state, long[]? recentOwn, TuiFigures figures, string title,
        int columns, int rows)
    {
        var lines = new List<string>(rows);
        if (columns < MinColumns || rows < MinRows)
        {
            lines.Add($"austin-tui: {columns}x{rows} is too small ({MinColumns}x{MinRows} at least)");
            return Fit(lines, columns, rows);
        }
        string python = snapshot?.Metadata?.PythonVersion is string v ? "Python " + v + " " : "";
        lines.Add(Split("austin-tui  " + title, python + figures.State, columns));
        if (snapshot is null)
        {
            lines.Add("waiting for the Python runtime...");
            return Fit(lines, columns, rows, state);
        }
        StackTree tree = snapshot.Tree;
        List<int> threads = ProfileView.Threads(tree);
        int processes = ProfileView.Processes(tree).Count;
        lines.Add($"{figures.Seconds.ToString("F1", CultureInfo.InvariantCulture)} s  {tree.Samples.ToString("N0", CultureInfo.InvariantCulture)} stacks " +
                  $"({figures.StacksPerSecond.ToString("N0", CultureInfo.InvariantCulture)}/s)  {Plural(processes, "process", "processes")}, " +
                  $"{Plural(threads.Count, "thread", "threads")}  {ModeName(snapshot)}");
        int available = rows - FixedRows;
        int stackRows = Math.Max(1, available / 2);
        int topRows = available - stackRows;
        state.StackRows = stackRows;
        if (threads.Count == 0)
        {
            lines.Add("no thread sampled yet");
            state.StackLength = 0;
            return Fit(lines, columns, rows, state);
        }
        state.Thread = Math.Clamp(state.Thread, 0, threads.Count - 1);
        int thread = threads[state.Thread];
        lines.Add(Split($"Thread {state.Thread + 1}/{threads.Count}  {ProfileView.ThreadName(tree, thread)} (pid {tree.Key(tree.Parent(thread))})",
            "Up/Down: other thread", columns));

        // The current stack, outermost first, a page at a time.
        List<int> stack = ProfileView.CurrentStack(snapshot, thread);
        state.StackLength = stack.Count;
        state.StackOffset = Math.Clamp(state.StackOffset, 0, Math.Max(0, stack.Count - stackRows));
        int first = state.StackOffset, last = Math.Min(stack.Count, first + stackRows);
        string range = stack.Count == 0 ? "no frames" : $"frames {first + 1}-{last} of {stack.Count}";
        lines.Add(Split($"Current stack, outermost first: {range}", "PgUp/PgDn", columns));
        int width = stack.Count.ToString(CultureInfo.InvariantCulture).Length;
        for (int i = 0; i < stackRows; i++)
        {
            int at = first + i;
            lines.Add(at < last
                ? $"  {(at + 1).ToString(CultureInfo.InvariantCulture).PadLeft(width)} {ProfileView.Describe(tree.Function(stack[at]), tree.Line(stack[at]))}"
                : "");
        }

        // The top table: since the start, and over the last seconds.
        (List<TopEntry> all, long allSum) = ProfileView.Top(tree, thread, ProfileView.OwnValues(tree, snapshot.Mode));
        var recent = new Dictionary<int, TopEntry>();
        long recentSum = 0;
        if (recentOwn is not null)
        {
            (List<TopEntry> r, recentSum) = ProfileView.Top(tree, thread, recentOwn);
            foreach (TopEntry e in r) recent[e.Function.Id] = e;
        }
        string window = $"last {figures.RecentSeconds.ToString("F0", CultureInfo.InvariantCulture)} s";
        if (state.SortByRecent)
            all.Sort((a, b) => Compare(recent.GetValueOrDefault(a.Function.Id), recent.GetValueOrDefault(b.Function.Id), a, b));
        else
            all.Sort((a, b) => Compare(a, b, a, b));
        lines.Add($" OWN% TOTAL%   OWN% TOTAL%  ({window})  FUNCTION{(state.SortByRecent ? " (by the last seconds)" : "")}");
        for (int i = 0; i < topRows; i++)
        {
            if (i >= all.Count)
            {
                lines.Add("");
                continue;
            }
            TopEntry e = all[i];
            TopEntry r = recent.GetValueOrDefault(e.Function.Id);
            lines.Add($"{Share(e.Own, allSum)} {Share(e.Total, allSum)}  {Share(r.Own, recentSum)} {Share(r.Total, recentSum)}  {ProfileView.Describe(e.Function, 0)}");
        }
        return Fit(lines, columns, rows, state);
    }

    /// <summary>By own share, then total share, then name: a stable order that does not flicker.</summary>
    private static int Compare(TopEntry a, TopEntry b, TopEntry nameA, TopEntry nameB)
    {
        int byOwn = b.Own.CompareTo(a.Own);
        if (byOwn != 0) return byOwn;
        int byTotal = b.Total.CompareTo(a.Total);
        return byTotal != 0 ? byTotal : string.CompareOrdinal(nameA.Function.Name, nameB.Function.Name);
    }

    private static string Share(long value, long sum) =>
        (sum <= 0 ? "    -" : (100.0 * value / sum).ToString("F1", CultureInfo.InvariantCulture).PadLeft(5)) + " ";

    private static string ModeName(LiveSnapshot snapshot) => snapshot.Mode switch
    {
        MetricMode.Memory => "memory gained (-m)",
        MetricMode.Full => "time, of -f's time and memory",
        _ => snapshot.Metadata?.Sleepless == true ? "CPU time (-s)" : "wall time",
    };

    private static string Plural(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";

    /// <summary>Left text, right text at the right edge (the left one is cut when both do not fit).</summary>
    private static string Split(string left, string right, int columns)
    {
        if (right.Length >= columns) return right;
        int room = columns - right.Length - 1;
        return Pad(left, room) + " " + right;
    }

    /// <summary>Pads or cuts to the screen; the key line (or the message) is the last row.</summary>
    private static string[] Fit(List<string> lines, int columns, int rows, TuiState? state = null)
    {
        string keys = state is null ? "q quit"
            : state.Saving ? "save as: 1 collapsed  2 austin  3 mojo  4 svg  5 speedscope  6 pprof  (Esc: cancel)"
            : state.Message ?? "q quit  Up/Down thread  PgUp/PgDn stack  p pause  s save  r sort";
        var screen = new string[rows];
        for (int i = 0; i < rows - 1; i++) screen[i] = Pad(i < lines.Count ? lines[i] : "", columns);
        screen[rows - 1] = Pad(keys, columns);
        return screen;
    }

    /// <summary>Cuts or pads a line to <paramref name="columns"/> terminal cells: CJK characters take two, combining marks none.</summary>
    internal static string Pad(string line, int columns)
    {
        var text = new StringBuilder(line.Length + 8);
        int cells = 0;
        foreach (Rune rune in line.EnumerateRunes())
        {
            int width = CellWidth(rune);
            if (cells + width > columns) break;
            text.Append(rune.ToString());
            cells += width;
        }
        return text.Append(' ', columns - cells).ToString();
    }

    /// <summary>The cells a character takes in a terminal (wcwidth's rules, for the ranges that matter in names).</summary>
    internal static int CellWidth(Rune rune)
    {
        int c = rune.Value;
        if (c < 0x300) return c < 0x20 ? 0 : 1;
        UnicodeCategory category = Rune.GetUnicodeCategory(rune);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format) return 0;
        bool wide = c is >= 0x1100 and <= 0x115F or >= 0x2E80 and <= 0x303E or >= 0x3041 and <= 0xA4CF or >= 0xAC00 and <= 0xD7A3
            or >= 0xF900 and <= 0xFAFF or >= 0xFE30 and <= 0xFE4F or >= 0xFF00 and <= 0xFF60 or >= 0xFFE0 and <= 0xFFE6
            or >= 0x1F300 and <= 0x1F64F or >= 0x1F900 and <= 0x1F9FF or >= 0x20000 and <= 0x3FFFD;
        return wide ? 2 : 1;
    }

    /// <summary>The escape sequences that draw a screen: each line at its row, so that nothing can scroll it.</summary>
    public static byte[] Draw(string[] screen)
    {
        var text = new StringBuilder();
        for (int i = 0; i < screen.Length; i++)
            text.Append("\u001b[").Append(i + 1).Append(";1H").Append(screen[i]);
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
