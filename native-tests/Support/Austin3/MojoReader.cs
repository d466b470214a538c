// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Austin.Tests.Support.Austin3;

/// <summary>
/// Decodes MOJO, the C austin 3.x's binary format, written from its description (mojo.h of austin 3.7 and the
/// MOJO wiki page) and independent of austin's writer: <c>MOJ</c>, the version as an integer, then events, each a
/// kind byte and its fields.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Integers: the first byte holds 6 bits of the magnitude (least significant first), 0x40 for a negative value
/// and 0x80 when more bytes follow; each further byte holds 7 bits and 0x80 when more follow.</item>
/// <item>Strings end with a NUL byte.</item>
/// <item>Events: 1 METADATA (key, value), 2 STACK (pid, interpreter id from version 3, thread id as hexadecimal
/// text), 3 FRAME (key, file string key, function string key, line; from version 2 end line, column, end column),
/// 4 FRAME_INVALID, 5 FRAME_REF (key), 6 FRAME_KERNEL (name), 7 GC, 8 IDLE, 9 METRIC_TIME, 10 METRIC_MEMORY,
/// 11 STRING (key, text), 12 STRING_REF (key).</item>
/// <item>Keys of strings and frames are scoped by the process of the last STACK. String keys 0 and 1 stand for ""
/// and "&lt;unknown&gt;" when nothing defined them (austin-python's reader).</item>
/// </list>
/// A sample is the events from one STACK to the next (or to the end).
/// </remarks>
public static class MojoReader
{
    public const int Metadata = 1, Stack = 2, Frame = 3, FrameInvalid = 4, FrameRef = 5, FrameKernel = 6, Gc = 7, Idle = 8,
        MetricTime = 9, MetricMemory = 10, String = 11, StringRef = 12;

    public static Profile3 Read(byte[] mojo) => new Decoder(mojo).Read();

    /// <summary>The version in the header.</summary>
    public static int VersionOf(byte[] mojo) => new Decoder(mojo).Header();

    private sealed class Decoder(byte[] data)
    {
        private int _at;
        private int _version;
        private readonly List<KeyValuePair<string, string>> _metadata = [];
        private readonly List<Sample3> _samples = [];
        private readonly Dictionary<(int Pid, long Key), string> _strings = [];
        private readonly Dictionary<(int Pid, long Key), Frame3> _frames = [];

        // The sample being read.
        private bool _open;
        private int _pid;
        private long _iid;
        private ulong _tid;
        private List<Frame3> _stack = [];
        private bool _invalid, _gc, _idle;
        private long? _time, _memory;

        public int Header()
        {
            if (data.Length < 4 || data[0] != 'M' || data[1] != 'O' || data[2] != 'J')
                throw Error("no MOJ header");
            _at = 3;
            _version = checked((int)Integer());
            return _version;
        }

        public Profile3 Read()
        {
            Header();
            if (_version is < 1 or > 3) throw Error($"MOJO version {_version} is not one this reader knows");
            while (_at < data.Length)
            {
                int start = _at;
                byte kind = data[_at++];
                switch (kind)
                {
                    case Metadata:
                        _metadata.Add(new(Text(), Text()));
                        break;
                    case Stack:
                        Close();
                        _open = true;
                        _pid = checked((int)Integer());
                        _iid = _version >= 3 ? Integer() : 0;
                        string tid = Text();
                        if (!ulong.TryParse(tid, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _tid))
                            throw Error($"thread id '{tid}' is not hexadecimal", start);
                        break;
                    case Frame:
                    {
                        long key = Integer();
                        string file = StringOf(Integer(), start);
                        string function = StringOf(Integer(), start);
                        int line = checked((int)Integer());
                        int endLine = 0, column = 0, endColumn = 0;
                        if (_version >= 2)
                        {
                            endLine = checked((int)Integer());
                            column = checked((int)Integer());
                            endColumn = checked((int)Integer());
                        }
                        _frames[(_pid, key)] = new Frame3(file, function, line, endLine, column, endColumn);
                        break;
                    }
                    case FrameInvalid:
                        Current(start)._invalid = true;
                        break;
                    case FrameRef:
                    {
                        long key = Integer();
                        Current(start);
                        if (!_frames.TryGetValue((_pid, key), out Frame3? frame))
                            throw Error($"frame reference {key} of process {_pid} was never defined", start);
                        _stack.Add(frame);
                        break;
                    }
                    case FrameKernel:
                        Current(start)._stack.Add(new Frame3("<kernel>", Text(), 0));
                        break;
                    case Gc:
                        Current(start)._gc = true;
                        break;
                    case Idle:
                        Current(start)._idle = true;
                        break;
                    case MetricTime:
                        Current(start)._time = Integer();
                        break;
                    case MetricMemory:
                        Current(start)._memory = Integer();
                        break;
                    case String:
                    {
                        long key = Integer();
                        _strings[(_pid, key)] = Text();
                        break;
                    }
                    case StringRef:
                        StringOf(Integer(), start);
                        break;
                    default:
                        throw Error($"unknown event kind {kind}", start);
                }
            }
            Close();
            return new Profile3(_metadata, _samples);
        }

        private Decoder Current(int at) => _open ? this : throw Error("a sample's event before any STACK", at);

        private void Close()
        {
            if (!_open) return;
            // The idle flag only exists in the full mode, where both metrics are present.
            bool? idle = _time is not null && _memory is not null ? _idle : null;
            _samples.Add(new Sample3(_pid, _iid, _tid, _stack, _invalid, _gc, idle, _time, _memory));
            _stack = [];
            _invalid = _gc = _idle = false;
            _time = _memory = null;
            _open = false;
        }

        private string StringOf(long key, int at)
        {
            if (_strings.TryGetValue((_pid, key), out string? s)) return s;
            return key switch
            {
                0 => "",
                1 => "<unknown>",
                _ => throw Error($"string reference {key} of process {_pid} was never defined", at),
            };
        }

        private long Integer()
        {
            int start = _at;
            byte b = Byte(start);
            bool negative = (b & 0x40) != 0;
            ulong value = (ulong)(b & 0x3f);
            int shift = 6;
            while ((b & 0x80) != 0)
            {
                b = Byte(start);
                if (shift > 63) throw Error("an integer longer than 64 bits", start);
                value |= (ulong)(b & 0x7f) << shift;
                shift += 7;
            }
            if (value > long.MaxValue) throw Error("an integer beyond 63 bits", start);
            return negative ? -(long)value : (long)value;
        }

        private string Text()
        {
            int end = Array.IndexOf(data, (byte)0, _at);
            if (end < 0) throw Error("a string without its NUL");
            string s = Encoding.UTF8.GetString(data, _at, end - _at);
            _at = end + 1;
            return s;
        }

        private byte Byte(int start) => _at < data.Length ? data[_at++] : throw Error("the data ends inside an integer", start);

        private Profile3FormatException Error(string what, int? at = null) => new($"MOJO at byte {at ?? _at}: {what}");
    }
}
