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
/// A sample due before the previous one ended is an overrun: the next is taken at once, without a burst to catch up.
/// </summary>
internal sealed class IntervalTimer
{
    private readonly long _intervalNs;
    private ulong _state;
    private long _next;

    /// <param name="intervalNs">Mean gap; 0 samples as fast as possible (and that is no overrun).</param>
    public IntervalTimer(IClock clock, long intervalNs, ulong seed)
    {
        _intervalNs = intervalNs;
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
            _next = nowNs;   // due now: sample again rather than burst to catch up
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
