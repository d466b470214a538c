// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using Austin.Python.LineTables;
using Austin.Python.Model;

namespace Austin.Tests.Support.Synthetic;

/// <summary>A run of code units on one line (or on no line: 3.10+ only).</summary>
internal readonly record struct Segment(int Units, int LineDelta, bool NoLine)
{
    public override string ToString() => NoLine ? $"{Units}u:-" : $"{Units}u:{LineDelta:+0;-0}";
}

/// <summary>
/// Encodes line tables the way CPython's compiler lays them out (Objects/lnotab_notes.txt, 3.10's
/// linetable, Objects/locations.md), from a list of segments, and says which line each position has.
/// Independent of the decoders under test: a round trip through both is itself a check.
/// </summary>
internal sealed class LineTableEncoder
{
    private readonly LineTableFormat _format;
    private readonly int _firstLine;
    private readonly Segment[] _segments;
    private readonly int?[] _lines;

    public LineTableEncoder(LineTableFormat format, int firstLine, Segment[] segments)
    {
        _format = format;
        _firstLine = firstLine;
        _segments = segments;
        _lines = new int?[segments.Length];
        int running = firstLine;
        for (int k = 0; k < segments.Length; k++)
        {
            bool noLine = segments[k].NoLine && format is LineTableFormat.LineTable310 or LineTableFormat.LocationTable;
            if (noLine) continue;
            // Lines never go below 0 in CPython (and -1 is how the decoders say "no line").
            running = Math.Max(0, running + (format == LineTableFormat.LnotabUnsigned ? Math.Abs(segments[k].LineDelta) : segments[k].LineDelta));
            _lines[k] = running;
        }
    }

    /// <summary>Code units covered by the table.</summary>
    public int Units
    {
        get
        {
            int n = 0;
            foreach (Segment s in _segments) n += s.Units;
            return n;
        }
    }

    /// <summary>
    /// The line the sampler must print for the frame at code unit <paramref name="unit"/> (-1: not started):
    /// <see cref="LineNumbers.Unknown"/> where CPython's f_lineno would be None.
    /// </summary>
    public int ExpectedLine(int unit)
    {
        if (unit < 0) return _firstLine;
        int start = 0;
        for (int k = 0; k < _segments.Length; k++)
        {
            if (unit < start + _segments[k].Units) return _lines[k] ?? LineNumbers.Unknown;
            start += _segments[k].Units;
        }
        // Past the end: lnotab has no end and keeps the last line; the later tables have no line.
        if (_format is LineTableFormat.LnotabSigned or LineTableFormat.LnotabUnsigned)
        {
            for (int k = _segments.Length - 1; k >= 0; k--)
                if (_lines[k] is int line) return line;
            return _firstLine;
        }
        return LineNumbers.Unknown;
    }

    /// <summary>The position the frame stores for code unit <paramref name="unit"/>: bytes up to 3.9, units after.</summary>
    public int Position(int unit) =>
        unit < 0 ? -1 : _format is LineTableFormat.LnotabSigned or LineTableFormat.LnotabUnsigned ? unit * 2 : unit;

    /// <param name="choices">Picks among equivalent encodings (entry lengths, forms); any values will do.</param>
    public byte[] Encode(Random choices) => _format switch
    {
        LineTableFormat.LnotabUnsigned or LineTableFormat.LnotabSigned => EncodeLnotab(),
        LineTableFormat.LineTable310 => Encode310(),
        _ => EncodeLocations(choices),
    };

    private byte[] EncodeLnotab()
    {
        bool signed = _format == LineTableFormat.LnotabSigned;
        var table = new List<byte>();
        int address = 0, line = _firstLine, start = 0;
        for (int k = 0; k < _segments.Length; start += _segments[k].Units * 2, k++)
        {
            int target = _lines[k]!.Value;
            int da = start - address, dl = target - line;
            if (dl == 0) continue; // the line carries on: no entry needed
            for (; da > 255; da -= 255) table.AddRange([255, 0]);
            if (signed)
            {
                for (; dl > 127; dl -= 127, da = 0) table.AddRange([(byte)da, 127]);
                for (; dl < -128; dl += 128, da = 0) table.AddRange([(byte)da, 0x80]);
            }
            else
            {
                for (; dl > 255; dl -= 255, da = 0) table.AddRange([(byte)da, 255]);
            }
            table.AddRange([(byte)da, unchecked((byte)dl)]);
            address = start;
            line = target;
        }
        return table.ToArray();
    }

    private byte[] Encode310()
    {
        var table = new List<byte>();
        int line = _firstLine;
        for (int k = 0; k < _segments.Length; k++)
        {
            int bytes = _segments[k].Units * 2;
            if (_lines[k] is not int target)
            {
                for (; bytes > 0; bytes -= Math.Min(bytes, 254)) table.AddRange([(byte)Math.Min(bytes, 254), unchecked((byte)-128)]);
                continue;
            }
            int dl = target - line;
            for (; dl > 127; dl -= 127) table.AddRange([0, 127]);
            for (; dl < -127; dl += 127) table.AddRange([0, unchecked((byte)-127)]);
            for (bool first = true; bytes > 0; first = false)
            {
                int n = Math.Min(bytes, 254);
                table.AddRange([(byte)n, unchecked((byte)(sbyte)(first ? dl : 0))]);
                bytes -= n;
            }
            line = target;
        }
        return table.ToArray();
    }

    private byte[] EncodeLocations(Random choices)
    {
        var table = new List<byte>();
        int line = _firstLine;
        for (int k = 0; k < _segments.Length; k++)
        {
            int units = _segments[k].Units;
            bool first = true;
            while (units > 0)
            {
                int n = 1 + choices.Next(Math.Min(units, 8));
                units -= n;
                int length = n - 1;
                if (_lines[k] is not int target)
                {
                    table.Add((byte)(0x80 | (15 << 3) | length));
                    continue;
                }
                int dl = first ? target - line : 0;
                first = false;
                line = target;
                int form = PickForm(dl, choices);
                table.Add((byte)(0x80 | (form << 3) | length));
                switch (form)
                {
                    case 14:
                        WriteSignedVarint(table, dl);
                        WriteVarint(table, (uint)choices.Next(3));        // end line delta
                        WriteVarint(table, (uint)choices.Next(200));      // column + 1 (0: unknown)
                        WriteVarint(table, (uint)choices.Next(200));      // end column + 1
                        break;
                    case 13:
                        WriteSignedVarint(table, dl);
                        break;
                    case 10 or 11 or 12:
                        table.AddRange([(byte)choices.Next(128), (byte)choices.Next(128)]);
                        break;
                    default: // short form: column = form * 8 + high nibble
                        table.Add((byte)choices.Next(256));
                        break;
                }
            }
        }
        return table.ToArray();
    }

    private static int PickForm(int dl, Random choices)
    {
        if (dl == 0)
            return choices.Next(4) switch { 0 => choices.Next(10), 1 => 10, 2 => 13, _ => 14 };
        if (dl is 1 or 2)
            return choices.Next(3) switch { 0 => 10 + dl, 1 => 13, _ => 14 };
        return choices.Next(2) == 0 ? 13 : 14;
    }

    private static void WriteVarint(List<byte> table, uint value)
    {
        for (; value >= 64; value >>= 6) table.Add((byte)(0x40 | (value & 63)));
        table.Add((byte)value);
    }

    private static void WriteSignedVarint(List<byte> table, int value) =>
        WriteVarint(table, value < 0 ? ((uint)-value << 1) | 1 : (uint)value << 1);
}
