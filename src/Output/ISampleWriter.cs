// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using Austin.Samples;

namespace Austin.Output;

/// <summary>
/// Where samples go, in one format. Implementations own their encoding caches (per <see cref="Function.Id"/>) and
/// buffer; the owner calls <see cref="Flush"/> on every exit path and at least every 50 ms while sampling
/// (Dispose only closes). Write errors surface as <see cref="System.IO.IOException"/> (EPIPE in its HResult when the
/// reader went away).
/// </summary>
internal interface ISampleWriter : IDisposable
{
    /// <summary>Before the first sample.</summary>
    void Begin(ProfileMetadata metadata);

    /// <summary>Something learnt while sampling (e.g. the Python version of a process), for formats with a header.</summary>
    void WriteMetadata(string key, string value);

    /// <summary>One thread of one process at one sample.</summary>
    void Write(in ThreadSample sample);

    /// <summary>Hands what is buffered to the stream.</summary>
    void Flush();

    /// <summary>After the last sample (not called when the output failed).</summary>
    void End(ProfileStatistics statistics);
}
