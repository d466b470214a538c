// SPDX-License-Identifier: GPL-3.0-or-later
using System.Collections.Generic;
using System.Threading;
using Austin.Samples;

namespace Austin.Output;

/// <summary>
/// What a live view (the terminal view, the web page) reads: the samples so far by stack, the stack each thread was
/// last seen in, and whether sampling has ended. Made by the sampling thread when a reader asked for it, at the
/// writer's next flush (every 50 ms while sampling), so that the reader never touches the growing tree.
/// </summary>
internal sealed record LiveSnapshot(StackTree Tree, IReadOnlyDictionary<int, int> LastLeaf, MetricMode Mode,
    ProfileMetadata? Metadata, bool Ended, long Serial)
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(LiveSnapshot);
}

/// <summary>
/// Passes samples on to a writer (-o, or nothing) and keeps them in a <see cref="StackTree"/> for the live views.
/// The sampling thread never waits for a reader: a reader sets a flag, the sampling thread copies the tree at its next
/// flush and publishes the copy with one reference write; a reader that is slow to take it only gets an older one.
/// </summary>
internal sealed class LiveTap(ISampleWriter inner, MetricMode mode) : ISampleWriter
{
    private readonly StackTree _tree = new();
    private readonly Dictionary<int, int> _lastLeaf = [];
    private readonly ManualResetEventSlim _published = new(false);
    private ProfileMetadata? _metadata;
    private LiveSnapshot? _latest;
    private int _requested;
    private long _serial;
    private bool _ended;

    public MetricMode Mode => mode;

    /// <summary>The newest snapshot made, or null before the first.</summary>
    public LiveSnapshot? Latest => Volatile.Read(ref _latest);

    /// <summary>Asks the sampling thread for a new snapshot, and waits for it at most <paramref name="timeoutMs"/> (0: not at all).</summary>
    public LiveSnapshot? Refresh(int timeoutMs)
    {
        LiveSnapshot? before = Latest;
        if (before is { Ended: true }) return before;
        _published.Reset();
        Volatile.Write(ref _requested, 1);
        if (timeoutMs > 0) _published.Wait(timeoutMs);
        return Latest;
    }

    public void Begin(ProfileMetadata metadata)
    {
        _metadata = metadata;
        inner.Begin(metadata);
    }

    public void WriteMetadata(string key, string value)
    {
        if (key == "python" && _metadata is not null) _metadata = _metadata with { PythonVersion = value };
        inner.WriteMetadata(key, value);
    }

    public void Write(in ThreadSample sample)
    {
        inner.Write(sample);
        int leaf = _tree.Add(sample);
        _lastLeaf[_tree.LastThread] = leaf;
    }

    public void Flush()
    {
        inner.Flush();
        if (Volatile.Read(ref _requested) != 0) Publish();
    }

    public void End(ProfileStatistics statistics) => inner.End(statistics);

    /// <summary>Sampling is over (on the sampling thread, after the last sample): the last snapshot, marked ended.</summary>
    public void MarkEnded()
    {
        _ended = true;
        Publish();
    }

    private void Publish()
    {
        Volatile.Write(ref _requested, 0);
        var snapshot = new LiveSnapshot(_tree.Clone(), new Dictionary<int, int>(_lastLeaf), mode, _metadata, _ended, ++_serial);
        Volatile.Write(ref _latest, snapshot);
        _published.Set();
    }

    public void Dispose() => inner.Dispose();
}
