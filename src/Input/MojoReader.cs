// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using Austin.Samples;

namespace Austin.Input;

/// <summary>
/// Reads MOJO, the C austin 3.x's binary format (version 3; 3.7's mojo.h): <c>MOJ</c> and the version, then events,
/// each a kind byte and its fields. A sample is a STACK (pid, interpreter id, thread id as hexadecimal text), the
/// frames it refers to (FRAME_REF, defined before by FRAME over STRING references, keyed per process), FRAME_INVALID
/// for a stack that could not be read, GC, then its metrics (METRIC_TIME µs, IDLE, METRIC_MEMORY bytes with a sign);
/// it ends where the next STACK or METADATA event begins, or with the file. Memory becomes KB.
/// </summary>
internal sealed class MojoReader : ISampleReader
{
    // mojo.h's event kinds.
    private const int Metadata_ = 1, Stack = 2, FrameEvent = 3, FrameInvalid = 4, FrameRef = 5, FrameKernel = 6, Gc = 7, Idle = 8,
        MetricTime = 9, MetricMemory = 10, StringEvent = 11, StringRef = 12;

    private readonly Stream _input;
    private readonly Dictionary<(int Pid, long Key), string> _strings = new();
    private readonly Dictionary<(int Pid, long Key), Frame> _frames = new();
    private readonly Dictionary<(string Name, string File), Function> _functions = new();
    private readonly List<Frame> _stack = new(64);
    private readonly List<byte> _text = new(256);
    private int _pending = -1;

    // The sample being read.
    private bool _inSample;
    private int _pid;
    private long _iid;
    private ulong _tid;
    private bool _bad, _idle, _gc;
    private long _time, _memory;

    public MojoReader(Stream input) => _input = input;

    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    public bool MultiProcess => Metadata.GetValueOrDefault("multiprocess") == "on";

    public MetricMode Mode { get; private set; } = MetricMode.Time;

    public long SkippedLines => 0;

    /// <summary>Whether the stream starts like a MOJO file.</summary>
    public static bool LooksLikeMojo(ReadOnlySpan<byte> head) => head.StartsWith("MOJ"u8);

    /// <summary>Reads the magic, the version and the metadata before the first sample.</summary>
    public void ReadHeader()
    {
        if (_input.ReadByte() != 'M' || _input.ReadByte() != 'O' || _input.ReadByte() != 'J')
            throw new InvalidDataException("not a MOJO file");
        long version = Integer();
        if (version != 3) throw new InvalidDataException($"MOJO version {version} (austin reads version 3)");
        int kind;
        while ((kind = _input.ReadByte()) == Metadata_) ReadMetadata();
        _pending = kind;
        Mode = Metadata.GetValueOrDefault("mode") switch
        {
            "memory" => MetricMode.Memory,
            "full" => MetricMode.Full,
            _ => MetricMode.Time,
        };
    }

    public void Read(ISampleSink sink)
    {
        int kind = _pending;
        _pending = -1;
        while (true)
        {
            if (kind < 0) kind = _input.ReadByte();
            if (kind < 0) break;
            switch (kind)
            {
                case Metadata_:
                    Finish(sink);
                    ReadMetadata();
                    break;
                case Stack:
                    Finish(sink);
                    _inSample = true;
                    _pid = (int)Integer();
                    _iid = Integer();
                    _tid = ulong.Parse(String(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                    break;
                case FrameEvent:
                {
                    long key = Integer();
                    string file = _strings.GetValueOrDefault((_pid, Integer()), "");
                    string name = _strings.GetValueOrDefault((_pid, Integer()), "<unknown>");
                    int line = (int)Integer(), endLine = (int)Integer(), column = (int)Integer(), endColumn = (int)Integer();
                    _frames[(_pid, key)] = new Frame(FunctionOf(name, file), line, endLine, column, endColumn);
                    break;
                }
                case FrameRef:
                {
                    long key = Integer();
                    if (!_frames.TryGetValue((_pid, key), out Frame frame))
                        throw new InvalidDataException($"MOJO frame reference {key} before its definition");
                    _stack.Add(frame);
                    break;
                }
                case FrameKernel:
                    _stack.Add(new Frame(FunctionOf(String(), ""), 0));
                    break;
                case FrameInvalid:
                    _bad = true;
                    break;
                case Gc:
                    _gc = true;
                    break;
                case Idle:
                    _idle = true;
                    break;
                case MetricTime:
                    _time = Integer();
                    break;
                case MetricMemory:
                    _memory = Integer();
                    break;
                case StringEvent:
                {
                    long key = Integer();
                    _strings[(_pid, key)] = String();
                    break;
                }
                case StringRef:
                    Integer();
                    break;
                default:
                    throw new InvalidDataException($"unknown MOJO event {kind} at byte {_input.Position - 1}");
            }
            kind = -1;
        }
        Finish(sink);
    }

    private Function FunctionOf(string name, string file)
    {
        if (!_functions.TryGetValue((name, file), out Function? function))
            _functions[(name, file)] = function = new Function(name, file);
        return function;
    }

    /// <summary>Hands the sample read so far to the sink.</summary>
    private void Finish(ISampleSink sink)
    {
        if (!_inSample) return;
        sink.Add(new ThreadSample(_pid, _iid, _tid, _tid, holdsGil: false, _idle, _bad && _stack.Count == 0,
            System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_stack), new SampleMetrics(_time, _memory / 1024)) { GcCollecting = _gc });
        _inSample = _bad = _idle = _gc = false;
        _time = _memory = 0;
        _stack.Clear();
    }

    private void ReadMetadata()
    {
        string key = String();
        Metadata[key] = String();
    }

    /// <summary>mojo.h's integer: 6 bits, a sign bit and a continuation bit, then 7 bits and a continuation bit per byte.</summary>
    private long Integer()
    {
        int b = Next();
        bool negative = (b & 0x40) != 0;
        ulong value = (ulong)(b & 0x3f);
        int shift = 6;
        while ((b & 0x80) != 0)
        {
            b = Next();
            if (shift > 62) throw new InvalidDataException("MOJO integer too long");
            value |= (ulong)(b & 0x7f) << shift;
            shift += 7;
        }
        return negative ? -(long)value : (long)value;
    }

    private string String()
    {
        _text.Clear();
        int b;
        while ((b = Next()) != 0) _text.Add((byte)b);
        return Encoding.UTF8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_text));
    }

    private int Next()
    {
        int b = _input.ReadByte();
        if (b < 0) throw new EndOfStreamException("the MOJO file ends inside an event");
        return b;
    }
}
