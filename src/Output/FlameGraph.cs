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
}

/// <summary>
/// A flame graph's frames, drawn from a <see cref="StackTree"/>: in depth-first order (children sorted by their label,
/// as flamegraph.pl sorts stacks), each with its depth, so that a frame's descendants are the frames after it that are
/// deeper. Frames are the collapsed format's: in the normal format a function (<c>func (file)</c>) and above it one
/// frame per line (<c>L12</c>); in the alternative format one frame per function and line (<c>func (file:12)</c>).
/// Threads sit on the root, under their process when there is more than one process.
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

    public static FlameGraph Build(StackTree tree, bool alternative)
    {
        var graph = new FlameGraph();
        StackMetrics[] totals = tree.Totals();
        graph.Add(0, FlameKind.Root, false, "all", "all", "", 0, totals[0]);
        int[] processes = tree.Children(0);
        bool showProcesses = processes.Length > 1;
        foreach (int process in Sorted(tree, processes, p => $"Process {tree.Key(p)}"))
        {
            if (showProcesses) graph.Add(1, FlameKind.Process, false, $"Process {tree.Key(process)}", "Process", "", 0, totals[process]);
            int depth = showProcesses ? 2 : 1;
            foreach (int thread in Sorted(tree, tree.Children(process), ThreadLabel(tree)))
            {
                graph.Add(depth, FlameKind.Thread, false, ThreadLabel(tree)(thread), "Thread", "", 0, totals[thread]);
                graph.AddFrames(tree, totals, tree.Children(thread), depth + 1, alternative);
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

    private void AddFrames(StackTree tree, StackMetrics[] totals, int[] children, int depth, bool alternative)
    {
        if (alternative)
        {
            var keyed = new List<(string Label, int Line, int Node)>(children.Length);
            foreach (int c in children)
                keyed.Add((tree.Kind(c) == StackNodeKind.Bad ? "Bad sample" : $"{tree.Function(c).Name} ({tree.Function(c).File}:{tree.Line(c)})", tree.Line(c), c));
            keyed.Sort((a, b) => string.CompareOrdinal(a.Label, b.Label));
            foreach ((string label, int line, int node) in keyed)
            {
                if (tree.Kind(node) == StackNodeKind.Bad)
                {
                    Add(depth, FlameKind.Bad, false, label, label, "", 0, totals[node]);
                    continue;
                }
                Function function = tree.Function(node);
                Add(depth, Classify(function.File), false, label, $"{function.Name} ({function.File})", function.File, line, totals[node]);
                AddFrames(tree, totals, tree.Children(node), depth + 1, alternative);
            }
            return;
        }

        // The normal format: a frame per function (whatever the line), then a frame per line above it.
        var functions = new Dictionary<int, List<int>>();
        var order = new List<(string Label, int FunctionId)>();
        foreach (int c in children)
        {
            int id = tree.Kind(c) == StackNodeKind.Bad ? 0 : tree.Key(c);
            if (!functions.TryGetValue(id, out List<int>? lines))
            {
                functions[id] = lines = [];
                order.Add((id == 0 ? "Bad sample" : $"{tree.Function(c).Name} ({tree.Function(c).File})", id));
            }
            lines.Add(c);
        }
        order.Sort((a, b) => string.CompareOrdinal(a.Label, b.Label));
        foreach ((string label, int id) in order)
        {
            List<int> lines = functions[id];
            var sum = new StackMetrics();
            foreach (int line in lines) sum.Add(totals[line]);
            if (id == 0)
            {
                Add(depth, FlameKind.Bad, false, label, label, "", 0, sum);
                continue;
            }
            Function function = tree.Function(lines[0]);
            FlameKind kind = Classify(function.File);
            Add(depth, kind, false, label, label, function.File, function.FirstLine, sum);
            lines.Sort((a, b) => tree.Line(a).CompareTo(tree.Line(b)));
            foreach (int line in lines)
            {
                Add(depth + 1, kind, true, $"L{tree.Line(line)}", label, function.File, tree.Line(line), totals[line]);
                AddFrames(tree, totals, tree.Children(line), depth + 2, alternative);
            }
        }
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
