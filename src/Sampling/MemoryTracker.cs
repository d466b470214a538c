// SPDX-License-Identifier: GPL-3.0-or-later
using Austin.Platform;

namespace Austin.Sampling;

/// <summary>A process's resident memory between two samples (-m, -f): the change in KB, 0 at the first sample.</summary>
internal sealed class MemoryTracker
{
    private long _last = -1;

    /// <summary>The change since the previous call; 0 when unknown.</summary>
    public long Delta(ITargetProcess process)
    {
        if (!process.TryReadResidentKb(out long rss)) return 0;
        long delta = _last < 0 ? 0 : rss - _last;
        _last = rss;
        return delta;
    }
}
