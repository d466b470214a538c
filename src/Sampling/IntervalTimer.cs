// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using Austin.Platform;

namespace Austin.Sampling;

/// <summary>
/// When to take the next sample: on average every interval, but never in lock-step with the target. Each gap is
/// drawn uniformly from [interval/2, 3·interval/2) and added to an absolute schedule, so the mean rate is exactly
/// the requested one and does not drift, while the phase wanders: a program that wakes up periodically (a 1 ms
/// timer against a 500 µs interval, say) is met at every point of its period, and so is seen in proportion to the
/// time it really spends there. A fixed grid phase-locks with such a program and can miss it entirely.
/// A sample due before the previous one ended is an overrun: the next is taken at once. A short overrun (a buffer
/// written out, a page fault) is caught up: the schedule keeps its place, and the samples after it come as fast as
/// the sampler can take them until it is back on time, so that the mean rate stays the requested one. Their time
/// metric is still each real gap, so nothing is counted twice. A long one (the sampler descheduled, a slow target)
/// is not: the schedule starts again from now, rather than send a burst of samples of one moment.
/// </summary>
internal sealed class IntervalTimer
{
    /// <summary>How far behind the schedule may fall and still be caught up: ten intervals, at most 1 ms.</summary>
    public const long MaxCatchUpNs = 1_000_000;
    private const long CatchUpIntervals = 10;

    private readonly long _intervalNs;
    private readonly long _maxLagNs;
    private ulong _state;
    private long _next;

    /// <param name="intervalNs">Mean gap; 0 samples as fast as possible (and that is no overrun).</param>
    public IntervalTimer(IClock clock, long intervalNs, ulong seed)
    {
        _intervalNs = intervalNs;
        _maxLagNs = intervalNs > MaxCatchUpNs / CatchUpIntervals ? MaxCatchUpNs : CatchUpIntervals * intervalNs;
        _state = seed | 1;   // xorshift must not start at 0
        _next = clock.NowNs();
        Previous = _next - intervalNs;
    }

    /// <summary>The moment the first sample's time metric counts from: one mean interval before it.</summary>
    public long Previous { get; }

    /// <summary>Samples that were due before the previous one had ended.</summary>
    public long Overruns { get; private set; }

    /// <summary>Moves the schedule on from a sample that ended at <paramref name="nowNs"/>: when the next is due (now, after an overrun).</summary>
    public long Schedule(long nowNs)
    {
        _next += Gap();
        if (_next <= nowNs)
        {
            if (_intervalNs != 0) Overruns++;
            // Due now. Behind by little: keep the schedule, and catch up. By much: start it again from now.
            if (nowNs - _next > _maxLagNs) _next = nowNs;
        }
        return _next;
    }

    /// <summary>The next gap, uniform in [interval/2, 3·interval/2).</summary>
    private long Gap()
    {
        if (_intervalNs <= 1) return _intervalNs;
        // xorshift64*: cheap, allocation-free, and plenty for breaking phase locks.
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        ulong random = (_state * 0x2545F4914F6CDD1DUL) >> 11;   // 53 bits
        return _intervalNs / 2 + (long)(random % (ulong)_intervalNs);
    }
}
