// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using Austin.Platform;

namespace Austin.Sampling;

/// <summary>
/// Keeps the sampling thread off the CPUs where the target's threads run, when it is allowed others.
/// </summary>
/// <remarks>
/// A sampler that shares a CPU with the target cannot see it run: while the sampler reads, the target waits, and
/// while the target runs, the sampler's wake-up waits (or, if it preempts, it stretches the very burst it measures).
/// A program that works 40 us and sleeps 1 ms was seen at 1.5-2.7 % against a true 4-6 % with austin and the target
/// pinned to one CPU, and within half a point pinned to two; left to the scheduler of a 2-vCPU machine they often
/// share one. So every 50-150 ms (at random, so as not to keep step with a program that has a period of its own)
/// the CPUs the target's threads last ran on are looked up, and the sampler is restricted to the others it was
/// allowed; when that leaves none, it may run anywhere it could before.
/// </remarks>
internal sealed class CpuPlacement
{
    private const long PeriodNs = 100_000_000;
    private ulong _random = 0x9E3779B97F4A7C15UL;
    private const int MaskWords = 16;   // 1024 CPUs

    private readonly IPlatform _platform;
    private readonly TargetSet _targets;
    private readonly ulong[] _allowed = new ulong[MaskWords];
    private readonly ulong[] _current = new ulong[MaskWords];
    private readonly ulong[] _targetCpus = new ulong[MaskWords];
    private readonly ulong[] _wanted = new ulong[MaskWords];
    private readonly bool _enabled;
    private long _next;

    public CpuPlacement(IPlatform platform, TargetSet targets)
    {
        _platform = platform;
        _targets = targets;
        _enabled = platform.TryGetThreadCpus(_allowed) && Count(_allowed) > 1;
        _allowed.CopyTo(_current, 0);
    }

    /// <summary>Looks again, when it is time, at where the target runs; allocation-free.</summary>
    public void Update(long nowNs)
    {
        if (!_enabled || nowNs < _next) return;
        _random ^= _random << 13;
        _random ^= _random >> 7;
        _random ^= _random << 17;
        _next = nowNs + PeriodNs / 2 + (long)(_random % (ulong)PeriodNs);
        Array.Clear(_targetCpus);
        bool known = false;
        for (int i = 0; i < _targets.Count; i++) known |= _targets[i].Process.MarkThreadCpus(_targetCpus);
        if (!known) return;
        for (int i = 0; i < MaskWords; i++) _wanted[i] = _allowed[i] & ~_targetCpus[i];
        if (Count(_wanted) == 0) _allowed.CopyTo(_wanted, 0);
        if (_wanted.AsSpan().SequenceEqual(_current)) return;
        _platform.SetThreadCpus(_wanted);
        _wanted.CopyTo(_current, 0);
    }

    private static int Count(ulong[] mask)
    {
        int n = 0;
        foreach (ulong word in mask) n += System.Numerics.BitOperations.PopCount(word);
        return n;
    }
}
