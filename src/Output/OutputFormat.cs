// SPDX-License-Identifier: GPL-3.0-or-later
namespace Austin.Output;

/// <summary>The output formats; one writer each, made by <see cref="SampleWriterFactory"/>, named in <see cref="OutputFormats"/>.</summary>
internal enum OutputFormat
{
    /// <summary>FlameGraph's collapsed stacks, as the C austin 0.7.0 writes them (the default).</summary>
    Collapsed,
    /// <summary>The same with <c>func (file:line)</c> frames (-a).</summary>
    CollapsedAlternative,
    /// <summary>The C austin 3.x's text format: <c># key: value</c> metadata and <c>P&lt;pid&gt;;T&lt;iid&gt;:&lt;tid&gt;;...</c> lines.</summary>
    Austin,
    /// <summary>The C austin 3.x's binary format, MOJO.</summary>
    Mojo,
    /// <summary>An interactive flame graph in one SVG file.</summary>
    Svg,
    /// <summary>The same with the alternative format's frames: one per function and line (-a).</summary>
    SvgAlternative,
    /// <summary>speedscope's JSON file format.</summary>
    Speedscope,
    /// <summary>pprof's gzipped profile.proto.</summary>
    Pprof,
}
