// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Austin.Output;

/// <summary>
/// A small JSON writer over a TextWriter, for the speedscope file and the flame graph's data: objects, arrays, strings
/// and integers, commas where they belong. Written here rather than taken from System.Text.Json, which would add its
/// encoders' tables to the binary for two writers. Strings escape what JSON requires, and also &lt;, &gt;, &amp; and
/// U+2028/U+2029, so that the text can sit in a script inside SVG's CDATA (frame names come from the profiled program).
/// </summary>
internal sealed class JsonText(TextWriter output)
{
    private readonly Stack<bool> _empty = new();
    private bool _afterName;

    public void StartObject() => Open('{');

    public void EndObject() => Close('}');

    public void StartArray() => Open('[');

    public void EndArray() => Close(']');

    public void Name(string name)
    {
        Separate();
        String(name);
        output.Write(':');
        _afterName = true;
    }

    public void Value(string value)
    {
        Separate();
        String(value);
    }

    public void Value(long value)
    {
        Separate();
        output.Write(value.ToString(CultureInfo.InvariantCulture));
    }

    public void Property(string name, string value)
    {
        Name(name);
        Value(value);
    }

    public void Property(string name, long value)
    {
        Name(name);
        Value(value);
    }

    private void Open(char bracket)
    {
        Separate();
        output.Write(bracket);
        _empty.Push(true);
    }

    private void Close(char bracket)
    {
        _empty.Pop();
        output.Write(bracket);
    }

    /// <summary>A comma before every value of a container but its first (a value after a name needs none).</summary>
    private void Separate()
    {
        if (_afterName)
        {
            _afterName = false;
            return;
        }
        if (_empty.Count == 0) return;
        if (!_empty.Peek()) output.Write(',');
        else
        {
            _empty.Pop();
            _empty.Push(false);
        }
    }

    private void String(string value)
    {
        output.Write('"');
        int start = 0;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' && c != '\u2028' && c != '\u2029') continue;
            output.Write(value.AsSpan(start, i - start));
            switch (c)
            {
                case '"': output.Write("\\\""); break;
                case '\\': output.Write("\\\\"); break;
                case '\n': output.Write("\\n"); break;
                case '\r': output.Write("\\r"); break;
                case '\t': output.Write("\\t"); break;
                default:
                    output.Write("\\u");
                    output.Write(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
            }
            start = i + 1;
        }
        output.Write(value.AsSpan(start));
        output.Write('"');
    }
}
