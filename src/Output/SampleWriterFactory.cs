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
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "no writer for this format"),
    };
}
