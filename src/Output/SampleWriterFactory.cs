// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.IO;
using Austin.Samples;

namespace Austin.Output;

/// <summary>Makes the writer of a format: the one place that knows every format.</summary>
internal static class SampleWriterFactory
{
    public static ISampleWriter Create(OutputFormat format, MetricMode mode, Stream stream) => format switch
    {
        OutputFormat.Collapsed => new CollapsedWriter(stream, alternative: false, mode),
        OutputFormat.CollapsedAlternative => new CollapsedWriter(stream, alternative: true, mode),
        OutputFormat.Austin => new AustinWriter(stream, mode),
        OutputFormat.Mojo => new MojoWriter(stream, mode),
        OutputFormat.Svg => new SvgWriter(stream, alternative: false, mode),
        OutputFormat.SvgAlternative => new SvgWriter(stream, alternative: true, mode),
        OutputFormat.Speedscope => new SpeedscopeWriter(stream, mode),
        OutputFormat.Pprof => new PprofWriter(stream, mode),
        _ => throw new ArgumentOutOfRangeException(nameof(format), OutputFormats.Identifier(format), "no writer for this format"),
    };

    /// <summary>Whether a format is bytes a terminal cannot show (austin refuses to write it to one).</summary>
    public static bool IsBinary(OutputFormat format) => format is OutputFormat.Pprof or OutputFormat.Mojo;
}
