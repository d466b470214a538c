// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Austin.Tests.Support;

/// <summary>The two collapsed-stack renderings austin has.</summary>
public enum CollapsedFormat
{
    /// <summary><c>Thread &lt;tid&gt;;&lt;func&gt; (&lt;file&gt;);L&lt;line&gt;;... &lt;metric&gt;</c></summary>
    Normal,

    /// <summary><c>Thread &lt;tid&gt;;&lt;func&gt; (&lt;file&gt;:&lt;line&gt;);... &lt;metric&gt;</c> (<c>-a</c>)</summary>
    Alternative,
}

/// <summary>One Python frame as a sampler prints it.</summary>
/// <param name="Function"><c>co_qualname</c> on 3.11+, else <c>co_name</c>.</param>
/// <param name="File"><c>co_filename</c> as stored.</param>
/// <param name="Line">The line being executed.</param>
public sealed record Frame(string Function, string File, int Line)
{
    public override string ToString() => $"{Function} ({File}:{Line})";
}

/// <summary>One line of austin's output: one thread in one sample.</summary>
/// <param name="ThreadId">The thread identifier as printed: lowercase hex, no <c>0x</c>.</param>
/// <param name="Frames">Outermost first; empty for a thread without Python frames and for a bad sample.
/// Lines with the same text before their metrics share one list.</param>
/// <param name="IsBad">True for <c>Thread &lt;tid&gt;;Bad sample</c>.</param>
/// <param name="Metrics">One value (time or memory mode) or three (<c>-f</c>: time, +memory, -memory).</param>
/// <param name="LineNumber">1-based position in the output, for messages.</param>
public sealed record Sample(string ThreadId, IReadOnlyList<Frame> Frames, bool IsBad, IReadOnlyList<long> Metrics, int LineNumber)
{
    /// <summary>
    /// For an asyncio task (--asyncio), the names of the tasks from the outermost one that awaits it down to itself,
    /// printed as <c>;Task &lt;name&gt;</c> pieces before its frames; empty for a thread.
    /// </summary>
    public IReadOnlyList<string> Tasks { get; init; } = [];

    /// <summary>The task's own name, or null for a thread.</summary>
    public string? Task => Tasks.Count > 0 ? Tasks[^1] : null;

    /// <summary>The process of the line, with -C (<c>Process &lt;pid&gt;;Thread ...</c>); null without.</summary>
    public int? Pid { get; init; }

    /// <summary>The line ends its stack with <c>;:GC:</c> (-g: the garbage collector was collecting).</summary>
    public bool Gc { get; init; }

    /// <summary>The innermost frame, or null when there is none.</summary>
    public Frame? Leaf => Frames.Count > 0 ? Frames[^1] : null;

    public override string ToString() => Collapsed.Render(this, CollapsedFormat.Alternative);
}

/// <summary>A line of output that is not a collapsed sample; the message shows the line.</summary>
public sealed class CollapsedFormatException : FormatException
{
    public CollapsedFormatException(int lineNumber, string line, string reason)
        : base($"line {lineNumber} of the output is not a collapsed sample ({reason}): {Shorten(line)}")
    {
        LineNumber = lineNumber;
        Line = line;
    }

    public int LineNumber { get; }

    public string Line { get; }

    private static string Shorten(string line) =>
        line.Length <= 2000 ? "\"" + line + "\"" : "\"" + line[..1000] + " [... " + (line.Length - 2000) + " characters ...] " + line[^1000..] + "\"";
}

/// <summary>
/// A strict parser of austin's output: any line that is not a sample is an error that shows the line.
/// </summary>
/// <remarks>
/// <para>The format cannot be parsed unambiguously in general, because a file name is printed as stored and
/// may contain any character. The rules, and the limits they leave:</para>
/// <list type="bullet">
/// <item>The metrics are the last one (or three, with <c>-f</c>) space-separated signed integers; the caller
/// says how many. Everything before them is the stack, so file names may contain spaces.</item>
/// <item><c>&lt;func&gt; (&lt;file&gt;)</c> is split at the FIRST <c>" ("</c>. Function names are identifiers,
/// dotted qualnames or the compiler's <c>&lt;module&gt;</c>, <c>&lt;lambda&gt;</c>, <c>&lt;genexpr&gt;</c>...: none
/// contains a space. File names do (<c>Program Files (x86)</c>, the targets' exec'd
/// <c>&lt;exec payload (austin e2e)&gt;</c>), so splitting at the last <c>" ("</c> would cut them. Limit: a code
/// object whose name was made to contain <c>" ("</c> (<c>code.replace(co_name=...)</c>) is misread.</item>
/// <item>In <c>-a</c> the line number follows the LAST <c>':'</c> of the parentheses, so file names may contain
/// colons.</item>
/// <item>Frames are separated by <c>';'</c>. A piece that does not complete a frame (normal: the next piece
/// is not <c>L&lt;digits&gt;</c>; <c>-a</c>: the text does not yet end in <c>:&lt;digits&gt;)</c>) is joined back
/// with the next one, so a file name may contain <c>';'</c>. Limit: a file name containing <c>";L12;"</c>
/// (normal) or <c>":12);"</c> (<c>-a</c>) is split there. FlameGraph itself splits at every <c>';'</c>.</item>
/// <item>With -C a line starts with <c>Process &lt;pid&gt;;</c> (decimal), kept in <see cref="Sample.Pid"/>.</item>
/// <item>Thread ids are lowercase hex; line numbers are unsigned decimals; every line ends with <c>'\n'</c>
/// (a missing final newline means truncated output, an error); <c>'\r'</c> is never accepted.</item>
/// </list>
/// </remarks>
public static class Collapsed
{
    private const string ProcessPrefix = "Process ";
    private const string ThreadPrefix = "Thread ";
    private const string BadSample = "Bad sample";
    private const string TaskPrefix = "Task ";

    /// <summary>What -g appends to the stack of a thread sampled while the garbage collector ran.</summary>
    public const string GcFrame = ";:GC:";

    /// <summary>Parses a whole output; an empty output has no samples.</summary>
    /// <exception cref="CollapsedFormatException">A line is not a sample.</exception>
    public static IReadOnlyList<Sample> Parse(string output, CollapsedFormat format, int metricCount = 1)
    {
        ArgumentNullException.ThrowIfNull(output);
        CheckMetricCount(metricCount);
        var samples = new List<Sample>();
        var parser = new Parser(format);
        int lineNumber = 0;
        int start = 0;
        while (start < output.Length)
        {
            lineNumber++;
            int end = output.IndexOf('\n', start);
            if (end < 0)
                throw new CollapsedFormatException(lineNumber, output[start..], "the output ends in the middle of this line");
            samples.Add(parser.ParseLine(output.AsSpan(start, end - start), metricCount, lineNumber));
            start = end + 1;
        }
        return samples;
    }

    /// <summary>Parses one line, without its <c>'\n'</c>.</summary>
    /// <exception cref="CollapsedFormatException">The line is not a sample.</exception>
    public static Sample ParseLine(string line, CollapsedFormat format, int metricCount = 1, int lineNumber = 1)
    {
        ArgumentNullException.ThrowIfNull(line);
        CheckMetricCount(metricCount);
        return new Parser(format).ParseLine(line, metricCount, lineNumber);
    }

    /// <summary>Renders a sample back into the format (without the newline); also used in messages.</summary>
    public static string Render(Sample sample, CollapsedFormat format)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var text = new StringBuilder();
        if (sample.Pid is int pid)
            text.Append(ProcessPrefix).Append(pid.ToString(CultureInfo.InvariantCulture)).Append(';');
        text.Append(ThreadPrefix).Append(sample.ThreadId);
        foreach (string task in sample.Tasks)
            text.Append(';').Append(TaskPrefix).Append(task);
        if (sample.IsBad)
            text.Append(';').Append(BadSample);
        else
            text.Append(RenderFrames(sample.Frames, format, prefix: ";"));
        if (sample.Gc)
            text.Append(GcFrame);
        foreach (long metric in sample.Metrics)
            text.Append(' ').Append(metric.ToString(CultureInfo.InvariantCulture));
        return text.ToString();
    }

    /// <summary>Renders frames, each preceded by <paramref name="prefix"/>, in the given format.</summary>
    public static string RenderFrames(IEnumerable<Frame> frames, CollapsedFormat format, string prefix = ";")
    {
        ArgumentNullException.ThrowIfNull(frames);
        var text = new StringBuilder();
        foreach (Frame frame in frames)
        {
            text.Append(prefix);
            if (format == CollapsedFormat.Normal)
                text.Append(CultureInfo.InvariantCulture, $"{frame.Function} ({frame.File});L{frame.Line}");
            else
                text.Append(CultureInfo.InvariantCulture, $"{frame.Function} ({frame.File}:{frame.Line})");
        }
        return text.ToString();
    }

    private static void CheckMetricCount(int metricCount)
    {
        if (metricCount is not (1 or 3))
            throw new ArgumentOutOfRangeException(nameof(metricCount), metricCount, "austin prints one metric, or three with -f");
    }

    // Parses lines of one output, sharing the work and the memory between identical stacks: a parked
    // thread prints the same text thousands of times, and a 300-frame stack is 20 KB of it.
    private sealed class Parser
    {
        private readonly CollapsedFormat _format;
        private readonly Dictionary<string, Head> _heads = new(StringComparer.Ordinal);
        private readonly Dictionary<Frame, Frame> _frames = [];

        public Parser(CollapsedFormat format) => _format = format;

        private sealed record Head(string ThreadId, IReadOnlyList<Frame> Frames, bool IsBad, IReadOnlyList<string> Tasks, bool Gc = false)
        {
            public int? Pid { get; init; }
        }

        public Sample ParseLine(ReadOnlySpan<char> line, int metricCount, int lineNumber)
        {
            if (line.Contains('\r'))
                throw Error(line, lineNumber, "carriage return");

            // Metrics: the last metricCount space-separated tokens.
            long[] metrics = new long[metricCount];
            int headEnd = line.Length;
            for (int i = metricCount - 1; i >= 0; i--)
            {
                int space = line[..headEnd].LastIndexOf(' ');
                if (space < 0 || !TryParseMetric(line[(space + 1)..headEnd], out metrics[i]))
                    throw Error(line, lineNumber, $"expected {metricCount} integer metric{(metricCount == 1 ? "" : "s")} at the end");
                headEnd = space;
            }

            ReadOnlySpan<char> headText = line[..headEnd];
            var lookup = _heads.GetAlternateLookup<ReadOnlySpan<char>>();
            if (!lookup.TryGetValue(headText, out Head? head))
            {
                head = ParseHead(headText.ToString(), line, lineNumber);
                lookup[headText] = head;
            }
            return new Sample(head.ThreadId, head.Frames, head.IsBad, metrics, lineNumber) { Tasks = head.Tasks, Pid = head.Pid, Gc = head.Gc };
        }

        private Head ParseHead(string head, ReadOnlySpan<char> line, int lineNumber)
        {
            // -C: "Process <pid>;" first, the PID in decimal.
            if (head.StartsWith(ProcessPrefix, StringComparison.Ordinal))
            {
                int end = head.IndexOf(';', ProcessPrefix.Length);
                string digits = end < 0 ? "" : head[ProcessPrefix.Length..end];
                if (!IsDigits(digits) || digits[0] == '0' || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
                    throw Error(line, lineNumber, $"process id '{digits}' is not a positive decimal");
                return ParseThread(head[(end + 1)..], line, lineNumber) with { Pid = pid };
            }
            return ParseThread(head, line, lineNumber);
        }

        private Head ParseThread(string head, ReadOnlySpan<char> line, int lineNumber)
        {
            // -g: ";:GC:" closes the stack (after "Bad sample" too); it is no frame of either format.
            if (head.EndsWith(GcFrame, StringComparison.Ordinal))
                return ParseHead(head[..^GcFrame.Length], line, lineNumber) with { Gc = true };
            if (!head.StartsWith(ThreadPrefix, StringComparison.Ordinal))
                throw Error(line, lineNumber, "does not start with 'Thread '");
            int semicolon = head.IndexOf(';', ThreadPrefix.Length);
            string threadId = semicolon < 0 ? head[ThreadPrefix.Length..] : head[ThreadPrefix.Length..semicolon];
            if (threadId.Length == 0 || !IsLowerHex(threadId))
                throw Error(line, lineNumber, $"thread id '{threadId}' is not lowercase hexadecimal");
            if (semicolon < 0)
                return new Head(threadId, [], false, []); // a thread without Python frames

            string stack = head[(semicolon + 1)..];
            string[] pieces = stack.Split(';');
            // An asyncio task's line starts with "Task <name>" pieces: a piece that starts so and is not a frame
            // (normal: no ";L<line>" after it; -a: no ":<line>)" at its end; a class body named Task would be one).
            int tasks = 0;
            while (tasks < pieces.Length && pieces[tasks].StartsWith(TaskPrefix, StringComparison.Ordinal) &&
                   (_format == CollapsedFormat.Normal ? tasks + 1 == pieces.Length || !IsLineNumber(pieces[tasks + 1]) : !EndsWithLineNumber(pieces[tasks])))
                tasks++;
            string[] taskNames = pieces[..tasks].Select(piece => piece[TaskPrefix.Length..]).ToArray();
            pieces = pieces[tasks..];
            if (pieces.Length == 0)
                return new Head(threadId, [], false, taskNames); // a task not started yet
            if (pieces is [BadSample])
                return new Head(threadId, [], true, taskNames);
            List<Frame> frames = _format == CollapsedFormat.Normal
                ? NormalFrames(pieces, line, lineNumber)
                : AlternativeFrames(pieces, line, lineNumber);
            return new Head(threadId, frames.ToArray(), false, taskNames);
        }

        // "<func> (<file>)", "L<line>", "<func> (<file>)", "L<line>", ...
        private List<Frame> NormalFrames(string[] pieces, ReadOnlySpan<char> line, int lineNumber)
        {
            var frames = new List<Frame>();
            int i = 0;
            while (i < pieces.Length)
            {
                string text = pieces[i++];
                while (i < pieces.Length && !IsLineNumber(pieces[i]))
                    text += ";" + pieces[i++]; // a ';' inside a file name
                if (i == pieces.Length)
                    throw Error(line, lineNumber, $"frame '{text}' has no ';L<line>' after it");
                int lineNo = ParseLineNumber(pieces[i++].AsSpan(1), line, lineNumber);
                if (text.Length < 4 || text[^1] != ')')
                    throw Error(line, lineNumber, $"frame '{text}' is not '<func> (<file>)'");
                frames.Add(MakeFrame(text[..^1], lineNo, line, lineNumber));
            }
            return frames;
        }

        // "<func> (<file>:<line>)", ...
        private List<Frame> AlternativeFrames(string[] pieces, ReadOnlySpan<char> line, int lineNumber)
        {
            var frames = new List<Frame>();
            int i = 0;
            while (i < pieces.Length)
            {
                string text = pieces[i++];
                while (!EndsWithLineNumber(text) && i < pieces.Length)
                    text += ";" + pieces[i++]; // a ';' inside a file name
                if (!EndsWithLineNumber(text))
                    throw Error(line, lineNumber, $"frame '{text}' is not '<func> (<file>:<line>)'");
                int colon = text.LastIndexOf(':');
                int lineNo = ParseLineNumber(text.AsSpan(colon + 1, text.Length - colon - 2), line, lineNumber);
                frames.Add(MakeFrame(text[..colon], lineNo, line, lineNumber));
            }
            return frames;
        }

        // "<func> (<file>" without the closing parenthesis: split at the first " (".
        private Frame MakeFrame(string text, int lineNo, ReadOnlySpan<char> line, int lineNumber)
        {
            int open = text.IndexOf(" (", StringComparison.Ordinal);
            if (open <= 0)
                throw Error(line, lineNumber, $"frame '{text})' has no '<func> (' before its file name");
            var frame = new Frame(text[..open], text[(open + 2)..], lineNo);
            if (_frames.TryGetValue(frame, out Frame? shared))
                return shared;
            _frames.Add(frame, frame);
            return frame;
        }

        private static bool IsLineNumber(string piece) => piece.Length > 1 && piece[0] == 'L' && IsDigits(piece.AsSpan(1));

        private static bool EndsWithLineNumber(string text)
        {
            if (text.Length < 2 || text[^1] != ')' || !text.Contains(" (", StringComparison.Ordinal))
                return false;
            int colon = text.LastIndexOf(':');
            return colon > 0 && colon < text.Length - 2 && IsDigits(text.AsSpan(colon + 1, text.Length - colon - 2));
        }

        private static int ParseLineNumber(ReadOnlySpan<char> digits, ReadOnlySpan<char> line, int lineNumber)
        {
            if (!IsDigits(digits) || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int value))
                throw Error(line, lineNumber, $"line number '{digits}' is not an unsigned decimal");
            return value;
        }

        private static bool TryParseMetric(ReadOnlySpan<char> token, out long value)
        {
            value = 0;
            ReadOnlySpan<char> digits = token.Length > 0 && token[0] == '-' ? token[1..] : token;
            return IsDigits(digits) && long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
        }

        private static bool IsDigits(ReadOnlySpan<char> text)
        {
            if (text.IsEmpty)
                return false;
            foreach (char c in text)
            {
                if (!char.IsAsciiDigit(c))
                    return false;
            }
            return true;
        }

        private static bool IsLowerHex(string text)
        {
            foreach (char c in text)
            {
                if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
                    return false;
            }
            return true;
        }

        private static CollapsedFormatException Error(ReadOnlySpan<char> line, int lineNumber, string reason) =>
            new(lineNumber, line.ToString(), reason);
    }
}
