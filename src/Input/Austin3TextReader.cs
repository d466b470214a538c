// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Austin.Samples;

namespace Austin.Input;

/// <summary>
/// Reads the C austin 3.x's text format (and austin's --format=austin): <c># key: value</c> metadata, then lines
/// <c>P&lt;pid&gt;;T&lt;iid&gt;:&lt;tid&gt;;&lt;file&gt;:&lt;function&gt;:&lt;line&gt;;... &lt;metrics&gt;</c>, outermost
/// frame first; <c>:INVALID:</c> marks a stack that could not be read and <c>:GC:</c> the garbage collector. The metrics
/// follow the <c>mode</c> entry: wall or cpu, microseconds; memory, bytes (gains and releases); full,
/// <c>time,idle,memory</c>. Memory becomes KB, as the sample model counts it.
/// </summary>
internal sealed class Austin3TextReader : ISampleReader
{
    private readonly TextReader _text;
    private readonly Dictionary<(string Name, string File), Function> _functions = new();
    private readonly List<Frame> _frames = new(64);
    private string? _pending;

    public Austin3TextReader(TextReader text) => _text = text;

    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    public bool MultiProcess => Metadata.GetValueOrDefault("multiprocess") == "on";

    public MetricMode Mode { get; private set; } = MetricMode.Time;

    public long SkippedLines { get; private set; }

    /// <summary>Reads the header: the metadata before the first sample.</summary>
    public void ReadHeader()
    {
        string? line;
        while ((line = _text.ReadLine()) is not null)
        {
            if (TryMetadata(line)) continue;
            if (line.Length == 0) continue;
            _pending = line;
            break;
        }
        Mode = Metadata.GetValueOrDefault("mode") switch
        {
            "memory" => MetricMode.Memory,
            "full" => MetricMode.Full,
            _ => MetricMode.Time,
        };
    }

    public void Read(ISampleSink sink)
    {
        if (_pending is not null && !TryParse(_pending, sink)) SkippedLines++;
        _pending = null;
        string? line;
        while ((line = _text.ReadLine()) is not null)
        {
            if (TryMetadata(line) || line.Length == 0) continue;
            if (!TryParse(line, sink)) SkippedLines++;
        }
    }

    private bool TryMetadata(string line)
    {
        if (!line.StartsWith("# ", StringComparison.Ordinal)) return false;
        int colon = line.IndexOf(": ", 2, StringComparison.Ordinal);
        if (colon > 2) Metadata[line[2..colon]] = line[(colon + 2)..].TrimEnd('\r');
        return true;
    }

    private bool TryParse(string line, ISampleSink sink)
    {
        line = line.TrimEnd('\r');
        int space = line.LastIndexOf(' ');
        if (space < 0 || !line.StartsWith('P')) return false;
        string[] parts = line[..space].Split(';');
        if (parts.Length < 2 || !parts[1].StartsWith('T')) return false;
        if (!int.TryParse(parts[0].AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) return false;
        int colon = parts[1].IndexOf(':');
        if (colon < 0
            || !long.TryParse(parts[1].AsSpan(1, colon - 1), NumberStyles.None, CultureInfo.InvariantCulture, out long iid)
            || !ulong.TryParse(parts[1].AsSpan(colon + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong tid))
            return false;

        _frames.Clear();
        bool bad = false, gc = false;
        for (int i = 2; i < parts.Length; i++)
        {
            string part = parts[i];
            if (part == ":INVALID:")
            {
                bad = true;
                continue;
            }
            if (part == ":GC:")
            {
                gc = true;
                continue;
            }
            int lineColon = part.LastIndexOf(':');
            int scopeColon = lineColon > 0 ? part.LastIndexOf(':', lineColon - 1) : -1;
            if (scopeColon < 0 || !int.TryParse(part.AsSpan(lineColon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int lineNumber))
                return false;
            string file = part[..scopeColon], name = part[(scopeColon + 1)..lineColon];
            if (!_functions.TryGetValue((name, file), out Function? function))
                _functions[(name, file)] = function = new Function(name, file);
            _frames.Add(new Frame(function, lineNumber));
        }

        if (!TryMetrics(line.AsSpan(space + 1), out SampleMetrics metrics, out bool idle)) return false;
        sink.Add(new ThreadSample(pid, iid, tid, tid, holdsGil: false, idle, bad && _frames.Count == 0,
            System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_frames), metrics) { GcCollecting = gc });
        return true;
    }

    private bool TryMetrics(ReadOnlySpan<char> text, out SampleMetrics metrics, out bool idle)
    {
        metrics = default;
        idle = false;
        if (Mode == MetricMode.Full)
        {
            int first = text.IndexOf(','), second = first < 0 ? -1 : text[(first + 1)..].IndexOf(',') + first + 1;
            if (first < 0 || second <= first
                || !long.TryParse(text[..first], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long time)
                || !int.TryParse(text[(first + 1)..second], NumberStyles.None, CultureInfo.InvariantCulture, out int idleFlag)
                || !long.TryParse(text[(second + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long bytes))
                return false;
            idle = idleFlag != 0;
            metrics = new SampleMetrics(time, bytes / 1024);
            return true;
        }
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value)) return false;
        metrics = Mode == MetricMode.Memory ? new SampleMetrics(0, value / 1024) : new SampleMetrics(value, 0);
        return true;
    }
}
