// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Austin.Tests.Support;

namespace Austin.Tests.EndToEnd;

/// <summary>
/// An expected stack, outermost first: exact frames, plus runs of frames we do not own (threading's bootstrap,
/// the asyncio event loop) that are only required to come from the right files, because their names and lines
/// change with every Python release.
/// </summary>
public sealed class StackPattern
{
    private readonly IReadOnlyList<Part> _parts;

    private StackPattern(IReadOnlyList<Part> parts) => _parts = parts;

    /// <summary>An empty pattern to extend.</summary>
    public static StackPattern Empty { get; } = new([]);

    /// <summary>Then exactly these frames.</summary>
    public StackPattern Then(params Frame[] frames) => new([.. _parts, .. frames.Select(frame => new Part(frame, 1, null, null))]);

    /// <summary>Then exactly <paramref name="count"/> copies of <paramref name="frame"/>.</summary>
    public StackPattern Repeat(Frame frame, int count) => new([.. _parts, new Part(frame, count, null, null)]);

    /// <summary>Then one or more frames, each satisfying <paramref name="predicate"/>.</summary>
    public StackPattern OneOrMore(string description, Func<Frame, bool> predicate) => new([.. _parts, new Part(null, 0, description, predicate)]);

    /// <summary>Then threading's bootstrap: one or more frames from a file named <c>threading.py</c>.</summary>
    public StackPattern ThreadingBootstrap() => OneOrMore("threading.py bootstrap frames", frame => Path.GetFileName(frame.File) == "threading.py");

    /// <summary>True when <paramref name="frames"/> is this stack, whole.</summary>
    public bool Matches(IReadOnlyList<Frame> frames) => Match(0, frames, 0);

    /// <summary>One frame per line, as a failure message shows it.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (Part part in _parts)
        {
            if (part.Frame is null)
                text.Append(CultureInfo.InvariantCulture, $"  ... one or more {part.Description}\n");
            else if (part.Count == 1)
                text.Append(CultureInfo.InvariantCulture, $"  {part.Frame}\n");
            else
                text.Append(CultureInfo.InvariantCulture, $"  {part.Frame} x{part.Count}\n");
        }
        return text.ToString();
    }

    /// <summary>Frames one per line, runs of the same frame folded (a 300-deep recursion is one line).</summary>
    public static string Describe(IReadOnlyList<Frame> frames)
    {
        var text = new StringBuilder();
        for (int i = 0; i < frames.Count;)
        {
            int run = 1;
            while (i + run < frames.Count && frames[i + run] == frames[i])
                run++;
            if (run == 1)
                text.Append(CultureInfo.InvariantCulture, $"  {frames[i]}\n");
            else
                text.Append(CultureInfo.InvariantCulture, $"  {frames[i]} x{run}\n");
            i += run;
        }
        return frames.Count == 0 ? "  (no frames)\n" : text.ToString();
    }

    private bool Match(int partIndex, IReadOnlyList<Frame> frames, int at)
    {
        if (partIndex == _parts.Count)
            return at == frames.Count;
        Part part = _parts[partIndex];
        if (part.Frame is not null)
        {
            if (at + part.Count > frames.Count)
                return false;
            for (int i = 0; i < part.Count; i++)
            {
                if (frames[at + i] != part.Frame)
                    return false;
            }
            return Match(partIndex + 1, frames, at + part.Count);
        }
        // One or more: try every length, shortest first (stacks are short, and only two such parts exist).
        for (int end = at; end < frames.Count && part.Predicate!(frames[end]); end++)
        {
            if (Match(partIndex + 1, frames, end + 1))
                return true;
        }
        return false;
    }

    private sealed record Part(Frame? Frame, int Count, string? Description, Func<Frame, bool>? Predicate);
}
