// SPDX-License-Identifier: GPL-3.0-or-later
using System.Collections.Generic;
using System.Text;
using Austin.Output;
using static Austin.Cli.OptionDeclaration;

namespace Austin.Cli;

/// <summary>
/// austin's options, each declared once: the 0.7.0 options with their 0.7.0 wording, then the extensions.
/// The argp table (the pre-pass, --help and --usage) and the System.CommandLine symbols (<see cref="AustinSymbols"/>)
/// are derived from these declarations, so adding an option is adding its declaration to one of the two lists,
/// plus the property of AustinOptions its value goes to, and its tests. A long-only extension, like --format below:
/// <code>
/// Valued&lt;OutputFormat&gt;(null, "format", "NAME", "Output format: collapsed (default), austin, mojo.",
///     AustinValues.Format, "the output format must be one of: collapsed, austin, mojo",
///     (options, format) =&gt; options with { Format = format }),
/// </code>
/// <list type="bullet">
/// <item>A short option among the extensions gives its key instead of null; argp sorts it into their block.</item>
/// <item>A value with units is a <see cref="ValueParser{T}"/> that reads them ("10ms" as 10000 us).</item>
/// <item>Values are applied in command-line order, as argp's parser meets the options, so an option that
/// implies another sets the value the other would (-b: <c>options =&gt; options with { Format = Mojo }</c>), and
/// whichever of -b and --format comes later wins. What needs the whole line ("-P means the austin format unless a format is given") is
/// decided from the values once all are set, in AustinOptions: <c>ChosenFormat</c>.</item>
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
        // -i and -t read 3.7's units too ("-i 1ms", "-t 2s"): 0.7.0 refused them, so no 0.7.0 line changes meaning.
        Valued<long>('i', "interval", "n_us", "Sampling interval (default is 500us).",
            AustinValues.Interval, "the sampling interval must be a positive integer",
            (options, us) => options with { IntervalUs = us }),
        Switch('m', "memory", "Profile memory usage.",
            options => options with { Memory = true }),
        Valued<string>('o', "output", "FILE", "Specify an output file for the collected samples.",
            AustinValues.FileName, "the output file name must not be empty",
            (options, file) => options with { OutputFile = file }),
        // "The the" is 0.7.0's typo.
        Valued<int>('p', "pid", "PID", "The the ID of the process to which Austin should attach.",
            AustinValues.Pid, "invalid PID.",
            // As in the C austin 3.7, -w is -p plus "dump once": a -p after -w changes the process -w dumps.
            (options, pid) => options.WherePid is null ? options with { Pid = pid } : options with { WherePid = pid }),
        Switch('s', "sleepless", "Suppress idle samples.",
            options => options with { Sleepless = true }),
        Valued<long>('t', "timeout", "n_ms", "Approximate start up wait time. Increase on slow machines (default is 100ms).",
            AustinValues.Timeout, "timeout must be a positive integer",
            (options, ms) => options with { TimeoutMs = ms }),
    ];

    /// <summary>
    /// The header --help prints above the extensions, which also says what the 0.7.0 lines above it cannot: that -i
    /// and -t take the C austin 3.x's units.
    /// </summary>
    public const string ExtensionHeader = "The C austin 3.x's options and more; -i and -t take units too (1ms, 2s):";

    /// <summary>
    /// Options beyond 0.7.0: the C austin 3.7's, with its names, docs, value rules and messages (argparse.c),
    /// where they say what austin does; and --format. A new short option or long name must not change the meaning
    /// of a 0.7.0 command line: the long-name abbreviations it makes ambiguous keep their 0.7.0 meaning
    /// (<see cref="ArgpOption.Established"/>), and prefer long-only options for austin's own.
    /// </summary>
    public static IReadOnlyList<OptionDeclaration> Extensions { get; } =
    [
        // austin's own: long-only, so that no 0.7.0 or 3.7 command line changes meaning.
        Switch(null, "asyncio", "Show each asyncio task as a thread of its own, with the stack of the coroutines it awaits in (CPython 3.11 and later).",
            options => options with { Asyncio = true }),
        Switch('b', "binary", "Emit data in the MOJO binary format (the same as --format=mojo).",
            options => options with { Format = OutputFormat.Mojo }),
        Switch('C', "children", "Attach to child processes.",
            options => options with { Children = true }),
        Valued<OutputFormat>(null, "format", "NAME", FormatDoc(),
            AustinValues.Format, $"the output format must be one of: {OutputFormats.NameList()}",
            (options, format) => options with { Format = format }),
        Switch('g', "gc", "Sample the garbage collector state.",
            options => options with { Gc = true }),
        Switch(null, "gil", "Sample only the thread that holds the GIL.",
            options => options with { GilOnly = true }),
        // 3.7 sizes a buffer with it to read a 3.11+ thread's frames in one go; austin's snapshot does that anyway.
        Valued<long>('h', "heap", "n_mb",
            "Accepted for compatibility, and ignored: the C austin 3.x sizes a frame heap with it, austin reads whole stacks without one.",
            AustinValues.NonNegative, "the heap size must be a positive integer",
            (options, mb) => options with { HeapMb = mb }),
        Switch('P', "pipe", "Pipe mode. Use when piping Austin output: the austin format, unless a format is given.",
            options => options with { Pipe = true }),
        // 3.7's message for -w says "invalid PID" where 0.7.0's -p says "invalid PID.": each keeps its own words.
        Valued<int>('w', "where", "PID", "Dump the stacks of all the threads within the process with the given PID.",
            AustinValues.Pid, "invalid PID",
            (options, pid) => options with { WherePid = pid, Pid = null }),
        Valued<long>('x', "exposure", "n_sec", "Sample for n_sec seconds only.",
            AustinValues.NonNegative, "the exposure must be a positive integer",
            (options, seconds) => options with { ExposureS = seconds }),
    ];

    /// <summary>
    /// austin's own options beyond 3.7's: listed with the extensions, but the abbreviations they share with older
    /// options keep the older meaning (--c is 3.7's --children, --s 0.7.0's --sleepless).
    /// </summary>
    public static IReadOnlyList<OptionDeclaration> Own { get; } =
    [
        Valued<string>(null, "convert", "FILE",
            "Read the samples recorded in FILE (collapsed, austin or mojo format, as austin or the C austin wrote them) instead of sampling, and write them in the output format.",
            AustinValues.FileName, "the file to convert must be named",
            (options, file) => options with { ConvertFile = file }),
        Optional<int>(null, "summary", "COUNT",
            "At the end, print the top COUNT functions (default 10) by own and by total share, and the run's figures, on standard error.",
            "10", AustinValues.Count, "the summary's length must be a positive integer",
            (options, top) => options with { SummaryTop = top }),
        Switch(null, "tui", "Show a live full-screen view of the process in the terminal instead of writing samples (as austin-tui does).",
            options => options with { Live = Sampling.LiveView.Tui }),
        Switch(null, "web", "Serve a live flame graph of the process over HTTP on WEBAUSTIN_HOST:WEBAUSTIN_PORT instead of writing samples (as austin-web does).",
            options => options with { Live = Sampling.LiveView.Web }),
    ];

    /// <summary>--format's doc, from the table of formats: its names, the default first, and the file endings that choose one.</summary>
    private static string FormatDoc()
    {
        var doc = new StringBuilder("Output format: ");
        for (int i = 0; i < OutputFormats.All.Count; i++)
            doc.Append(i == 0 ? "" : ", ").Append(OutputFormats.All[i].Name).Append(i == 0 ? " (default)" : "");
        doc.Append(". Without it, -P means austin, and an output file ending in ").Append(OutputFormats.ExtensionList())
            .Append(" means that format.");
        return doc.ToString();
    }

    /// <summary>austin's command line.</summary>
    public static AustinOptionTable Austin { get; } = new(Seed, Extensions, ExtensionHeader, Own);

    /// <param name="extensionHeader">The line --help prints above the extensions, if any (argp then sets every group off by a blank line).</param>
    /// <param name="own">austin's own options, listed with the extensions, junior to them in abbreviations.</param>
    public AustinOptionTable(IReadOnlyList<OptionDeclaration> seed, IReadOnlyList<OptionDeclaration> extensions, string? extensionHeader = null,
        IReadOnlyList<OptionDeclaration>? own = null)
    {
        var declarations = new List<OptionDeclaration>(seed.Count + extensions.Count);
        var rows = new List<ArgpOption>(seed.Count + extensions.Count);
        foreach (OptionDeclaration declaration in seed)
        {
            declarations.Add(declaration);
            rows.Add(declaration.ToArgp(SeedGroup) with { Established = true });
        }
        foreach (OptionDeclaration declaration in extensions)
        {
            declarations.Add(declaration);
            rows.Add(declaration.ToArgp(ExtensionGroup) with { Seniority = 1 });
        }
        foreach (OptionDeclaration declaration in own ?? [])
        {
            declarations.Add(declaration);
            rows.Add(declaration.ToArgp(ExtensionGroup));
        }
        if (extensionHeader is not null)
            rows.Add(ArgpOption.Header(extensionHeader, ExtensionGroup));
        Declarations = declarations;
        Argp = new ArgpOptionTable("austin", "command [ARG...]", "Austin -- A frame stack sampler for Python.",
            AustinVersion.BugAddress, rows);
    }

    /// <summary>The declarations, the seed's then the extensions: the order getopt knows them in.</summary>
    public IReadOnlyList<OptionDeclaration> Declarations { get; }

    /// <summary>The argp table derived from the declarations, with argp's own options.</summary>
    public ArgpOptionTable Argp { get; }
}
