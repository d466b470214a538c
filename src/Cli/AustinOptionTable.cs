// SPDX-License-Identifier: GPL-3.0-or-later
using System.Collections.Generic;
using static Austin.Cli.OptionDeclaration;

namespace Austin.Cli;

/// <summary>
/// austin's options, each declared once: the 0.7.0 options with their 0.7.0 wording, then the extensions.
/// The argp table (the pre-pass, --help and --usage) and the System.CommandLine symbols (<see cref="AustinSymbols"/>)
/// are derived from these declarations, so adding an option is adding its declaration to one of the two lists,
/// plus the property of AustinOptions its value goes to, and its tests. A long-only extension, say:
/// <code>
/// Valued&lt;OutputFormat&gt;(null, "format", "NAME", "Output format: collapsed (default), austin or mojo.",
///     AustinValues.Format, "unknown output format",
///     (options, format) =&gt; options with { Format = format }),
/// </code>
/// <list type="bullet">
/// <item>A short option among the extensions gives its key instead of null; argp sorts it into their block.</item>
/// <item>A value with units is a <see cref="ValueParser{T}"/> that reads them ("10ms" as 10000 us).</item>
/// <item>Values are applied in command-line order, as argp's parser meets the options, so an option that
/// implies another sets the value the other would (-b: <c>options =&gt; options with { Format = Mojo }</c>), and
/// whichever of -b and --format comes later wins. What needs the whole line ("-P means the austin format unless a format is given") is
/// decided from the values once all are set, e.g. in AustinOptions: <c>Format ?? (Pipe ? Austin : Collapsed)</c>.</item>
/// </list>
/// </summary>
internal sealed class AustinOptionTable
{
    /// <summary>The argp group of the 0.7.0 options.</summary>
    public const int SeedGroup = 0;

    /// <summary>The argp group of the options beyond 0.7.0: --help lists them after the seed's, before argp's own.</summary>
    public const int ExtensionGroup = 1;

    /// <summary>The 0.7.0 options. Their docs are 0.7.0's: --help must stay byte-identical to the C binary's.</summary>
    public static IReadOnlyList<OptionDeclaration> Seed { get; } =
    [
        Switch('a', "alt-format", "Alternative collapsed stack sample format.",
            options => options with { AltFormat = true }),
        Switch('e', "exclude-empty", "Do not output samples of threads with no frame stacks.",
            options => options with { ExcludeEmpty = true }),
        Switch('f', "full", "Produce the full set of metrics (time +mem -mem).",
            options => options with { Full = true }),
        // The C austin's messages, word for word: scripts and people compare them.
        Valued<long>('i', "interval", "n_us", "Sampling interval (default is 500us).",
            AustinValues.NonNegative, "the sampling interval must be a positive integer",
            (options, us) => options with { IntervalUs = us }),
        Switch('m', "memory", "Profile memory usage.",
            options => options with { Memory = true }),
        Valued<string>('o', "output", "FILE", "Specify an output file for the collected samples.",
            AustinValues.FileName, "the output file name must not be empty",
            (options, file) => options with { OutputFile = file }),
        // "The the" is 0.7.0's typo.
        Valued<int>('p', "pid", "PID", "The the ID of the process to which Austin should attach.",
            AustinValues.Pid, "invalid PID.",
            (options, pid) => options with { Pid = pid }),
        Switch('s', "sleepless", "Suppress idle samples.",
            options => options with { Sleepless = true }),
        Valued<long>('t', "timeout", "n_ms", "Approximate start up wait time. Increase on slow machines (default is 100ms).",
            AustinValues.NonNegative, "timeout must be a positive integer",
            (options, ms) => options with { TimeoutMs = ms }),
    ];

    /// <summary>
    /// Options beyond 0.7.0. Prefer long-only ones: a new short option or long name must not change the meaning
    /// of a 0.7.0 command line (mind the long-name prefixes it makes ambiguous, e.g. --pipe makes "--pi" so).
    /// </summary>
    public static IReadOnlyList<OptionDeclaration> Extensions { get; } =
    [
        // Temporary, until the 3.x command line (branch cli3) declares it with the rest of 3.7's options.
        Switch('C', "children", "Attach to child processes.",
            options => options with { Children = true }),
    ];

    /// <summary>austin's command line.</summary>
    public static AustinOptionTable Austin { get; } = new(Seed, Extensions);

    public AustinOptionTable(IReadOnlyList<OptionDeclaration> seed, IReadOnlyList<OptionDeclaration> extensions)
    {
        var declarations = new List<OptionDeclaration>(seed.Count + extensions.Count);
        var rows = new List<ArgpOption>(seed.Count + extensions.Count);
        foreach (OptionDeclaration declaration in seed)
        {
            declarations.Add(declaration);
            rows.Add(declaration.ToArgp(SeedGroup));
        }
        foreach (OptionDeclaration declaration in extensions)
        {
            declarations.Add(declaration);
            rows.Add(declaration.ToArgp(ExtensionGroup));
        }
        Declarations = declarations;
        Argp = new ArgpOptionTable("austin", "command [ARG...]", "Austin -- A frame stack sampler for Python.",
            AustinVersion.BugAddress, rows);
    }

    /// <summary>The declarations, the seed's then the extensions: the order getopt knows them in.</summary>
    public IReadOnlyList<OptionDeclaration> Declarations { get; }

    /// <summary>The argp table derived from the declarations, with argp's own options.</summary>
    public ArgpOptionTable Argp { get; }
}
