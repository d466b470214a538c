// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using Austin.Samples;

namespace Austin.Output;

/// <summary>What the where report says of a process before its threads.</summary>
/// <param name="Pid">The process.</param>
/// <param name="PythonVersion">X.Y.Z (X.Y when nothing better is known).</param>
/// <param name="CommandLine">Its arguments as the OS lists them; empty when unknown.</param>
/// <param name="GcKnown">Whether the interpreter exposes its garbage collector's state (the threads then carry it).</param>
/// <param name="NoInterpreter">The runtime is there but has no interpreter (starting, or finalizing): no threads follow.</param>
/// <param name="FreeThreaded">A free-threaded build (3.13+): no GIL, which the header says instead of naming a holder.</param>
internal sealed record WhereProcess(int Pid, string PythonVersion, IReadOnlyList<string> CommandLine, bool GcKnown, bool NoInterpreter = false,
    bool FreeThreaded = false)
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(WhereProcess);
}

/// <summary>
/// The where report (-w): every thread's stack of one sample, written for a person, outermost frame first. Per
/// process, a header (pid, Python version, thread count, command line, who holds the GIL, whether the garbage
/// collector runs), then per thread a line (Python thread id as faulthandler and py-spy print it, the OS thread
/// id, idle or running, the GIL) and its frames, <c>func (file:line)</c> as the C austin 3.x prints them. ANSI
/// colours only when asked (the caller knows whether a terminal reads it). Names come from the target's memory:
/// control characters in them are shown escaped, never sent to the terminal.
/// </summary>
internal sealed class WhereWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _colours;
    private readonly StringBuilder _threads = new();
    private WhereProcess? _process;
    private int _threadCount;
    private ulong _gilHolder;
    private bool _gilHeld, _gilReleased;
    private readonly SortedSet<long> _interpreters = [], _collecting = [];

    public WhereWriter(Stream stream, bool colours)
    {
        _stream = stream;
        _colours = colours;
    }

    /// <summary>Starts the report of a process; its threads follow, then <see cref="EndProcess"/>.</summary>
    public void BeginProcess(WhereProcess process)
    {
        _process = process;
        _threads.Clear();
        _threadCount = 0;
        _gilHolder = 0;
        _gilHeld = _gilReleased = false;
        _interpreters.Clear();
        _collecting.Clear();
    }

    /// <summary>One thread of the process begun last.</summary>
    public void Write(in ThreadSample sample)
    {
        _threadCount++;
        _interpreters.Add(sample.InterpreterId);
        if (sample.GcCollecting) _collecting.Add(sample.InterpreterId);
        if (sample.HoldsGil)
        {
            _gilHolder = sample.ThreadId;
            _gilHeld = !sample.GilReleased;
        }
        _gilReleased |= sample.GilReleased;

        StringBuilder t = _threads;
        t.Append('\n');
        t.Append(Paint("1", "Thread ")).Append(Paint("34;1", ThreadName(sample.ThreadId)));
        var details = new List<string>(2);
        if (sample.NativeThreadId != 0) details.Add("OS thread " + sample.NativeThreadId.ToString(CultureInfo.InvariantCulture));
        if (sample.InterpreterId != 0) details.Add("interpreter " + sample.InterpreterId.ToString(CultureInfo.InvariantCulture));
        if (details.Count > 0) t.Append(" (").Append(string.Join(", ", details)).Append(')');
        var states = new List<string>(2);
        // The OS tells idle from running only when it knows the thread's OS id.
        if (sample.NativeThreadId != 0) states.Add(sample.Idle ? Paint("2", "idle") : Paint("32;1", "running"));
        if (sample.HoldsGil) states.Add(sample.GilReleased ? "held the GIL last" : Paint("31;1", "holds the GIL"));
        if (states.Count > 0) t.Append(": ").Append(string.Join(", ", states));
        t.Append('\n');

        if (sample.IsBad)
            t.Append("    (the stack changed while austin read it: run austin -w again)\n");
        else if (sample.Frames.IsEmpty)
            t.Append("    (no Python frames)\n");
        foreach (Frame frame in sample.Frames)
        {
            t.Append("    ").Append(Paint("33;1", Printable(frame.Function.Name))).Append(" (")
             .Append(Paint("36", Printable(frame.Function.File))).Append(':')
             .Append(Paint("32", frame.Line.ToString(CultureInfo.InvariantCulture))).Append(")\n");
        }
    }

    /// <summary>Writes the report of the process begun last: its header, then its threads.</summary>
    public void EndProcess()
    {
        WhereProcess p = _process ?? throw new InvalidOperationException("EndProcess without BeginProcess");
        var text = new StringBuilder();
        text.Append(Paint("1", "Process ")).Append(Paint("35;1", p.Pid.ToString(CultureInfo.InvariantCulture)))
            .Append(": Python ").Append(Paint("33;1", p.PythonVersion));
        text.Append(", ").Append(_threadCount.ToString(CultureInfo.InvariantCulture)).Append(_threadCount == 1 ? " thread\n" : " threads\n");
        if (p.CommandLine.Count > 0)
            text.Append("    ").Append(Printable(string.Join(' ', p.CommandLine))).Append('\n');
        if (p.NoInterpreter)
            text.Append("    no interpreter: Python is starting or finalizing\n");
        if (Gil() is string gil)
            text.Append("    GIL: ").Append(gil).Append('\n');
        if (p.GcKnown && !p.NoInterpreter)
            text.Append("    garbage collector: ").Append(Collector()).Append('\n');
        text.Append(_threads);
        text.Append('\n');
        Write(text.ToString());
        _process = null;
    }

    /// <summary>Who holds the GIL, as the threads told it; null when nobody can tell.</summary>
    private string? Gil()
    {
        if (_process!.FreeThreaded) return "none (a free-threaded build)";
        if (_gilHolder != 0 && _gilHeld) return "held by thread " + Paint("34;1", ThreadName(_gilHolder));
        if (_gilHolder != 0) return "free, held last by thread " + Paint("34;1", ThreadName(_gilHolder));
        return _gilReleased ? "free" : null;
    }

    private string Collector()
    {
        if (_collecting.Count == 0) return "not collecting";
        if (_collecting.Count == _interpreters.Count) return Paint("31;1", "collecting");
        return Paint("31;1", "collecting") + " in interpreter " + string.Join(", ", _collecting);
    }

    /// <summary>The Python thread id as faulthandler and py-spy print it (the collapsed format prints it bare).</summary>
    private static string ThreadName(ulong id) => "0x" + id.ToString("x", CultureInfo.InvariantCulture);

    private string Paint(string sgr, string text) => _colours ? $"\u001b[{sgr}m{text}\u001b[0m" : text;

    /// <summary>
    /// The text with control characters (C0, DEL, C1) written as \xNN: a name read from a target must not drive the
    /// terminal of whoever reads the report.
    /// </summary>
    private static string Printable(string text)
    {
        int i = 0;
        while (i < text.Length && !IsControl(text[i])) i++;
        if (i == text.Length) return text;
        var b = new StringBuilder(text.Length + 8).Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            if (IsControl(text[i])) b.Append("\\x").Append(((int)text[i]).ToString("x2", CultureInfo.InvariantCulture));
            else b.Append(text[i]);
        }
        return b.ToString();
    }

    private static bool IsControl(char c) => c < 0x20 || c is >= '\u007f' and <= '\u009f';

    private void Write(string text) => _stream.Write(Encoding.UTF8.GetBytes(text));

    public void Flush() => _stream.Flush();

    /// <summary>Closes the stream. Does not flush: the owner flushes and handles write errors.</summary>
    public void Dispose() => _stream.Dispose();
}
