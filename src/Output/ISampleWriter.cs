// SPDX-License-Identifier: GPL-3.0-or-later
using System;

namespace Austin.Output;

/// <summary>
/// Where samples go. One implementation per output format (collapsed today; austin-3 text, MOJO, speedscope later).
/// Implementations buffer; the owner calls <see cref="Flush"/> on every exit path (Dispose only closes).
/// Write errors surface as <see cref="System.IO.IOException"/>.
/// </summary>
internal interface ISampleWriter : IDisposable
{
    /// <summary>One thread's stack, outermost frame first.</summary>
    void WriteStack(ulong threadId, ReadOnlySpan<Frame> frames, SampleMetrics metrics);

    /// <summary>A thread whose stack could not be read consistently in this sample.</summary>
    void WriteBadSample(ulong threadId, SampleMetrics metrics);

    void Flush();
}
