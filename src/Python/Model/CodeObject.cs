// SPDX-License-Identifier: GPL-3.0-or-later
using Austin.Samples;

namespace Austin.Python.Model;

/// <summary>
/// What the sampler keeps of one remote code object: its printable symbol and line table, read once, plus the
/// fields that identify it, so that a code object freed and replaced at the same address is noticed.
/// </summary>
internal sealed class CodeObject
{
    public required ulong Address { get; init; }
    public required ulong NamePointer { get; init; }
    public required ulong FilePointer { get; init; }
    public required ulong LineTablePointer { get; init; }
    public required int FirstLineno { get; init; }
    /// <summary>3.11+: index of the first instruction after the prologue; frames before it are not shown.</summary>
    public int FirstTraceable { get; init; }
    /// <summary>What the profile shows of it: name and file, with a stable id.</summary>
    public required Function Function { get; init; }
    public required byte[] LineTable { get; init; }
    /// <summary>3.11+: co_code_adaptive as first read, to tell a caller waiting at a call (see FrameLayout.CallSites); else null.</summary>
    public byte[]? Bytecode { get; init; }
    /// <summary>The last index of <see cref="Bytecode"/> found to be where a caller waits: callers wait at the same call sample after sample.</summary>
    public long WaitingIndex { get; set; } = -1;

    // Two-entry memo: a parked frame asks for the same position sample after sample.
    public int LastPosition { get; set; } = int.MinValue;
    public FrameLocation LastLocation { get; set; }
    /// <summary>The position looked up before <see cref="LastPosition"/>: a recursive function is on two lines at once (the call into itself, and the innermost frame's).</summary>
    public int OtherPosition { get; set; } = int.MinValue;
    public FrameLocation OtherLocation { get; set; }
}
