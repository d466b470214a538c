// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using Austin.Samples;

namespace Austin.Output;

/// <summary>
/// --summary: a few lines of plain text for a CI log, drawn from a <see cref="StackTree"/> at the end of a run: the
/// run's figures, then the top functions by own share (the stacks that ended in them) and by total share (the stacks
/// that went through them, each counted once however deep its recursion), with the file and first line of each.
/// Shares are of the mode's main metric (time, or memory gained with -m), as pprof's flat% and cum% are.
/// </summary>
internal static class SummaryReport
{
    /// <summary>The number of functions listed when --summary has no value.</summary>
    public const int DefaultTop = 10;

    /// <summary>One function's sums.</summary>
    public sealed record Row(Function? Function, long Own, long Total)
    {
        // Its name only: the generated list of members would bring every member type's formatting into the binary.
        public override string ToString() => nameof(Row);

        public string Name => Function is null ? "Bad sample" : Function.Name;
        public string Where => Function is null ? "" : Function.FirstLine > 0 ? $"{Function.File}:{Function.FirstLine}" : Function.File;
    }

    /// <summary>Every function of the tree with its own and total sums of <paramref name="measure"/> (bad samples as one row).</summary>
    public static List<Row> Functions(StackTree tree, Measure measure)
    {
        StackMetrics[] totals = tree.Totals();
        var own = new Dictionary<int, long>();
        var total = new Dictionary<int, long>();
        var onPath = new Dictionary<int, int>();
        var functions = new Dictionary<int, Function?>();
        // One row per function as a person names it (name, file, first line): the same function in several processes
        // (-C), or of several code objects, is one row. Keyed by Function.Id first, to name each function once.
        var rowOfId = new Dictionary<int, int>();
        var rowOfName = new Dictionary<(string, string, int), int>();
        for (int c = tree.FirstChild(0); c != 0; c = tree.NextSibling(c)) Visit(c);

        int RowOf(Function function)
        {
            if (rowOfId.TryGetValue(function.Id, out int row)) return row;
            if (!rowOfName.TryGetValue((function.Name, function.File, function.FirstLine), out row))
            {
                rowOfName[(function.Name, function.File, function.FirstLine)] = row = rowOfName.Count + 1;
                functions[row] = function;
            }
            return rowOfId[function.Id] = row;
        }

        void Visit(int node)
        {
            int id = -1;
            StackNodeKind kind = tree.Kind(node);
            if (kind is StackNodeKind.Frame or StackNodeKind.Bad)
            {
                id = kind == StackNodeKind.Bad ? 0 : RowOf(tree.Function(node));
                if (kind == StackNodeKind.Bad) functions.TryAdd(0, null);
                own[id] = own.GetValueOrDefault(id) + tree.Own(node)[measure];
                int depth = onPath.GetValueOrDefault(id);
                if (depth == 0) total[id] = total.GetValueOrDefault(id) + totals[node][measure];
                onPath[id] = depth + 1;
            }
            for (int c = tree.FirstChild(node); c != 0; c = tree.NextSibling(c)) Visit(c);
            if (id >= 0) onPath[id]--;
        }

        var rows = new List<Row>(functions.Count);
        foreach ((int id, Function? function) in functions) rows.Add(new Row(function, own[id], total[id]));
        return rows;
    }

    /// <summary>Writes the summary of a run.</summary>
    public static void Write(TextWriter output, StackTree tree, MetricMode mode, ProfileStatistics statistics, int top, string title)
    {
        Measure measure = AggregatingWriter.Measures(mode)[0];
        long all = tree.Total[measure];
        var text = new StringBuilder();
        CultureInfo invariant = CultureInfo.InvariantCulture;
        text.Append(invariant, $"austin summary: {title}\n");
        double badPercent = statistics.ThreadSamples == 0 ? 0 : 100.0 * statistics.BadSamples / statistics.ThreadSamples;
        text.Append(invariant, $"  duration {statistics.DurationUs / 1e6:F2} s, {statistics.Samples:N0} samples, {statistics.ThreadSamples:N0} thread stacks, ")
            .Append(invariant, $"{statistics.BadSamples:N0} bad ({badPercent:F2} %), {statistics.Overruns:N0} overruns; total {Amount(all, measure)}");
        int processes = 0;
        for (int p = tree.FirstChild(0); p != 0; p = tree.NextSibling(p)) processes++;
        // With -C the samples are of several processes: the shares are of them all.
        if (processes > 1) text.Append(invariant, $" in {processes} processes");
        text.Append('\n');

        List<Row> rows = Functions(tree, measure);
        int n = Math.Min(top, rows.Count);
        if (n == 0 || all <= 0)
        {
            text.Append("  no samples\n");
            output.Write(text.ToString());
            output.Flush();
            return;
        }
        string metric = measure == Measure.Time ? "time" : "memory";
        rows.Sort((a, b) => b.Own != a.Own ? b.Own.CompareTo(a.Own) : string.CompareOrdinal(a.Name, b.Name));
        Table(text, $"top {n} functions by own {metric}", rows, n, all, own: true);
        rows.Sort((a, b) => b.Total != a.Total ? b.Total.CompareTo(a.Total) : string.CompareOrdinal(a.Name, b.Name));
        Table(text, $"top {n} functions by total {metric}", rows, n, all, own: false);
        output.Write(text.ToString());
        output.Flush();
    }

    private static void Table(StringBuilder text, string heading, List<Row> rows, int n, long all, bool own)
    {
        CultureInfo invariant = CultureInfo.InvariantCulture;
        text.Append("  ").Append(heading).Append('\n');
        text.Append(own ? "      own    total  function (file:line)\n" : "    total      own  function (file:line)\n");
        for (int i = 0; i < n; i++)
        {
            Row row = rows[i];
            double first = 100.0 * (own ? row.Own : row.Total) / all, second = 100.0 * (own ? row.Total : row.Own) / all;
            text.Append(invariant, $"  {first,6:F2} % {second,6:F2} %  {row.Name}");
            if (row.Where.Length > 0) text.Append(" (").Append(row.Where).Append(')');
            text.Append('\n');
        }
    }

    private static string Amount(long value, Measure measure) => measure == Measure.Time
        ? string.Create(CultureInfo.InvariantCulture, $"{value / 1e6:F2} s of thread time")
        : string.Create(CultureInfo.InvariantCulture, $"{value:N0} KB");
}
