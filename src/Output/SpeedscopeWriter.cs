// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
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
        var frames = new Dictionary<int, int>();       // Function.Id -> frame index; 0 is the bad sample
        var functions = new List<Function?> { null };
        int FrameOf(int node)
        {
            if (Tree.Kind(node) == StackNodeKind.Bad) return 0;
            int id = Tree.Key(node);
            if (!frames.TryGetValue(id, out int index))
            {
                frames[id] = index = functions.Count;
                functions.Add(Tree.Function(node));
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
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false });
        json.WriteStartObject();
        json.WriteString("$schema", "https://www.speedscope.app/file-format-schema.json");
        json.WriteString("name", Name());
        json.WriteString("exporter", $"austin {Metadata?.AustinVersion}");

        // The profiles first, in a buffer of their own, as they make the frame table.
        var profiles = new MemoryStream();
        int active = 0;
        long busiest = -1;
        using (var body = new Utf8JsonWriter(profiles))
        {
            body.WriteStartArray();
            int index = 0;
            foreach (Measure measure in measures)
            {
                foreach ((int process, int thread) in threads)
                {
                    long weight = totals[thread][measure];
                    if (measure == measures[0] && weight > busiest)
                        (busiest, active) = (weight, index);
                    WriteProfile(body, process, thread, measure, processes.Length, FrameOf);
                    index++;
                }
            }
            body.WriteEndArray();
        }

        json.WriteNumber("activeProfileIndex", active);
        json.WritePropertyName("profiles");
        json.WriteRawValue(profiles.GetBuffer().AsSpan(0, (int)profiles.Length), skipInputValidation: true);
        json.WriteStartObject("shared");
        json.WriteStartArray("frames");
        foreach (Function? function in functions)
        {
            json.WriteStartObject();
            if (function is null)
            {
                json.WriteString("name", "Bad sample");
            }
            else
            {
                json.WriteString("name", function.Name);
                json.WriteString("file", function.File);
                if (function.FirstLine > 0) json.WriteNumber("line", function.FirstLine);
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
        json.Flush();
    }

    private string Name()
    {
        if (Metadata is null) return "austin";
        if (Metadata.Command.Count > 0) return string.Join(' ', Metadata.Command);
        return Metadata.Pid is int pid ? $"process {pid}" : "austin";
    }

    /// <summary>One thread's stacks in one measure, each once, weighted with its sum.</summary>
    private void WriteProfile(Utf8JsonWriter json, int process, int thread, Measure measure, int processCount, Func<int, int> frameOf)
    {
        string name = Tree.Key(thread) == 0 ? $"Thread {(ulong)Tree.Key2(thread):x}" : $"Thread {(ulong)Tree.Key2(thread):x} (interpreter {Tree.Key(thread)})";
        if (processCount > 1) name = $"Process {Tree.Key(process)} {name}";
        if (Mode == MetricMode.Full) name += $" ({SvgWriter.MeasureName(measure)})";

        var weights = new List<long>();
        long end = 0;
        json.WriteStartObject();
        json.WriteString("type", "sampled");
        json.WriteString("name", name);
        json.WriteString("unit", measure == Measure.Time ? "microseconds" : "bytes");
        json.WriteNumber("startValue", 0);
        json.WriteStartArray("samples");
        var path = new List<int>();
        Visit(thread);
        json.WriteEndArray();
        json.WriteStartArray("weights");
        foreach (long w in weights) json.WriteNumberValue(w);
        json.WriteEndArray();
        json.WriteNumber("endValue", end);
        json.WriteEndObject();

        void Visit(int node)
        {
            long own = Tree.Own(node)[measure];
            if (own > 0)
            {
                json.WriteStartArray();
                foreach (int frame in path) json.WriteNumberValue(frame);
                json.WriteEndArray();
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
