// SPDX-License-Identifier: GPL-3.0-or-later
namespace Austin.Sampling;

/// <summary>
/// Everything the command line decided, as plain values, read by the sampler. A record, so that each option of
/// the command line can set its value with a <c>with</c> expression (see Cli's AustinOptionTable), in the order
/// the options were given, as argp's parser sees them.
/// </summary>
internal sealed record AustinOptions
{
    public const int DefaultIntervalUs = 500;
    public const int DefaultTimeoutMs = 100;

    /// <summary>-a: "func (file:line)" frames instead of "func (file);Lline".</summary>
    public bool AltFormat { get; init; }

    /// <summary>-e: skip threads with no Python frames.</summary>
    public bool ExcludeEmpty { get; init; }

    /// <summary>-f: time, +memory and -memory on every line.</summary>
    public bool Full { get; init; }

    /// <summary>-i: sampling interval in microseconds; 0 samples as fast as possible.</summary>
    public long IntervalUs { get; init; } = DefaultIntervalUs;

    /// <summary>The interval in nanoseconds (saturated: the C austin takes any long).</summary>
    public long IntervalNs => IntervalUs > long.MaxValue / 1000 ? long.MaxValue / 2 : IntervalUs * 1000;

    /// <summary>-m: memory deltas instead of time.</summary>
    public bool Memory { get; init; }

    /// <summary>-o: sample file; null means standard output.</summary>
    public string? OutputFile { get; init; }

    /// <summary>-p: attach to this process instead of launching <see cref="Command"/>.</summary>
    public int? Pid { get; init; }

    /// <summary>-s: skip idle threads.</summary>
    public bool Sleepless { get; init; }

    /// <summary>--asyncio: every suspended asyncio task as a thread of its own, with its await chain (3.11-3.13).</summary>
    public bool Asyncio { get; init; }

    /// <summary>--gil: only the thread that holds the GIL at each sample.</summary>
    public bool GilOnly { get; init; }

    /// <summary>-t: how long to wait for the Python runtime to become readable, in milliseconds.</summary>
    public long TimeoutMs { get; init; } = DefaultTimeoutMs;

    /// <summary>The command to launch and its arguments (empty in attach mode).</summary>
    public string[] Command { get; init; } = [];
}
