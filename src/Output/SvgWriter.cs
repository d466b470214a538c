// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using Austin.Samples;

namespace Austin.Output;

/// <summary>
/// A flame graph in one self-contained SVG file (no network): the frames of a <see cref="FlameGraph"/>, widths exact
/// to the metric, colours by whose code runs (the program's, the standard library's, installed packages'), a title
/// with the command and the run's figures. Its script (Svg/flamegraph.js) adds tooltips, click to zoom, search and,
/// with -f, a choice of metric; the frames are also drawn here, with the same layout, for viewers without scripts.
/// </summary>
internal sealed class SvgWriter : AggregatingWriter
{
    public const int Width = 1200;
    private const int Pad = 10;
    private const int RowHeight = 16;
    private const int Top = 70;
    private const int Bottom = 30;
    private const double CharWidth = 12 * 0.59;

    private readonly bool _alternative;

    public SvgWriter(Stream stream, bool alternative, MetricMode mode) : base(stream, mode) => _alternative = alternative;

    protected override void Render(Stream output, ProfileStatistics statistics)
    {
        Measure[] measures = Measures(Mode);
        FlameGraph graph = FlameGraph.Build(Tree, _alternative, ShowsProcesses, measures);
        int height = Top + (graph.MaxDepth + 1) * RowHeight + Bottom;

        var text = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        text.Write($"""
            <?xml version="1.0" encoding="UTF-8" standalone="no"?>
            <svg version="1.1" width="{Width}" height="{height}" viewBox="0 0 {Width} {height}" xmlns="http://www.w3.org/2000/svg">
            <style>
            {Encoding.UTF8.GetString(Resources.FlamegraphCss)}</style>
            <rect x="0" y="0" width="{Width}" height="{height}" fill="rgb(250,250,248)"/>
            <text id="title" x="{Width / 2}" y="22">{Escape(Title())}</text>
            <text id="subtitle" x="{Width / 2}" y="40">{Escape(Subtitle(statistics, measures[0]))}</text>
            <g id="reset-zoom" class="button" style="display:none"><text x="{Pad}" y="22">Reset zoom</text></g>
            <g id="search" class="button"><text x="{Width - Pad}" y="22" text-anchor="end">Search</text></g>
            <g id="reset-search" class="button" style="display:none"><text x="{Width - Pad - 60}" y="22" text-anchor="end">Reset search</text></g>

            """);
        WriteLegend(text);
        if (measures.Length > 1) WriteMeasureButtons(text, measures);
        text.Write("<g id=\"frames\">\n");
        WriteStaticFrames(text, graph, measures[0]);
        text.Write($"""
            </g>
            <text id="details" x="{Pad}" y="{height - 10}"> </text>
            <text id="matched" x="{Width - Pad}" y="{height - 10}"></text>
            <script><![CDATA[
            const AUSTIN = 
            """);
        WriteData(text, graph, measures, height);
        text.Write($"""
            ;
            ]]></script>
            <script><![CDATA[
            {Encoding.UTF8.GetString(Resources.FlamegraphJs)}]]></script>
            </svg>

            """);
        text.Flush();
    }

    private string Title()
    {
        if (Metadata is null) return "austin";
        if (Metadata.Command.Count > 0) return string.Join(' ', Metadata.Command);
        if (Metadata.Pid is int pid) return $"process {pid}";
        return Metadata.Source is string source ? source : "austin";
    }

    private string Subtitle(ProfileStatistics statistics, Measure measure)
    {
        var parts = new List<string> { measure == Measure.Time ? $"{TimeName} time" : MeasureName(measure) };
        parts.Add(string.Create(CultureInfo.InvariantCulture, $"{statistics.DurationUs / 1e6:F2} s"));
        parts.Add($"{Grouped(statistics.Samples)} samples");
        if (statistics.ThreadSamples > 0)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{100.0 * statistics.BadSamples / statistics.ThreadSamples:F2} % bad"));
        if (Metadata is not null && Metadata.IntervalUs > 0) parts.Add($"every {Grouped(Metadata.IntervalUs)} µs");
        if (PythonVersion is not null) parts.Add($"Python {PythonVersion}");
        parts.Add($"austin {Metadata?.AustinVersion ?? AustinVersionUnknown}");
        return string.Join(" · ", parts);
    }

    private const string AustinVersionUnknown = "";

    public static string MeasureName(Measure measure) => measure switch
    {
        Measure.Time => "wall time",
        Measure.MemoryGained => "memory gained",
        Measure.MemoryReleased => "memory released",
        _ => "samples",
    };

    private static string Unit(Measure measure) => measure == Measure.Time ? "us" : measure == Measure.Samples ? "" : "KB";

    private static void WriteLegend(StreamWriter text)
    {
        (FlameKind Kind, string Name)[] entries = [(FlameKind.User, "your code"), (FlameKind.StandardLibrary, "standard library"), (FlameKind.ThirdParty, "installed packages")];
        double x = Pad;
        foreach ((FlameKind kind, string name) in entries)
        {
            text.Write($"<g class=\"legend\"><rect x=\"{x}\" y=\"49\" width=\"12\" height=\"12\" rx=\"2\" fill=\"{Colour(kind, false, name)}\"/><text x=\"{x + 16}\" y=\"59.5\">{name}</text></g>\n");
            x += 26 + name.Length * CharWidth;
        }
    }

    private static void WriteMeasureButtons(StreamWriter text, Measure[] measures)
    {
        double x = Width - Pad;
        foreach (Measure measure in measures) x -= 20 + MeasureName(measure).Length * CharWidth;
        for (int m = 0; m < measures.Length; m++)
        {
            string name = MeasureName(measures[m]);
            x += 20;
            text.Write($"<g class=\"button measure{(m == 0 ? " chosen" : "")}\" data-m=\"{m}\"><text x=\"{Format(x)}\" y=\"59.5\">{name}</text></g>\n");
            x += name.Length * CharWidth;
        }
    }

    /// <summary>The layout flamegraph.js draws at first: frames narrower than a pixel merged into one per parent.</summary>
    private static void WriteStaticFrames(StreamWriter text, FlameGraph graph, Measure measure)
    {
        long total = graph.Total[0][measure];
        if (total <= 0) return;
        double scale = (Width - 2.0 * Pad) / total;
        int[] end = SubtreeEnds(graph);
        Place(0, 0);

        void Place(int i, double x)
        {
            double w = graph.Total[i][measure] * scale;
            int y = Top + (graph.MaxDepth - graph.Depth[i]) * RowHeight;
            string fill = Colour(graph.Kind[i], graph.IsLine[i], graph.ColourKey[i]);
            text.Write($"<g class=\"frame\" data-i=\"{i}\"><rect x=\"{Format(Pad + x)}\" y=\"{y}\" width=\"{Format(w)}\" height=\"{RowHeight - 1}\" fill=\"{fill}\" rx=\"2\"/><text x=\"{Format(Pad + x + 3)}\" y=\"{y + 11.5}\">{Escape(Fit(graph.Label[i], w))}</text></g>\n");
            double cx = x;
            long narrow = 0;
            for (int c = i + 1; c < end[i]; c = end[c])
            {
                long v = graph.Total[c][measure];
                if (v <= 0) continue;
                if (v * scale >= 1 && graph.Kind[c] != FlameKind.Elided)
                {
                    Place(c, cx);
                    cx += v * scale;
                }
                else
                {
                    narrow += v;
                }
            }
            if (narrow > 0)
            {
                int my = Top + (graph.MaxDepth - graph.Depth[i] - 1) * RowHeight;
                text.Write($"<g class=\"frame merged\"><rect x=\"{Format(Pad + cx)}\" y=\"{my}\" width=\"{Format(narrow * scale)}\" height=\"{RowHeight - 1}\" fill=\"rgb(215,215,215)\" rx=\"2\"/></g>\n");
            }
        }
    }

    /// <summary>The end of each frame's subtree: the first frame after it that is not deeper.</summary>
    private static int[] SubtreeEnds(FlameGraph graph)
    {
        int n = graph.Count;
        var end = new int[n];
        var stack = new Stack<int>();
        for (int i = 0; i < n; i++)
        {
            while (stack.Count > 0 && graph.Depth[stack.Peek()] >= graph.Depth[i]) end[stack.Pop()] = i;
            stack.Push(i);
        }
        while (stack.Count > 0) end[stack.Pop()] = n;
        return end;
    }

    /// <summary>The frames as columns, for flamegraph.js: strings once, in a table.</summary>
    private static void WriteData(TextWriter output, FlameGraph graph, Measure[] measures, int height)
    {
        var strings = new Dictionary<string, int>(StringComparer.Ordinal);
        var table = new List<string>();
        int Intern(string s)
        {
            if (!strings.TryGetValue(s, out int index))
            {
                strings[s] = index = table.Count;
                table.Add(s);
            }
            return index;
        }

        var json = new JsonText(output);
        json.StartObject();
        json.Property("width", Width);
        json.Property("rowHeight", RowHeight);
        json.Property("top", Top);
        json.Property("height", height);
        json.Property("maxDepth", graph.MaxDepth);
        json.Name("measures");
        json.StartArray();
        foreach (Measure measure in measures)
        {
            json.StartObject();
            json.Property("name", MeasureName(measure));
            json.Property("unit", Unit(measure));
            json.EndObject();
        }
        json.EndArray();
        WriteColumn(json, "depth", graph.Count, i => graph.Depth[i]);
        WriteColumn(json, "kind", graph.Count, i => (int)graph.Kind[i] | (graph.IsLine[i] ? 8 : 0));
        WriteColumn(json, "label", graph.Count, i => Intern(graph.Label[i]));
        WriteColumn(json, "file", graph.Count, i => Intern(graph.File[i]));
        WriteColumn(json, "key", graph.Count, i => Intern(graph.ColourKey[i]));
        WriteColumn(json, "line", graph.Count, i => graph.Line[i]);
        WriteColumn(json, "samples", graph.Count, i => graph.Total[i].Samples);
        json.Name("values");
        json.StartArray();
        foreach (Measure measure in measures)
        {
            json.StartArray();
            for (int i = 0; i < graph.Count; i++) json.Value(graph.Total[i][measure]);
            json.EndArray();
        }
        json.EndArray();
        json.Name("strings");
        json.StartArray();
        foreach (string s in table) json.Value(s);
        json.EndArray();
        json.EndObject();
    }

    private static void WriteColumn(JsonText json, string name, int count, Func<int, long> value)
    {
        json.Name(name);
        json.StartArray();
        for (int i = 0; i < count; i++) json.Value(value(i));
        json.EndArray();
    }

    /// <summary>The colour flamegraph.js gives a frame: a family per kind of code, a shade per function (FNV-1a of its key).</summary>
    public static string Colour(FlameKind kind, bool isLine, string key)
    {
        uint h = 0x811c9dc5;
        foreach (char c in key)
        {
            h ^= c;
            h = unchecked(h * 0x01000193);
        }
        double v1 = (h & 255) / 255.0, v2 = ((h >> 8) & 255) / 255.0, v3 = ((h >> 16) & 255) / 255.0;
        double r, g, b;
        switch (kind)
        {
            case FlameKind.User: r = 205 + 50 * v3; g = 230 * v1; b = 55 * v2; break;
            case FlameKind.StandardLibrary: r = 60 + 50 * v1; g = 150 + 60 * v2; b = 200 + 55 * v3; break;
            case FlameKind.ThirdParty: r = 60 + 50 * v1; g = 180 + 60 * v2; b = 60 + 50 * v3; break;
            case FlameKind.Bad: r = 200; g = 60; b = 60; break;
            default: r = 190 + 20 * v1; g = r; b = r + 10; break;
        }
        if (isLine)
        {
            r += (255 - r) * 0.45;
            g += (255 - g) * 0.45;
            b += (255 - b) * 0.45;
        }
        return $"rgb({(int)Math.Floor(r)},{(int)Math.Floor(g)},{(int)Math.Floor(b)})";
    }

    private static string Fit(string label, double width)
    {
        int chars = (int)Math.Floor((width - 6) / CharWidth);
        if (chars < 3) return "";
        return label.Length <= chars ? label : label[..(chars - 2)] + "..";
    }

    private static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Grouped(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>Text for XML: markup escaped, and characters XML 1.0 cannot carry replaced.</summary>
    public static string Escape(string s)
    {
        var b = new StringBuilder(s.Length);
        foreach (char c in s)
        {
            switch (c)
            {
                case '<': b.Append("&lt;"); break;
                case '>': b.Append("&gt;"); break;
                case '&': b.Append("&amp;"); break;
                case '"': b.Append("&quot;"); break;
                default: b.Append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c is '\uFFFE' or '\uFFFF' ? '\uFFFD' : c); break;
            }
        }
        return b.ToString();
    }
}
