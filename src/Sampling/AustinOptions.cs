// SPDX-License-Identifier: GPL-3.0-or-later
using Austin.Output;

namespace Austin.Sampling;

/// <summary>
/// Everything the command line decided, as plain values, read by the sampler. A record, so that each option of
/// the command line can set its value with a <c>with</c> expression (see Cli's AustinOptionTable), in the order
/// the options were given, as argp's parser sees them.
/// </summary>
internal sealed record AustinOptions
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(AustinOptions);

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

    // ---- the C austin 3.x's options and --format ----

    /// <summary>--format=NAME, or -b (mojo): the last given; null when neither is.</summary>
    public OutputFormat? Format { get; init; }

    /// <summary>-P: pipe mode, which means the austin format when no format is given.</summary>
    public bool Pipe { get; init; }

    /// <summary>
    /// The format the samples are written in: --format or -b when given (the later of them), else the austin format
    /// with -P, else what the output file's ending asks for (.austin, .mojo, .svg, .speedscope.json, .pprof, .pb.gz),
    /// else collapsed; collapsed and svg take -a's frames (one per function and line).
    /// </summary>
    public OutputFormat ChosenFormat
    {
        get
        {
            OutputFormat format = Format ?? (Pipe ? OutputFormat.Austin : OutputFormats.FromFileName(OutputFile) ?? OutputFormat.Collapsed);
            return !AltFormat ? format : format switch
            {
                OutputFormat.Collapsed => OutputFormat.CollapsedAlternative,
                OutputFormat.Svg => OutputFormat.SvgAlternative,
                _ => format,
            };
        }
    }

    /// <summary>-C: sample the target's descendant processes that run Python too.</summary>
    public bool Children { get; init; }

    /// <summary>-w: print the stacks of this process's threads once, instead of sampling (then <see cref="Pid"/> is null).</summary>
    public int? WherePid { get; init; }

    /// <summary>-g: sample the garbage collector's state.</summary>
    public bool Gc { get; init; }

    /// <summary>
    /// -h, in MB: the C austin 3.x's frame heap size, accepted for compatibility. austin needs no such heap: its
    /// per-sample snapshot reads a thread's frames in as few reads as they take, with its own bounds.
    /// </summary>
    public long HeapMb { get; init; }

    /// <summary>-x: stop sampling after this many seconds (counted from the first sample); 0: no limit.</summary>
    public long ExposureS { get; init; }

    /// <summary>The -x limit in nanoseconds, 0 for none (saturated: the C austin takes any long).</summary>
    public long ExposureNs => ExposureS > long.MaxValue / 1_000_000_000 ? long.MaxValue : ExposureS * 1_000_000_000;

    /// <summary>--convert=FILE: read the samples recorded in FILE instead of sampling, and write them in the chosen format.</summary>
    public string? ConvertFile { get; init; }

    /// <summary>--tui, --web, or the name austin runs under (austin-tui, austin-web): a live view instead of (or beside -o's) samples.</summary>
    public LiveView Live { get; init; }

    /// <summary>--summary[=N]: at the end, the top N functions and the run's figures on standard error; null for none.</summary>
    public int? SummaryTop { get; init; }
}

/// <summary>The live views austin can show while it samples.</summary>
internal enum LiveView
{
    /// <summary>None: the samples go to standard output or -o's file.</summary>
    None,
    /// <summary>The full-screen terminal view (austin-tui).</summary>
    Tui,
    /// <summary>The live flame graph served over HTTP (austin-web).</summary>
    Web,
}
