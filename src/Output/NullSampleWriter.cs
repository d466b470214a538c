// SPDX-License-Identifier: GPL-3.0-or-later
using Austin.Samples;

namespace Austin.Output;

/// <summary>Writes nothing: the live views without -o keep the samples in their tree only.</summary>
internal sealed class NullSampleWriter : ISampleWriter
{
    public void Begin(ProfileMetadata metadata) { }
    public void WriteMetadata(string key, string value) { }
    public void Write(in ThreadSample sample) { }
    public void Flush() { }
    public void End(ProfileStatistics statistics) { }
    public void Dispose() { }
}
