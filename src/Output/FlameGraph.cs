// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using Austin.Samples;

namespace Austin.Output;

/// <summary>What a frame of a flame graph stands for; its colour follows.</summary>
internal enum FlameKind : byte
{
    Root,
    Process,
    Thread,
    /// <summary>Code of the profiled program.</summary>
    User,
    /// <summary>Python's standard library (and frozen modules).</summary>
    StandardLibrary,
    /// <summary>Installed packages (site-packages, dist-packages).</summary>
    ThirdParty,
    /// <summary>A stack that could not be read.</summary>
    Bad,
    /// <summary>
    /// The children of a frame too narrow to keep (see <see cref="FlameGraph.Build"/>), as one frame that the picture
    /// draws within its parent's grey block of narrow frames; its <see cref="FlameGraph.Line"/> is how many they were.
    /// </summary>
    Elided,
}

/// <summary>
/// A flame graph's frames, drawn from a <see cref="StackTree"/>: in depth-first order (children sorted by their label,
/// as flamegraph.pl sorts stacks), each with its depth, so that a frame's descendants are the frames after it that are
/// deeper. Frames are the collapsed format's: in the normal format a function (<c>func (file)</c>) and above it one
/// frame per line (<c>L12</c>); in the alternative format one frame per function and line (<c>func (file:12)</c>).
/// Threads sit on the root, or with -C (and whenever there is more than one process) on their process's frame,
/// <c>Process pid</c>, which sits on the root, as the collapsed format's <c>Process pid;</c> frames draw it.
/// </summary>
internal sealed class FlameGraph
{
    public readonly List<int> Depth = [];
    public readonly List<FlameKind> Kind = [];
    /// <summary>Whether the frame is a line of the function below it (normal format).</summary>
    public readonly List<bool> IsLine = [];
    public readonly List<string> Label = [];
    /// <summary>What the frame's colour is drawn from: the function (so its lines and its frames at other lines share it), else the label.</summary>
    public readonly List<string> ColourKey = [];
    /// <summary>The file of a function's frame, else "".</summary>
    public readonly List<string> File = [];
    /// <summary>The line of a line frame or of an alternative-format frame, the first line of a normal-format function's frame, else 0.</summary>
    public readonly List<int> Line = [];
    public readonly List<StackMetrics> Total = [];

    public int Count => Depth.Count;

    public int MaxDepth { get; private set; }

    /// <summary>Frames below this share of the whole in every measure are left out, as flamegraph.pl's --minwidth (0.1 pixel of 1,200).</summary>
    public const double MinimumShare = 0.1 / 1180;

    private StackMetrics _minimum;

    /// <param name="showProcesses">Whether each process is a frame on the root, its threads on it (-C).</param>
    /// <param name="measures">
    /// The measures the picture draws: a frame narrower than <see cref="MinimumShare"/> of the whole in each of them is
    /// not drawn at any zoom a screen can show, so it is left out with its subtree, and its parent's other such children
    /// become one <see cref="FlameKind.Elided"/> frame of their sums. The graph of a long run with many distinct stacks
    /// stays small (at most some 12,000 frames per level), and so do the file and the memory it takes to write it.
    /// </param>
    public static FlameGraph Build(StackTree tree, bool alternative, bool showProcesses, params Measure[] measures)
    {
        var graph = new FlameGraph();
        StackMetrics[] totals = tree.Totals();
        graph._minimum = new StackMetrics { Samples = long.MaxValue, Time = long.MaxValue, MemoryGained = long.MaxValue, MemoryReleased = long.MaxValue };
        foreach (Measure measure in measures)
        {
            long minimum = (long)Math.Ceiling(totals[0][measure] * MinimumShare);
            switch (measure)
            {
                case Measure.Time: graph._minimum.Time = minimum; break;
                case Measure.MemoryGained: graph._minimum.MemoryGained = minimum; break;
                case Measure.MemoryReleased: graph._minimum.MemoryReleased = minimum; break;
                default: graph._minimum.Samples = minimum; break;
            }
        }
        if (measures.Length == 0) graph._minimum = default;   // keep every frame
        graph.Add(0, FlameKind.Root, false, "all", "all", "", 0, totals[0]);
        int[] processes = tree.Children(0);
        foreach (int process in Sorted(tree, processes, p => $"Process {tree.Key(p)}"))
        {
            if (showProcesses) graph.Add(1, FlameKind.Process, false, $"Process {tree.Key(process)}", "Process", "", 0, totals[process]);
            int depth = showProcesses ? 2 : 1;
            foreach (int thread in Sorted(tree, tree.Children(process), ThreadLabel(tree)))
            {
                graph.Add(depth, FlameKind.Thread, false, ThreadLabel(tree)(thread), "Thread", "", 0, totals[thread]);
                graph.AddFrames(tree, totals, [thread], depth + 1, alternative);
            }
        }
        return graph;
    }

    private static Func<int, string> ThreadLabel(StackTree tree) => t =>
        tree.Key(t) == 0 ? $"Thread {(ulong)tree.Key2(t):x}" : $"Thread {(ulong)tree.Key2(t):x} (interpreter {tree.Key(t)})";

    private static IEnumerable<int> Sorted(StackTree tree, int[] nodes, Func<int, string> label)
    {
        var keyed = new (string Label, int Node)[nodes.Length];
        for (int i = 0; i < nodes.Length; i++) keyed[i] = (label(nodes[i]), nodes[i]);
        Array.Sort(keyed, (a, b) => string.CompareOrdinal(a.Label, b.Label));
        foreach ((_, int node) in keyed) yield return node;
    }

    /// <summary>
    /// The frames on top of <paramref name="nodes"/>'s children. Siblings of one label are one frame, as flamegraph.pl
    /// merges identical text: two code objects of one function (code made again, a module reloaded) are drawn as one,
    /// their children merged below it.
    /// </summary>
    private void AddFrames(StackTree tree, StackMetrics[] totals, List<int> nodes, int depth, bool alternative)
    {
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (int parent in nodes)
        {
            for (int c = tree.FirstChild(parent); c != 0; c = tree.NextSibling(c))
            {
                string label = tree.Kind(c) == StackNodeKind.Bad ? "Bad sample"
                    : alternative && !IsMark(tree.Function(c)) ? $"{FunctionLabel(tree.Function(c))[..^1]}:{tree.Line(c)})"
                    : FunctionLabel(tree.Function(c));
                if (!groups.TryGetValue(label, out List<int>? group)) groups[label] = group = [];
                group.Add(c);
            }
        }
        var labels = new List<string>(groups.Keys);
        labels.Sort(string.CompareOrdinal);
        var elided = new StackMetrics();
        int elidedCount = 0;
        foreach (string label in labels)
        {
            List<int> group = groups[label];
            StackMetrics sum = Sum(totals, group);
            if (!Keeps(sum))
            {
                elided.Add(sum);
                elidedCount++;
                continue;
            }
            if (tree.Kind(group[0]) == StackNodeKind.Bad)
            {
                Add(depth, FlameKind.Bad, false, label, label, "", 0, sum);
                continue;
            }
            Function function = tree.Function(group[0]);
            FlameKind kind = Classify(function.File);
            if (alternative || IsMark(function))
            {
                // A frame per function and line; the collector's mark has no line in either format.
                Add(depth, kind, false, label, FunctionLabel(function), function.File, tree.Line(group[0]), sum);
                AddFrames(tree, totals, group, depth + 1, alternative);
                continue;
            }

            // The normal format: a frame per function (whatever the line), then a frame per line above it.
            Add(depth, kind, false, label, label, function.File, function.FirstLine, sum);
            var lines = new SortedDictionary<int, List<int>>();
            foreach (int node in group)
            {
                if (!lines.TryGetValue(tree.Line(node), out List<int>? same)) lines[tree.Line(node)] = same = [];
                same.Add(node);
            }
            var elidedLines = new StackMetrics();
            int elidedLineCount = 0;
            foreach ((int line, List<int> same) in lines)
            {
                StackMetrics lineSum = Sum(totals, same);
                if (!Keeps(lineSum))
                {
                    elidedLines.Add(lineSum);
                    elidedLineCount++;
                    continue;
                }
                Add(depth + 1, kind, true, $"L{line}", label, function.File, line, lineSum);
                AddFrames(tree, totals, same, depth + 2, alternative);
            }
            if (elidedLineCount > 0) Add(depth + 1, FlameKind.Elided, false, "", "", "", elidedLineCount, elidedLines);
        }
        if (elidedCount > 0) Add(depth, FlameKind.Elided, false, "", "", "", elidedCount, elided);
    }

    /// <summary>Whether a frame of these sums is wide enough to keep in one of the measures drawn.</summary>
    private bool Keeps(in StackMetrics sum) =>
        sum.Time >= _minimum.Time || sum.MemoryGained >= _minimum.MemoryGained || sum.MemoryReleased >= _minimum.MemoryReleased
        || sum.Samples >= _minimum.Samples;

    /// <summary>A function's frame in the normal format: <c>name (file)</c>; the collector's mark is <c>:GC:</c> alone.</summary>
    private static string FunctionLabel(Function function) => IsMark(function) ? function.Name : $"{function.Name} ({function.File})";

    /// <summary>A frame that is no Python function (the collector's <c>:GC:</c>): no file, no line, as the collapsed format writes it.</summary>
    private static bool IsMark(Function function) => function.FileUtf8.Length == 0 && function.Name == StackTree.GarbageCollector.Name;

    private static StackMetrics Sum(StackMetrics[] totals, List<int> nodes)
    {
        var sum = new StackMetrics();
        foreach (int node in nodes) sum.Add(totals[node]);
        return sum;
    }

    private void Add(int depth, FlameKind kind, bool isLine, string label, string colourKey, string file, int line, StackMetrics total)
    {
        ColourKey.Add(colourKey);
        Depth.Add(depth);
        Kind.Add(kind);
        IsLine.Add(isLine);
        Label.Add(label);
        File.Add(file);
        Line.Add(line);
        Total.Add(total);
        if (depth > MaxDepth) MaxDepth = depth;
    }

    /// <summary>
    /// Whose code a file holds, from its path alone: installed packages live in site-packages (dist-packages on
    /// Debian), the standard library in lib/pythonX.Y (Lib on Windows) or in frozen modules; the rest is the
    /// program's own.
    /// </summary>
    public static FlameKind Classify(string file)
    {
        string f = file.Replace('\\', '/');
        if (f.Contains("/site-packages/", StringComparison.Ordinal) || f.Contains("/dist-packages/", StringComparison.Ordinal))
            return FlameKind.ThirdParty;
        if (f.StartsWith("<frozen ", StringComparison.Ordinal) || IsStandardLibraryPath(f))
            return FlameKind.StandardLibrary;
        return FlameKind.User;
    }

    /// <summary>.../lib/python3.11/..., .../lib/python2.7/..., .../lib64/python3.9/..., ...\Lib\...</summary>
    private static bool IsStandardLibraryPath(string f)
    {
        int at = 0;
        while ((at = f.IndexOf("/python", at, StringComparison.Ordinal)) >= 0)
        {
            int before = f.LastIndexOf('/', Math.Max(at - 1, 0));
            string parent = before < 0 ? "" : f[(before + 1)..at];
            int i = at + "/python".Length;
            int digits = i;
            while (i < f.Length && (char.IsAsciiDigit(f[i]) || f[i] == '.')) i++;
            if ((parent == "lib" || parent == "lib64") && i > digits && i < f.Length && f[i] == '/') return true;
            at = i;
        }
        return f.Contains("/Lib/", StringComparison.Ordinal);
    }
}
