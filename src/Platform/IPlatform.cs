// SPDX-License-Identifier: GPL-3.0-or-later
namespace Austin.Platform;

/// <summary>The operating system, as the sampler sees it. One implementation per OS folder.</summary>
internal interface IPlatform
{
    /// <summary>Starts <paramref name="command"/> (PATH searched like a shell), output inherited.</summary>
    /// <exception cref="AustinException">The command is not found or cannot be executed.</exception>
    ITargetProcess Launch(string[] command);

    /// <summary>Opens a running process for reading.</summary>
    /// <exception cref="AustinException">No such process, or not allowed to read it.</exception>
    ITargetProcess Attach(int pid);

    /// <summary>Sleeps until <paramref name="deadlineNs"/> of <see cref="NowNs"/>'s clock.</summary>
    void SleepUntil(long deadlineNs);

    /// <summary>A monotonic clock in nanoseconds.</summary>
    long NowNs();
}
