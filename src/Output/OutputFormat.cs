// SPDX-License-Identifier: GPL-3.0-or-later
namespace Austin.Output;

/// <summary>The output formats; one writer each, made by <see cref="SampleWriterFactory"/>.</summary>
internal enum OutputFormat
{
    /// <summary>FlameGraph's collapsed stacks, as the C austin 0.7.0 writes them (the default).</summary>
    Collapsed,
    /// <summary>The same with <c>func (file:line)</c> frames (-a).</summary>
    CollapsedAlternative,
    /// <summary>The C austin 3.x's text format, with its metadata and metric conventions.</summary>
    Austin,
    /// <summary>The C austin 3.x's binary format, MOJO version 3.</summary>
    Mojo,
}
