// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Text;
using Austin.Samples;

namespace Austin.Output;

/// <summary>
/// The C austin 3.x's binary format, MOJO version 3 (3.7's mojo.h and events.h): <c>MOJ</c> and the version, then
/// events, each a kind byte and its fields. Integers are variable-length: 6 bits, a sign bit and a continuation bit
/// in the first byte, then 7 bits and a continuation bit per byte. Strings end with a NUL. A frame is defined once
/// (<c>FRAME</c>: key, file and function as string references, line, end line, column, end column) after the strings
/// it refers to (<c>STRING</c>: key, text), and referred to by its key (<c>FRAME_REF</c>) in every stack; references
/// are scoped by the process of the stack they appear in. The events come in the C austin's order: a stack
/// (<c>STACK</c>: pid, interpreter id, OS thread id as hexadecimal text), the definitions of its new frames innermost
/// first, its frame references outermost first, <c>FRAME_INVALID</c> when it could not be read, <c>GC</c>, then the
/// metrics (<c>METRIC_TIME</c> µs, <c>IDLE</c>, <c>METRIC_MEMORY</c> bytes with a sign).
/// </summary>
/// <remarks>
/// The C austin keys strings and frames by the addresses of the target's objects; the keys here are numbers of our
/// own (strings from 2: readers take 0 and 1 for the empty string and "&lt;unknown&gt;"), kept in tables indexed by
/// <see cref="Function.Id"/> and by frame location, so that a sample whose frames were all seen before costs lookups
/// and no allocation.
/// </remarks>
internal sealed class MojoWriter : ISampleWriter
{
    public const int Version = 3;

    /// <summary>Event kinds (mojo.h).</summary>
    public enum Event : byte
    {
        Reserved, Metadata, Stack, Frame, FrameInvalid, FrameRef, FrameKernel, Gc, Idle, MetricTime, MetricMemory, String, StringRef,
    }

    /// <summary>References are written with at most 27 bits (mojo.h MOJO_INT32): four bytes.</summary>
    private const long ReferenceMask = (1L << 27) - 1;

    private readonly OutputBuffer _out;
    private readonly MetricMode _mode;
    private ProfileMetadata? _metadata;
    private bool _pythonWritten;

    /// <summary>The string keys of each function's file and name, for the process they were defined in.</summary>
    private FunctionRefs[] _functions = new FunctionRefs[1024];
    private readonly Dictionary<ProcessString, long> _strings = new();
    private readonly Dictionary<FrameSite, long> _frames = new();
    private long _lastStringKey = 1;
    private long _lastFrameKey;
    private long[] _keys = new long[256];

    private struct FunctionRefs
    {
        public int Pid;
        public long File;
        public long Name;
    }

    /// <summary>A string as defined for one process (readers resolve references per process).</summary>
    private readonly record struct ProcessString(int Pid, byte[] Text)
    {
        // Its name only: the generated list of members would bring every member type's formatting into the binary.
        public override string ToString() => nameof(ProcessString);

        public bool Equals(ProcessString other) => Pid == other.Pid && Text.AsSpan().SequenceEqual(other.Text);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.Add(Pid);
            hash.AddBytes(Text);
            return hash.ToHashCode();
        }
    }

    /// <summary>A frame as defined for one process: function and location.</summary>
    private readonly record struct FrameSite(int Pid, int Function, int Line, int EndLine, int Column, int EndColumn)
    {
        // Its name only: the generated list of members would bring every member type's formatting into the binary.
        public override string ToString() => nameof(FrameSite);
    }

    public MojoWriter(System.IO.Stream stream, MetricMode mode)
    {
        _out = new OutputBuffer(stream);
        _mode = mode;
    }

    public void Begin(ProfileMetadata metadata)
    {
        _metadata = metadata;
        _out.Append("MOJ"u8);
        Integer(Version);
        foreach (KeyValuePair<string, string> entry in Austin3Metadata.Header(metadata))
            WriteEntry(entry.Key, entry.Value);
    }

    /// <summary>As <see cref="AustinWriter.WriteMetadata"/>: the Python version once, with -P only.</summary>
    public void WriteMetadata(string key, string value)
    {
        if (key == Austin3Metadata.PythonKey && (_metadata is not { Pipe: true } || _pythonWritten)) return;
        WriteEntry(key, value);
    }

    public void End(ProfileStatistics statistics)
    {
        foreach (KeyValuePair<string, string> entry in Austin3Metadata.Footer(_metadata ?? throw new InvalidOperationException("End before Begin"), statistics))
            WriteEntry(entry.Key, entry.Value);
    }

    private void WriteEntry(string key, string value)
    {
        if (key == Austin3Metadata.PythonKey) _pythonWritten = true;
        _out.Append((byte)Event.Metadata);
        String(Encoding.UTF8.GetBytes(key));
        String(Encoding.UTF8.GetBytes(value));
    }

    public void Write(in ThreadSample sample)
    {
        int pid = sample.Pid;
        _out.Append((byte)Event.Stack);
        Integer(pid);
        Integer(sample.InterpreterId);
        _out.AppendHex(Austin3Metadata.ThreadId(sample));
        _out.Append(0);

        ReadOnlySpan<Frame> frames = sample.Frames;
        if (frames.Length > _keys.Length) Array.Resize(ref _keys, Math.Max(frames.Length, _keys.Length * 2));
        Span<long> keys = _keys.AsSpan(0, frames.Length);
        // New frames are defined innermost first, as the C austin resolves them; then the stack refers to them.
        for (int i = frames.Length - 1; i >= 0; i--)
            keys[i] = FrameKey(pid, frames[i]);
        foreach (long key in keys)
        {
            _out.Append((byte)Event.FrameRef);
            Integer(key);
        }
        if (sample.IsBad) _out.Append((byte)Event.FrameInvalid);
        if (sample.GcCollecting) _out.Append((byte)Event.Gc);

        SampleMetrics m = sample.Metrics;
        if (_mode != MetricMode.Memory)
        {
            _out.Append((byte)Event.MetricTime);
            Integer(m.Time);
        }
        if (_mode == MetricMode.Full && sample.Idle) _out.Append((byte)Event.Idle);
        if (_mode != MetricMode.Time)
        {
            _out.Append((byte)Event.MetricMemory);
            Integer(Austin3Metadata.Bytes(m.MemoryDelta));
        }
    }

    /// <summary>The key of a frame, defined (with its strings) when it is new to the process.</summary>
    private long FrameKey(int pid, in Frame frame)
    {
        Function function = frame.Function;
        var site = new FrameSite(pid, function.Id, frame.Line, frame.EndLine, frame.Column, frame.EndColumn);
        if (_frames.TryGetValue(site, out long key)) return key;

        ref FunctionRefs refs = ref Refs(function.Id);
        if (refs.Pid != pid || refs.File == 0)
        {
            refs.Pid = pid;
            refs.File = StringKey(pid, function.FileUtf8);
            refs.Name = StringKey(pid, function.NameUtf8);
        }
        key = ++_lastFrameKey;
        _frames.Add(site, key);
        _out.Append((byte)Event.Frame);
        Integer(key);
        Reference(refs.File);
        Reference(refs.Name);
        Integer(frame.Line);
        Integer(frame.EndLine);
        Integer(frame.Column);
        Integer(frame.EndColumn);
        return key;
    }

    private ref FunctionRefs Refs(int id)
    {
        if (id >= _functions.Length) Array.Resize(ref _functions, Math.Max(id + 1, _functions.Length * 2));
        return ref _functions[id];
    }

    /// <summary>The key of a string, defined when it is new to the process.</summary>
    private long StringKey(int pid, byte[] text)
    {
        var s = new ProcessString(pid, text);
        if (_strings.TryGetValue(s, out long key)) return key;
        key = ++_lastStringKey;
        _strings.Add(s, key);
        _out.Append((byte)Event.String);
        Reference(key);
        String(text);
        return key;
    }

    private void Reference(long key) => Integer(key & ReferenceMask);

    /// <summary>A NUL-terminated string (a NUL inside, which C strings cannot hold, would end it early: it is dropped).</summary>
    private void String(ReadOnlySpan<byte> text)
    {
        int nul = text.IndexOf((byte)0);
        _out.Append(nul < 0 ? text : text[..nul]);
        _out.Append(0);
    }

    /// <summary>mojo.h mojo_integer: the magnitude in 6 bits plus sign and continuation bits, then 7-bit groups.</summary>
    private void Integer(long value)
    {
        Span<byte> b = _out.Reserve(10);
        int n = Encode(value, b);
        _out.Advance(n);
    }

    /// <summary>Encodes <paramref name="value"/> as a MOJO integer into <paramref name="destination"/> (10 bytes at most); returns the length.</summary>
    public static int Encode(long value, Span<byte> destination)
    {
        bool negative = value < 0;
        ulong magnitude = negative ? (ulong)-(value + 1) + 1 : (ulong)value;
        byte first = (byte)(magnitude & 0x3f);
        if (negative) first |= 0x40;
        magnitude >>= 6;
        if (magnitude != 0) first |= 0x80;
        destination[0] = first;
        int n = 1;
        while (magnitude != 0)
        {
            byte next = (byte)(magnitude & 0x7f);
            magnitude >>= 7;
            if (magnitude != 0) next |= 0x80;
            destination[n++] = next;
        }
        return n;
    }

    public void Flush() => _out.Flush();

    /// <summary>Closes the stream. Does not flush: the owner flushes on every exit path and handles write errors there.</summary>
    public void Dispose() => _out.Stream.Dispose();
}
