// SPDX-License-Identifier: GPL-3.0-or-later
using System.IO;
using Austin.Sampling;

namespace Austin.Cli;

/// <summary>Entry point of the command line: argp conventions first (<see cref="ArgpScanner"/>), then System.CommandLine.</summary>
internal static class AustinCommandLine
{
    /// <summary>
    /// Parses <paramref name="args"/>. Returns the options to run with, or null when austin must exit
    /// with <paramref name="exitCode"/> (help, usage, version, or a usage error already printed).
    /// Never throws: whatever the command line, the user gets argp's texts, not a stack trace.
    /// </summary>
    public static AustinOptions? Parse(string[] args, TextWriter stdout, TextWriter stderr, out int exitCode)
    {
        ArgpOptionTable table = AustinOptionTable.Table;
        ArgpScan scan = ArgpScanner.Scan(args, table);
        (AustinOptions? options, string? badValue) = new AustinSymbols().Convert(scan);

        // argp handles each option as it meets it, so the first problem on the command line wins: a bad value
        // met before the scan stopped, then what stopped it, then what only the whole command line can tell.
        string? error = badValue ?? scan.Error;
        if (error is null && scan.ActedOn is null && options is not null)
            error = CheckModes(options);

        if (error is not null)
        {
            stderr.Write($"{table.ProgramName}: {error}\n");
            stderr.Write(ArgpHelpWriter.TryHelp(table));
            exitCode = ExitCodes.Usage;
            return null;
        }

        exitCode = ExitCodes.Ok;
        switch (scan.ActedOn?.Action)
        {
            case ArgpAction.Help:
                stdout.Write(ArgpHelpWriter.Help(table));
                return null;
            case ArgpAction.Usage:
                stdout.Write(ArgpHelpWriter.Usage(table));
                return null;
            case ArgpAction.Version:
                stdout.Write(AustinVersion.ProgramVersion + "\n");
                return null;
            default:
                return options;
        }
    }

    /// <summary>austin either launches a command or attaches to a PID: exactly one of the two.</summary>
    private static string? CheckModes(AustinOptions options)
    {
        bool hasCommand = options.Command.Length > 0;
        if (!hasCommand && options.Pid is null)
            return "no command to run and no PID to attach to";
        if (hasCommand && options.Pid is not null)
            return "give either a command or -p PID, not both";
        return null;
    }
}
