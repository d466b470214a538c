// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Linq;

namespace Austin.Tests.Support.Austin3;

/// <summary>
/// One frame of a profile in the C austin 3.x's formats. The text format carries file, function and line; MOJO also
/// the end line and the 1-based columns (3.11+; 0 where unknown).
/// </summary>
public sealed record Frame3(string File, string Function, int Line, int EndLine = 0, int Column = 0, int EndColumn = 0)
{
    /// <summary>Without what the text format does not carry: for comparing a MOJO profile with a text one.</summary>
    public Frame3 LineOnly => this with { EndLine = 0, Column = 0, EndColumn = 0 };

    public override string ToString() => EndLine == 0 && Column == 0 && EndColumn == 0
        ? $"{File}:{Function}:{Line}"
        : $"{File}:{Function}:{Line}-{EndLine}:{Column}-{EndColumn}";
}

/// <summary>One thread in one sample of a 3.x profile.</summary>
/// <param name="Pid">The process.</param>
/// <param name="InterpreterId">PyInterpreterState.id.</param>
/// <param name="ThreadId">The OS thread id (printed in decimal in the text format, in hexadecimal in MOJO).</param>
/// <param name="Frames">Outermost first.</param>
/// <param name="Invalid">The stack could not be read (<c>:INVALID:</c>, <c>FRAME_INVALID</c>).</param>
/// <param name="Gc">The garbage collector was collecting (<c>:GC:</c>, <c>GC</c>).</param>
/// <param name="Idle">The full metrics' idle flag; null in the other modes.</param>
/// <param name="Time">Microseconds, when the mode measures time.</param>
/// <param name="Memory">Bytes, when the mode measures memory.</param>
public sealed record Sample3(int Pid, long InterpreterId, ulong ThreadId, IReadOnlyList<Frame3> Frames, bool Invalid, bool Gc, bool? Idle, long? Time, long? Memory)
{
    public override string ToString() =>
        $"P{Pid};T{InterpreterId}:{ThreadId}" + string.Concat(Frames.Select(f => ";" + f)) + (Invalid ? ";:INVALID:" : "") + (Gc ? ";:GC:" : "") +
        $" time={Time?.ToString() ?? "-"} idle={(Idle is null ? "-" : Idle.Value ? "1" : "0")} memory={Memory?.ToString() ?? "-"}";
}

/// <summary>A whole profile: its metadata in the order written (a key may come twice), and its samples.</summary>
public sealed record Profile3(IReadOnlyList<KeyValuePair<string, string>> Metadata, IReadOnlyList<Sample3> Samples)
{
    /// <summary>The last value of a metadata key, or null.</summary>
    public string? Meta(string key) => Metadata.LastOrDefault(m => m.Key == key).Value;

    /// <summary>The metadata keys, in order, each once.</summary>
    public IReadOnlyList<string> Keys => Metadata.Select(m => m.Key).Distinct().ToList();
}

/// <summary>A profile that does not follow the format; the message says where.</summary>
public sealed class Profile3FormatException(string message) : FormatException(message);
