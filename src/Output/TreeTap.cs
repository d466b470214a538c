// SPDX-License-Identifier: GPL-3.0-or-later
using Austin.Samples;

namespace Austin.Output;

/// <summary>
/// Passes samples on to a writer and adds them to a <see cref="StackTree"/> too: the summary (and later the live
/// views) of a run whose format writes samples as they come.
/// </summary>
internal sealed class TreeTap(ISampleWriter inner) : ISampleWriter
{
    public StackTree Tree { get; } = new();

    public void Begin(ProfileMetadata metadata) => inner.Begin(metadata);

    public void WriteMetadata(string key, string value) => inner.WriteMetadata(key, value);

    public void Write(in ThreadSample sample)
    {
        inner.Write(sample);
        Tree.Add(sample);
    }

    public void Flush() => inner.Flush();

    public void End(ProfileStatistics statistics) => inner.End(statistics);

    public void Dispose() => inner.Dispose();

    /// <summary>The tree a writer already keeps, or a tap that keeps one beside it.</summary>
    public static ISampleWriter WithTree(ISampleWriter writer, out StackTree tree)
    {
        if (writer is AggregatingWriter aggregating)
        {
            tree = aggregating.Tree;
            return writer;
        }
        var tap = new TreeTap(writer);
        tree = tap.Tree;
        return tap;
    }
}
