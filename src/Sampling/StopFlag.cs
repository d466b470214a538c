// SPDX-License-Identifier: GPL-3.0-or-later
using Austin.Platform;

namespace Austin.Sampling;

/// <summary>Set from a signal handler's thread, read by the sampling loop between samples.</summary>
internal sealed class StopFlag
{
    private volatile int _signal;

    public bool Requested => _signal != 0;

    public StopSignal Signal => (StopSignal)_signal;

    public void Request(StopSignal signal) => _signal = (int)signal;
}
