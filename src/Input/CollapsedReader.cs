// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Austin.Samples;

namespace Austin.Input;

/// <summary>
/// Reads the collapsed formats back into samples: austin's and the C austin 0.7.0's normal format
/// (<c>Thread tid;func (file);Lline;... metric</c>), the alternative one (<c>func (file:line)</c> frames), with or
/// without a leading <c>Process pid;</c> (-C). A line has one metric (time, or memory with -m: the file cannot tell
/// which) or three (-f: time, memory gained, memory released), found from the first line. Other lines (blank, or not
/// starting with Thread or Process) are skipped and counted.
/// </summary>
internal sealed class CollapsedReader
{
    private readonly Dictionary<(string Name, string File), Function> _functions = new();
    private readonly List<Frame> _frames = new(64);
    private readonly MetricMode _singleMetric;
    private int _metrics;   // 1 or 3, decided by the first sample line

    /// <param name="singleMetric">What a line's one metric is: time (the default) or memory (-m).</param>
    public CollapsedReader(MetricMode singleMetric = MetricMode.Time) => _singleMetric = singleMetric;

    /// <summary>Lines that were not samples.</summary>
    public long SkippedLines { get; private set; }

    /// <summary>The mode of the samples read: time or memory as told, or full when lines carry three metrics.</summary>
    public MetricMode Mode => _metrics == 3 ? MetricMode.Full : _singleMetric;

    /// <summary>Reads every line of <paramref name="reader"/> and gives its samples to <paramref name="sink"/>.</summary>
    public void Read(TextReader reader, ISampleSink sink)
    {
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (!TryParse(line, sink))
                SkippedLines++;
        }
    }

    /// <summary>Parses one line and gives it to <paramref name="sink"/>; false when it is not a sample.</summary>
    public bool TryParse(string line, ISampleSink sink)
    {
        line = line.TrimEnd('\r');
        if (!line.StartsWith("Thread ", StringComparison.Ordinal) && !line.StartsWith("Process ", StringComparison.Ordinal))
            return false;
        if (_metrics == 0)
        {
            // Three metrics when the line still reads as a stack without them, and not with only one.
            _metrics = SplitMetrics(line, 3, out string stack3, out _) && IsStack(stack3) ? 3 : 1;
        }
        if (!SplitMetrics(line, _metrics, out string stack, out long[] metrics)) return false;

        string[] parts = stack.Split(';');
        int next = 0;
        int pid = 0;
        if (parts[0].StartsWith("Process ", StringComparison.Ordinal))
        {
            if (!int.TryParse(parts[0].AsSpan("Process ".Length), NumberStyles.None, CultureInfo.InvariantCulture, out pid)) return false;
            next = 1;
        }
        if (next >= parts.Length || !parts[next].StartsWith("Thread ", StringComparison.Ordinal)
            || !ulong.TryParse(parts[next].AsSpan("Thread ".Length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong thread))
            return false;
        next++;

        _frames.Clear();
        bool bad = false, gc = false;
        for (int i = next; i < parts.Length; i++)
        {
            string part = parts[i];
            if (part == "Bad sample")
            {
                bad = true;
                continue;
            }
            if (part == ":GC:")
            {
                gc = true;   // -g: the stack was sampled while the garbage collector ran
                continue;
            }
            if (IsLineFrame(part, out int lineNumber))
            {
                if (_frames.Count > 0) _frames[^1] = _frames[^1] with { Line = lineNumber };
                continue;
            }
            bool lineFollows = i + 1 < parts.Length && IsLineFrame(parts[i + 1], out _);
            _frames.Add(ParseFrame(part, lineFollows));
        }

        SampleMetrics sampleMetrics = _metrics == 3
            ? new SampleMetrics(metrics[0], metrics[1] + metrics[2])
            : _singleMetric == MetricMode.Memory ? new SampleMetrics(0, metrics[0]) : new SampleMetrics(metrics[0], 0);
        sink.Add(new ThreadSample(pid, 0, thread, 0, holdsGil: false, idle: false, bad && _frames.Count == 0,
            System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_frames), sampleMetrics) { GcCollecting = gc });
        return true;
    }

    /// <summary>"func (file)" (a line frame may follow) or "func (file:line)"; anything else is a function without a file.</summary>
    private Frame ParseFrame(string part, bool lineFollows)
    {
        string name = part, file = "";
        int line = 0;
        int open = part.IndexOf(" (", StringComparison.Ordinal);
        if (open > 0 && part.EndsWith(')'))
        {
            name = part[..open];
            file = part[(open + 2)..^1];
            int colon = file.LastIndexOf(':');
            if (!lineFollows && colon >= 0 && colon < file.Length - 1
                && int.TryParse(file.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int parsed))
            {
                line = parsed;
                file = file[..colon];
            }
        }
        if (!_functions.TryGetValue((name, file), out Function? function))
            _functions[(name, file)] = function = new Function(name, file);
        return new Frame(function, line);
    }

    private static bool IsLineFrame(string part, out int line)
    {
        line = 0;
        return part.Length > 1 && part[0] == 'L' && int.TryParse(part.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out line);
    }

    /// <summary>Splits the last <paramref name="count"/> space-separated integers off the line.</summary>
    private static bool SplitMetrics(string line, int count, out string stack, out long[] metrics)
    {
        metrics = new long[count];
        int end = line.Length;
        for (int m = count - 1; m >= 0; m--)
        {
            int space = line.LastIndexOf(' ', end - 1);
            if (space <= 0 || !long.TryParse(line.AsSpan(space + 1, end - space - 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out metrics[m]))
            {
                stack = line;
                return false;
            }
            end = space;
        }
        stack = line[..end];
        return true;
    }

    /// <summary>Whether what is left once the metrics are split off reads as a stack: its last part is a frame, a line, or the thread.</summary>
    private static bool IsStack(string stack)
    {
        int semicolon = stack.LastIndexOf(';');
        string last = stack[(semicolon + 1)..];
        if (semicolon < 0 || last.StartsWith("Thread ", StringComparison.Ordinal))
            return last.StartsWith("Thread ", StringComparison.Ordinal) && last.IndexOf(' ', "Thread ".Length) < 0;
        return IsLineFrame(last, out _) || last.EndsWith(')') || last == "Bad sample" || last == ":GC:";
    }
}

