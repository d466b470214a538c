// SPDX-License-Identifier: GPL-3.0-or-later
namespace Austin.Platform;

/// <summary>Time as the sampling loop needs it: a monotonic clock and a sleep to an absolute point of it.</summary>
internal interface IClock
{
    /// <summary>A monotonic clock in nanoseconds.</summary>
    long NowNs();

    /// <summary>Sleeps until <paramref name="deadlineNs"/> of <see cref="NowNs"/>'s clock (at once when it has passed).</summary>
    void SleepUntil(long deadlineNs);
}
