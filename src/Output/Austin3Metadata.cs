// SPDX-License-Identifier: GPL-3.0-or-later
using System.Collections.Generic;
using System.Globalization;
using Austin.Samples;

namespace Austin.Output;

/// <summary>
/// The metadata the C austin 3.7 writes around its samples, in its order, for its text and MOJO formats alike
/// (logging.c log_meta_header, austin.c main, stats.c stats_log_metrics, py_proc.c py_proc__log_version).
/// </summary>
internal static class Austin3Metadata
{
    /// <summary>
    /// What the <c>austin</c> entry says: the C austin whose format and metric conventions the output follows, so that
    /// the tools that read it (austin-python, austin-tui, the VS Code extension) know what to expect.
    /// </summary>
    public const string FormatVersion = "3.7.0";

    public const string PythonKey = "python";

    /// <summary>Before the samples: austin, interval, mode, memory (-m, -f), multiprocess (-C), python (-P, when known).</summary>
    public static List<KeyValuePair<string, string>> Header(ProfileMetadata m)
    {
        var header = new List<KeyValuePair<string, string>>
        {
            new("austin", FormatVersion),
            new("interval", Number(m.IntervalUs)),
            new("mode", ModeName(m)),
        };
        if (m.Mode != MetricMode.Time) header.Add(new("memory", Number(m.TotalMemoryKb)));
        if (m.Children) header.Add(new("multiprocess", "on"));
        if (m.Pipe && m.PythonVersion is not null) header.Add(new(PythonKey, m.PythonVersion));
        return header;
    }

    /// <summary>
    /// After the samples: duration, gc (-g), and with -P, when something was sampled, sampling (min, mean, max
    /// sampling time in µs), saturation (samples that took longer than the interval / samples) and errors (bad thread
    /// stacks / thread stacks).
    /// </summary>
    public static List<KeyValuePair<string, string>> Footer(ProfileMetadata m, ProfileStatistics s)
    {
        var footer = new List<KeyValuePair<string, string>> { new("duration", Number(s.DurationUs)) };
        if (s.GcUs is long gc) footer.Add(new("gc", Number(gc)));
        if (m.Pipe && s.Samples > 0)
        {
            footer.Add(new("sampling", $"{s.MinSamplingNs / 1000},{s.MeanSamplingNs / 1000},{s.MaxSamplingNs / 1000}"));
            footer.Add(new("saturation", $"{s.Overruns}/{s.Samples}"));
            footer.Add(new("errors", $"{s.BadSamples}/{s.ThreadSamples}"));
        }
        return footer;
    }

    /// <summary>full (-f), memory (-m), cpu (-s), else wall: the C austin 3.x's names of its modes.</summary>
    public static string ModeName(ProfileMetadata m) => m.Mode switch
    {
        MetricMode.Full => "full",
        MetricMode.Memory => "memory",
        _ => m.Sleepless ? "cpu" : "wall",
    };

    /// <summary>The memory metrics in bytes, as the 3.x formats give them (the sample model counts KB).</summary>
    public static long Bytes(long kb) => kb * 1024;

    /// <summary>
    /// The thread id the 3.x formats print: the OS's (the C austin 3.x reads it from the thread state, or from glibc's
    /// struct pthread before 3.11), else, when it could not be found, the one CPython stores.
    /// </summary>
    public static ulong ThreadId(in ThreadSample sample) => sample.NativeThreadId != 0 ? sample.NativeThreadId : sample.ThreadId;

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
