// SPDX-License-Identifier: GPL-3.0-or-later
namespace Austin.Output;

/// <summary>The output formats; one writer each, made by <see cref="SampleWriterFactory"/>.</summary>
internal enum OutputFormat
{
    /// <summary>FlameGraph's collapsed stacks, as the C austin 0.7.0 writes them (the default).</summary>
    Collapsed,
    /// <summary>The same with <c>func (file:line)</c> frames (-a).</summary>
    CollapsedAlternative,
    /// <summary>An interactive flame graph in one SVG file.</summary>
    Svg,
    /// <summary>The same with the alternative format's frames: one per function and line (-a).</summary>
    SvgAlternative,
    /// <summary>speedscope's JSON file format.</summary>
    Speedscope,
    /// <summary>pprof's gzipped profile.proto.</summary>
    Pprof,
}
