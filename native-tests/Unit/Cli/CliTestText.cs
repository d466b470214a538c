// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Globalization;
using System.Text;
using Austin.Cli;
using Austin.Sampling;

namespace Austin.Tests.Unit.Cli;

/// <summary>Texts the command-line tests share: argp's exact wording, and options written out as the argp oracle prints them.</summary>
internal static class CliTestText
{
    public const string TryLine = "Try `austin --help' or `austin --usage' for more information.\n";

    public const string HelpText =
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
        "                             machines (default is 100ms).\n" +
        "  -?, --help                 Give this help list\n" +
        "      --usage                Give a short usage message\n" +
        "  -V, --version              Print program version\n" +
        "\n" +
        "Mandatory or optional arguments to long options are also mandatory or optional\n" +
        "for any corresponding short options.\n" +
        "\n" +
        "Report bugs to " + AustinVersion.BugAddress + ".\n";

    public const string UsageText =
        "Usage: austin [-aefms?V] [-i n_us] [-o FILE] [-p PID] [-t n_ms] [--alt-format]\n" +
        "            [--exclude-empty] [--full] [--interval=n_us] [--memory]\n" +
        "            [--output=FILE] [--pid=PID] [--sleepless] [--timeout=n_ms] [--help]\n" +
        "            [--usage] [--version] command [ARG...]\n";

    /// <summary>-V: the C austin's line for scripts, then this implementation and its commit.</summary>
    public const string VersionText = "austin 0.7.0\n" + AustinVersion.Implementation + "\n";

    /// <summary>What austin prints on standard error for a usage error.</summary>
    public static string UsageError(string message) => $"austin: {message}\n{TryLine}";

    /// <summary>A command line written as one string, split at spaces (tests that need spaces in a word use arrays).</summary>
    public static string[] Words(string commandLine) =>
        commandLine.Length == 0 ? [] : commandLine.Split(' ');

    /// <summary>The options one per line, exactly as the argp oracle's print_options writes them.</summary>
    public static string Format(AustinOptions options)
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
}
