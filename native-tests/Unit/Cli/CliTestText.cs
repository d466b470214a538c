// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Austin.Cli;
using Austin.Output;
using Austin.Sampling;
using NUnit.Framework;

namespace Austin.Tests.Unit.Cli;

/// <summary>
/// Texts the command-line tests share: argp's exact wording, and options written out as the argp oracle prints them;
/// and the parse and the test cases built on them.
/// </summary>
internal static class CliTestText
{
    public const string TryLine = "Try `austin --help' or `austin --usage' for more information.\n";

    /// <summary>
    /// The C austin 0.7.0's --help down to its last option of its own, byte for byte: austin's --help starts so, and
    /// ends as 0.7.0's does (<see cref="SeedHelpTail"/>); the extensions come between, under their header.
    /// </summary>
    public const string SeedHelpHead =
        "Usage: austin [OPTION...] command [ARG...]\n" +
        "Austin -- A frame stack sampler for Python.\n" +
        "\n" +
        "  -a, --alt-format           Alternative collapsed stack sample format.\n" +
        "  -e, --exclude-empty        Do not output samples of threads with no frame\n" +
        "                             stacks.\n" +
        "  -f, --full                 Produce the full set of metrics (time +mem -mem).\n" +
        "  -i, --interval=n_us        Sampling interval (default is 500us).\n" +
        "  -m, --memory               Profile memory usage.\n" +
        "  -o, --output=FILE          Specify an output file for the collected samples.\n" +
        "  -p, --pid=PID              The the ID of the process to which Austin should\n" +
        "                             attach.\n" +
        "  -s, --sleepless            Suppress idle samples.\n" +
        "  -t, --timeout=n_ms         Approximate start up wait time. Increase on slow\n" +
        "                             machines (default is 100ms).\n";

    /// <summary>The C austin 0.7.0's --help from argp's own options to the end, byte for byte.</summary>
    public const string SeedHelpTail =
        "  -?, --help                 Give this help list\n" +
        "      --usage                Give a short usage message\n" +
        "  -V, --version              Print program version\n" +
        "\n" +
        "Mandatory or optional arguments to long options are also mandatory or optional\n" +
        "for any corresponding short options.\n" +
        "\n" +
        "Report bugs to " + AustinVersion.BugAddress + ".\n";

    /// <summary>The extensions' part of --help: a blank line and their header, their entries, and the blank line before argp's own.</summary>
    public const string ExtensionHelp =
        "\n" +
        " The C austin 3.x's options and more; -i and -t take units too (1ms, 2s):\n" +
        "      --asyncio              Show each asyncio task as a thread of its own,\n" +
        "                             with the stack of the coroutines it awaits in\n" +
        "                             (CPython 3.11 and later).\n" +
        "  -b, --binary               Emit data in the MOJO binary format (the same as\n" +
        "                             --format=mojo).\n" +
        "      --convert=FILE         Read the samples recorded in FILE (collapsed,\n" +
        "                             austin or mojo format, as austin or the C austin\n" +
        "                             wrote them) instead of sampling, and write them in\n" +
        "                             the output format.\n" +
        "  -C, --children             Attach to child processes.\n" +
        "      --format=NAME          Output format: collapsed (default), austin, mojo,\n" +
        "                             svg, speedscope, pprof. Without it, -P means\n" +
        "                             austin, and an output file ending in .austin,\n" +
        "                             .mojo, .svg, .speedscope.json, .pprof or .pb.gz\n" +
        "                             means that format.\n" +
        "      --gil                  Sample only the thread that holds the GIL.\n" +
        "  -g, --gc                   Sample the garbage collector state.\n" +
        "  -h, --heap=n_mb            Accepted for compatibility, and ignored: the C\n" +
        "                             austin 3.x sizes a frame heap with it, austin\n" +
        "                             reads whole stacks without one.\n" +
        "  -P, --pipe                 Pipe mode. Use when piping Austin output: the\n" +
        "                             austin format, unless a format is given.\n" +
        "      --summary[=COUNT]      At the end, print the top COUNT functions (default\n" +
        "                             10) by own and by total share, and the run's\n" +
        "                             figures, on standard error.\n" +
        "      --tui                  Show a live full-screen view of the process in the\n" +
        "                             terminal instead of writing samples (as austin-tui\n" +
        "                             does).\n" +
        "      --web                  Serve a live flame graph of the process over HTTP\n" +
        "                             on WEBAUSTIN_HOST:WEBAUSTIN_PORT instead of\n" +
        "                             writing samples (as austin-web does).\n" +
        "  -w, --where=PID            Dump the stacks of all the threads within the\n" +
        "                             process with the given PID.\n" +
        "  -x, --exposure=n_sec       Sample for n_sec seconds only.\n" +
        "\n";

    /// <summary>austin's --help: 0.7.0's, with the extensions between its options and argp's own.</summary>
    public const string HelpText = SeedHelpHead + ExtensionHelp + SeedHelpTail;

    /// <summary>The C austin 0.7.0's --help, byte for byte.</summary>
    public const string SeedHelpText = SeedHelpHead + SeedHelpTail;

    /// <summary>The C austin 0.7.0's --usage, byte for byte.</summary>
    public const string SeedUsageText =
        "Usage: austin [-aefms?V] [-i n_us] [-o FILE] [-p PID] [-t n_ms] [--alt-format]\n" +
        "            [--exclude-empty] [--full] [--interval=n_us] [--memory]\n" +
        "            [--output=FILE] [--pid=PID] [--sleepless] [--timeout=n_ms] [--help]\n" +
        "            [--usage] [--version] command [ARG...]\n";

    public const string UsageText =
        "Usage: austin [-aefmsbCgP?V] [-i n_us] [-o FILE] [-p PID] [-t n_ms] [-h n_mb]\n" +
        "            [-w PID] [-x n_sec] [--alt-format] [--exclude-empty] [--full]\n" +
        "            [--interval=n_us] [--memory] [--output=FILE] [--pid=PID]\n" +
        "            [--sleepless] [--timeout=n_ms] [--asyncio] [--binary]\n" +
        "            [--convert=FILE] [--children] [--format=NAME] [--gil] [--gc]\n" +
        "            [--heap=n_mb] [--pipe] [--summary[=COUNT]] [--tui] [--web]\n" +
        "            [--where=PID] [--exposure=n_sec] [--help] [--usage] [--version]\n" +
        "            command [ARG...]\n";

    /// <summary>-V: the C austin's line for scripts, then this implementation and its commit.</summary>
    public const string VersionText = "austin 0.7.0\n" + AustinVersion.Implementation + "\n";

    /// <summary>What austin prints on standard error for a usage error.</summary>
    public static string UsageError(string message) => $"austin: {message}\n{TryLine}";

    /// <summary>A command line written as one string, split at spaces (tests that need spaces in a word use arrays).</summary>
    public static string[] Words(string commandLine) =>
        commandLine.Length == 0 ? [] : commandLine.Split(' ');

    /// <summary>The options one per line, exactly as the argp oracle's print_options writes them for austin's table.</summary>
    public static string Format(AustinOptions options)
    {
        var text = new StringBuilder(FormatSeed(options));
        string format = options.Format is OutputFormat chosen ? OutputFormats.All.First(f => f.Format == chosen).Name : "(none)";
        text.Append(CultureInfo.InvariantCulture, $"format {format}\n");
        Line(text, "pipe", options.Pipe);
        Line(text, "children", options.Children);
        text.Append(CultureInfo.InvariantCulture, $"where {(options.WherePid is int where ? where.ToString(CultureInfo.InvariantCulture) : "(none)")}\n");
        Line(text, "gc", options.Gc);
        text.Append(CultureInfo.InvariantCulture, $"heap {options.HeapMb}\nexposure {options.ExposureS}\n");
        Line(text, "asyncio", options.Asyncio);
        Line(text, "gil", options.GilOnly);
        text.Append(CultureInfo.InvariantCulture, $"convert {options.ConvertFile ?? "(none)"}\n");
        text.Append(CultureInfo.InvariantCulture, $"summary {(options.SummaryTop is int top ? top.ToString(CultureInfo.InvariantCulture) : "(none)")}\n");
        text.Append(CultureInfo.InvariantCulture, $"live {options.Live switch { Austin.Sampling.LiveView.Tui => "tui", Austin.Sampling.LiveView.Web => "web", _ => "(none)" }}\n");
        return text.ToString();
    }

    /// <summary>The 0.7.0 options one per line, exactly as the argp oracle's print_options writes them for the seed's table.</summary>
    public static string FormatSeed(AustinOptions options)
    {
        var text = new StringBuilder();
        Line(text, "alt-format", options.AltFormat);
        Line(text, "exclude-empty", options.ExcludeEmpty);
        Line(text, "full", options.Full);
        text.Append(CultureInfo.InvariantCulture, $"interval {options.IntervalUs}\n");
        Line(text, "memory", options.Memory);
        text.Append(CultureInfo.InvariantCulture, $"output {options.OutputFile ?? "(none)"}\n");
        text.Append(CultureInfo.InvariantCulture, $"pid {(options.Pid is int pid ? pid.ToString(CultureInfo.InvariantCulture) : "(none)")}\n");
        Line(text, "sleepless", options.Sleepless);
        text.Append(CultureInfo.InvariantCulture, $"timeout {options.TimeoutMs}\n");
        text.Append(CultureInfo.InvariantCulture, $"command {options.Command.Length}\n");
        foreach (string arg in options.Command)
            text.Append(CultureInfo.InvariantCulture, $"arg {arg}\n");
        return text.ToString();
    }

    private static void Line(StringBuilder text, string name, bool value) =>
        text.Append(CultureInfo.InvariantCulture, $"{name} {(value ? 1 : 0)}\n");

    /// <summary>A command line as a readable test-name fragment: words quoted, nothing lost.</summary>
    public static string Show(string[] args) =>
        args.Length == 0 ? "(nothing)" : string.Join(" ", Array.ConvertAll(args, a => a.Length == 0 || a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a));

    /// <summary>Parses <paramref name="args"/> as austin would, capturing what it prints.</summary>
    public static AustinOptions? Parse(string[] args, out int exitCode, out string stdout, out string stderr)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        AustinOptions? options = AustinCommandLine.Parse(args, output, error, out exitCode);
        stdout = output.ToString();
        stderr = error.ToString();
        return options;
    }

    public static TestCaseData Good(string sentence, string args, AustinOptions expected) => Good(sentence, Words(args), expected);

    public static TestCaseData Good(string sentence, string[] args, AustinOptions expected) =>
        new TestCaseData(args, Format(expected)).SetName(sentence);

    public static TestCaseData Bad(string sentence, string args, string message) => Bad(sentence, Words(args), message);

    public static TestCaseData Bad(string sentence, string[] args, string message) =>
        new TestCaseData(args, UsageError(message)).SetName(sentence);
}
