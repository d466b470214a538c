// SPDX-License-Identifier: GPL-3.0-or-later
namespace Austin.Samples;

/// <summary>One frame of a sampled stack: what runs and on which line (0 when the interpreter has none).</summary>
internal readonly record struct Frame(Function Function, int Line);
