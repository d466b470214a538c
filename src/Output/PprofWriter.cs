// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.IO;
using Austin.Samples;

namespace Austin.Output;

/// <summary>
/// pprof's profile.proto (github.com/google/pprof, proto/profile.proto), gzipped, as `go tool pprof` reads it:
/// one function per Python function (name, file, first line), one location per function and line, and one sample per
/// distinct stack (leaf first) with its sums: the count of thread stacks and the time in microseconds, or with -m the
/// memory gained in bytes, or with -f the time, the memory gained and the memory released; its thread and process as
/// labels. Encoded by hand (<see cref="ProtoWriter"/>): the format needs five message types, not a library.
/// </summary>
internal sealed class PprofWriter(Stream stream, MetricMode mode) : AggregatingWriter(stream, mode)
{
    // profile.proto's field numbers.
    private const int ProfileSampleType = 1, ProfileSample = 2, ProfileLocation = 4, ProfileFunction = 5, ProfileStringTable = 6;
    private const int ProfileDurationNanos = 10, ProfilePeriodType = 11, ProfilePeriod = 12, ProfileComment = 13, ProfileDefaultSampleType = 14;
    private const int ValueTypeType = 1, ValueTypeUnit = 2;
    private const int SampleLocationId = 1, SampleValue = 2, SampleLabel = 3;
    private const int LabelKey = 1, LabelStr = 2, LabelNum = 3;
    private const int LocationId = 1, LocationLine = 4;
    private const int LineFunctionId = 1, LineLine = 2;
    private const int FunctionId = 1, FunctionName = 2, FunctionFilename = 4, FunctionStartLine = 5;

    private readonly Dictionary<string, long> _strings = new(StringComparer.Ordinal) { [""] = 0 };
    private readonly List<string> _table = [""];

    private long Intern(string s)
    {
        if (!_strings.TryGetValue(s, out long index))
        {
            _strings[s] = index = _table.Count;
            _table.Add(s);
        }
        return index;
    }

    protected override void Render(Stream output, ProfileStatistics statistics)
    {
        var profile = new ProtoWriter();
        var message = new ProtoWriter();
        var inner = new ProtoWriter();
        Measure[] measures = Measures(Mode);

        // Sample types: the count of thread stacks, then the mode's measures.
        WriteValueType(profile, message, ProfileSampleType, "samples", "count");
        foreach (Measure measure in measures) WriteValueType(profile, message, ProfileSampleType, TypeName(measure), UnitName(measure));
        profile.Varint(ProfileDefaultSampleType, Intern(TypeName(measures[0])));
        if (Mode == MetricMode.Time && Metadata is { IntervalUs: > 0 })
        {
            WriteValueType(profile, message, ProfilePeriodType, TimeName, "microseconds");
            profile.Varint(ProfilePeriod, Metadata.IntervalUs);
        }
        profile.Varint(ProfileDurationNanos, statistics.DurationUs * 1000);
        if (Metadata is { Command.Count: > 0 }) profile.Packed(ProfileComment, [Intern(string.Join(' ', Metadata.Command))]);

        // Locations are made as the samples need them: one per function and line (the bad sample is a function too).
        var functions = new Dictionary<int, long>();    // Function.Id (0: bad sample) -> function id
        var locations = new Dictionary<(long Function, int Line), long>();
        long LocationOf(int node)
        {
            bool bad = Tree.Kind(node) == StackNodeKind.Bad;
            int id = bad ? 0 : Tree.Key(node);
            if (!functions.TryGetValue(id, out long function))
            {
                functions[id] = function = functions.Count + 1;
                message.Clear();
                message.Varint(FunctionId, function);
                string name = bad ? "Bad sample" : Tree.Function(node).Name;
                // No system name: pprof "demangles" a function whose system name is its name, and its simplification
                // strips <...> as C++ template arguments, which would turn <module> and <lambda> into nothing.
                message.Varint(FunctionName, Intern(name));
                if (!bad)
                {
                    message.Varint(FunctionFilename, Intern(Tree.Function(node).File));
                    message.Varint(FunctionStartLine, Tree.Function(node).FirstLine);
                }
                profile.Message(ProfileFunction, message);
            }
            int line = bad ? 0 : Tree.Line(node);
            if (!locations.TryGetValue((function, line), out long location))
            {
                locations[(function, line)] = location = locations.Count + 1;
                message.Clear();
                message.Varint(LocationId, location);
                inner.Clear();
                inner.Varint(LineFunctionId, function);
                inner.Varint(LineLine, line);
                message.Message(LocationLine, inner);
                profile.Message(ProfileLocation, message);
            }
            return location;
        }

        var stack = new List<long>();
        var leafFirst = new List<long>();
        var values = new long[1 + measures.Length];
        foreach (int process in Tree.Children(0))
        {
            foreach (int thread in Tree.Children(process))
                Visit(thread, process, thread);
        }

        void Visit(int node, int process, int thread)
        {
            ref readonly StackMetrics own = ref Tree.Own(node);
            if (own.Samples > 0)
            {
                values[0] = own.Samples;
                for (int m = 0; m < measures.Length; m++)
                    values[m + 1] = measures[m] == Measure.Time ? own.Time : own[measures[m]] * 1024;
                leafFirst.Clear();
                for (int i = stack.Count - 1; i >= 0; i--) leafFirst.Add(stack[i]);
                message.Clear();
                message.Packed(SampleLocationId, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(leafFirst));
                message.Packed(SampleValue, values);
                WriteLabel(message, inner, "thread", $"{(ulong)Tree.Key2(thread):x}", 0);
                WriteLabel(message, inner, "pid", null, Tree.Key(process));
                if (Tree.Key(thread) != 0) WriteLabel(message, inner, "interpreter", null, Tree.Key(thread));
                profile.Message(ProfileSample, message);
            }
            for (int c = Tree.FirstChild(node); c != 0; c = Tree.NextSibling(c))
            {
                stack.Add(LocationOf(c));
                Visit(c, process, thread);
                stack.RemoveAt(stack.Count - 1);
            }
        }

        foreach (string s in _table) profile.String(ProfileStringTable, s);

        Gzip.Write(output, profile.WrittenSpan);
    }

    private void WriteValueType(ProtoWriter profile, ProtoWriter message, int field, string type, string unit)
    {
        message.Clear();
        message.Varint(ValueTypeType, Intern(type));
        message.Varint(ValueTypeUnit, Intern(unit));
        profile.Message(field, message);
    }

    private void WriteLabel(ProtoWriter sample, ProtoWriter label, string key, string? text, long number)
    {
        label.Clear();
        label.Varint(LabelKey, Intern(key));
        if (text is not null) label.Varint(LabelStr, Intern(text));
        else label.Varint(LabelNum, number);
        sample.Message(SampleLabel, label);
    }

    private string TypeName(Measure measure) => measure switch
    {
        Measure.Time => TimeName,
        Measure.MemoryGained => "memory_gained",
        Measure.MemoryReleased => "memory_released",
        _ => "samples",
    };

    private static string UnitName(Measure measure) => measure switch
    {
        Measure.Time => "microseconds",
        Measure.Samples => "count",
        _ => "bytes",
    };
}
