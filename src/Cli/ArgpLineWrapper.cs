// SPDX-License-Identifier: GPL-3.0-or-later
using System.Text;

namespace Austin.Cli;

/// <summary>
/// The word wrapping of glibc's argp_fmtstream (argp/argp-fmtstream.c), which lays out argp's --help and
/// --usage. Its rules are peculiar enough that a plain "wrap at 80 columns" would move words:
/// <list type="bullet">
/// <item>text is laid out lazily, only when the column is asked for or a margin changes, and a line that
/// overflows is broken at the last blank of the text written since then, never earlier;</item>
/// <item>a finished line fits if it is shorter than the right margin (79), but a broken line may be 79 long;</item>
/// <item>the left margin indents lines that start after a newline, the wrap margin lines made by a break.</item>
/// </list>
/// Unlike glibc, laying out never happens because a buffer filled up; that only matters for a word longer
/// than a line.
/// </summary>
internal sealed class ArgpLineWrapper(int rightMargin)
{
    private readonly StringBuilder _text = new();
    private int _leftMargin;
    private int _wrapMargin;
    private int _column;  // where the laid-out text ends; -1 just after a break with no wrap margin, as in glibc
    private int _laidOut; // how much of _text is laid out

    public int LeftMargin => _leftMargin;

    public int WrapMargin => _wrapMargin;

    /// <summary>The column the next character goes to (argp_fmtstream_point).</summary>
    public int Column
    {
        get
        {
            LayOut();
            return _column;
        }
    }

    public void Write(string text) => _text.Append(text);

    public void Write(char c) => _text.Append(c);

    /// <summary>Sets the left margin for lines begun from now on; returns the old one.</summary>
    public int SetLeftMargin(int margin)
    {
        LayOut();
        int old = _leftMargin;
        _leftMargin = margin;
        return old;
    }

    /// <summary>Sets the indent of lines made by breaking an overlong one; returns the old one.</summary>
    public int SetWrapMargin(int margin)
    {
        LayOut();
        int old = _wrapMargin;
        _wrapMargin = margin;
        return old;
    }

    public override string ToString()
    {
        LayOut();
        return _text.ToString();
    }

    private void LayOut()
    {
        int start = _laidOut;
        while (start < _text.Length)
        {
            if (_column == 0 && _leftMargin != 0)
            {
                _text.Insert(start, " ", _leftMargin);
                start += _leftMargin;
                _column = _leftMargin;
            }
            if (_column < 0)
                _column = 0;

            int end = IndexOfNewline(start);
            if (end < 0)
            {
                if (_column + (_text.Length - start) < rightMargin)
                {
                    _column += _text.Length - start;
                    break;
                }
                end = _text.Length;
            }
            else if (_column + (end - start) < rightMargin)
            {
                _column = 0;
                start = end + 1;
                continue;
            }

            if (!TryBreak(start, end, out int lineEnd, out int nextStart))
            {
                // A single word reaching the end of the line: glibc leaves it overlong and, oddly, resets the column.
                _column = 0;
                start = end + 1;
                continue;
            }
            _text.Remove(lineEnd, nextStart - lineEnd);
            _text.Insert(lineEnd, '\n');
            _text.Insert(lineEnd + 1, " ", _wrapMargin);
            start = lineEnd + 1 + _wrapMargin;
            _column = _wrapMargin != 0 ? _wrapMargin : -1;
        }
        _laidOut = _text.Length;
    }

    /// <summary>
    /// Where to break the overlong line [start, end): at the last run of blanks that begins at or before the
    /// column just past the margin; failing that, after the overlong first word. The blanks are dropped.
    /// </summary>
    private bool TryBreak(int start, int end, out int lineEnd, out int nextStart)
    {
        int pastMargin = start + (rightMargin - _column);
        int blank = pastMargin;
        while (blank >= start && !IsBlank(blank))
            blank--;
        if (blank >= start)
        {
            nextStart = blank + 1;
            lineEnd = blank;
            while (lineEnd > start && IsBlank(lineEnd - 1))
                lineEnd--;
            return true;
        }

        lineEnd = pastMargin + 1;
        while (lineEnd < end && !IsBlank(lineEnd))
            lineEnd++;
        nextStart = lineEnd;
        if (lineEnd >= end)
            return false;
        while (IsBlank(nextStart))
            nextStart++;
        return true;
    }

    private bool IsBlank(int index) => index < _text.Length && _text[index] is ' ' or '\t';

    private int IndexOfNewline(int start)
    {
        for (int i = start; i < _text.Length; i++)
        {
            if (_text[i] == '\n')
                return i;
        }
        return -1;
    }
}
