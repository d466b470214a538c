// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Austin.Samples;

namespace Austin.Output;

/// <summary>
/// speedscope's file format (https://www.speedscope.app/file-format-schema.json): one frame per function in a shared
/// table, and one sampled profile per thread of each process (per metric with -f). A profile's samples are its
/// distinct stacks, each weighted with the sum of its metric, so the file grows with distinct stacks, not with
/// samples; speedscope's time-order view then shows stacks merged rather than in the order they were sampled.
/// </summary>
internal sealed class SpeedscopeWriter(Stream stream, MetricMode mode) : AggregatingWriter(stream, mode)
{
    protected override void Render(Stream output, ProfileStatistics statistics)
    {
        // One frame per function as a person names it (name, file, first line), so that the same function in several
        // processes (-C) or of several code objects is one frame of the shared table.
        var frames = new Dictionary<int, int>();       // Function.Id -> frame index; 0 is the bad sample
        var named = new Dictionary<(string, string, int), int>();
        var functions = new List<Function?> { null };
        int FrameOf(int node)
        {
            if (Tree.Kind(node) == StackNodeKind.Bad) return 0;
            int id = Tree.Key(node);
            if (!frames.TryGetValue(id, out int index))
            {
                Function function = Tree.Function(node);
                if (!named.TryGetValue((function.Name, function.File, function.FirstLine), out index))
                {
                    named[(function.Name, function.File, function.FirstLine)] = index = functions.Count;
                    functions.Add(function);
                }
                frames[id] = index;
            }
            return index;
        }

        var threads = new List<(int Process, int Thread)>();
        int[] processes = Tree.Children(0);
        Array.Sort(processes, (a, b) => Tree.Key(a).CompareTo(Tree.Key(b)));
        foreach (int process in processes)
        {
            int[] children = Tree.Children(process);
            Array.Sort(children, (a, b) => Tree.Key2(a) != Tree.Key2(b) ? ((ulong)Tree.Key2(a)).CompareTo((ulong)Tree.Key2(b)) : Tree.Key(a).CompareTo(Tree.Key(b)));
            foreach (int thread in children) threads.Add((process, thread));
        }

        Measure[] measures = Measures(Mode);
        StackMetrics[] totals = Tree.Totals();
        int active = 0;
        long busiest = -1;
        for (int t = 0; t < threads.Count; t++)
        {
            long weight = totals[threads[t].Thread][measures[0]];
            if (weight > busiest) (busiest, active) = (weight, t);
        }

        using var text = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        var json = new JsonText(text);
        json.StartObject();
        json.Property("$schema", "https://www.speedscope.app/file-format-schema.json");
        json.Property("name", Name());
        json.Property("exporter", $"austin {Metadata?.AustinVersion}");
        json.Property("activeProfileIndex", active);
        // The profiles first: they make the frame table, which may come after them (JSON objects have no order).
        json.Name("profiles");
        json.StartArray();
        foreach (Measure measure in measures)
        {
            foreach ((int process, int thread) in threads)
                WriteProfile(json, process, thread, measure, ShowsProcesses, FrameOf);
        }
        json.EndArray();
        json.Name("shared");
        json.StartObject();
        json.Name("frames");
        json.StartArray();
        foreach (Function? function in functions)
        {
            json.StartObject();
            if (function is null)
            {
                json.Property("name", "Bad sample");
            }
            else
            {
                json.Property("name", function.Name);
                json.Property("file", function.File);
                if (function.FirstLine > 0) json.Property("line", function.FirstLine);
            }
            json.EndObject();
        }
        json.EndArray();
        json.EndObject();
        json.EndObject();
    }

    private string Name()
    {
        if (Metadata is null) return "austin";
        if (Metadata.Command.Count > 0) return string.Join(' ', Metadata.Command);
        if (Metadata.Pid is int pid) return $"process {pid}";
        return Metadata.Source is string source ? source : "austin";
    }

    /// <summary>One thread's stacks in one measure, each once, weighted with its sum.</summary>
    private void WriteProfile(JsonText json, int process, int thread, Measure measure, bool showProcess, Func<int, int> frameOf)
    {
        string name = Tree.Key(thread) == 0 ? $"Thread {(ulong)Tree.Key2(thread):x}" : $"Thread {(ulong)Tree.Key2(thread):x} (interpreter {Tree.Key(thread)})";
        if (showProcess) name = $"Process {Tree.Key(process)} {name}";
        if (Mode == MetricMode.Full) name += $" ({SvgWriter.MeasureName(measure)})";

        var weights = new List<long>();
        long end = 0;
        json.StartObject();
        json.Property("type", "sampled");
        json.Property("name", name);
        json.Property("unit", measure == Measure.Time ? "microseconds" : "bytes");
        json.Property("startValue", 0);
        json.Name("samples");
        json.StartArray();
        var path = new List<int>();
        Visit(thread);
        json.EndArray();
        json.Name("weights");
        json.StartArray();
        foreach (long w in weights) json.Value(w);
        json.EndArray();
        json.Property("endValue", end);
        json.EndObject();

        void Visit(int node)
        {
            long own = Tree.Own(node)[measure];
            if (own > 0)
            {
                json.StartArray();
                foreach (int frame in path) json.Value(frame);
                json.EndArray();
                long weight = measure == Measure.Time ? own : own * 1024;
                weights.Add(weight);
                end += weight;
            }
            for (int c = Tree.FirstChild(node); c != 0; c = Tree.NextSibling(c))
            {
                path.Add(frameOf(c));
                Visit(c);
                path.RemoveAt(path.Count - 1);
            }
        }
    }
}
