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
    public static AustinOptions? Parse(string[] args, TextWriter stdout, TextWriter stderr, out int exitCode) =>
        Parse(AustinOptionTable.Austin, args, stdout, stderr, out exitCode);

    /// <summary>The same with other option declarations than austin's (tests).</summary>
    internal static AustinOptions? Parse(AustinOptionTable optionTable, string[] args, TextWriter stdout, TextWriter stderr, out int exitCode)
    {
        ArgpOptionTable table = optionTable.Argp;
        ArgpScan scan = ArgpScanner.Scan(args, table);
        (AustinOptions? options, string? badValue) = new AustinSymbols(optionTable).Convert(scan);

        // argp handles each option as it meets it, so the first problem on the command line wins: a bad value
        // met before the scan stopped, then what stopped it, then what only the whole command line can tell.
        string? error = badValue ?? scan.Error;
        if (error is null && scan.ActedOn is null && options is not null)
            error = CheckModes(options);

        if (error is not null)
        {
            TryWrite(stderr, $"{table.ProgramName}: {error}\n{ArgpHelpWriter.TryHelp(table)}");
            exitCode = ExitCodes.Usage;
            return null;
        }

        string? text = scan.ActedOn?.Action switch
        {
            ArgpAction.Help => ArgpHelpWriter.Help(table),
            ArgpAction.Usage => ArgpHelpWriter.Usage(table),
            ArgpAction.Version => AustinVersion.ProgramVersion + "\n",
            _ => null,
        };
        if (text is null)
        {
            exitCode = ExitCodes.Ok;
            return options;
        }

        // A reader that went away (EPIPE) is ignored by .NET already; a full disk is said, as GNU tools do.
        string? failure = TryWrite(stdout, text);
        exitCode = failure is null ? ExitCodes.Ok : ExitCodes.IoError;
        if (failure is not null)
            TryWrite(stderr, $"{table.ProgramName}: write error: {failure}\n");
        return null;
    }

    /// <summary>Writes <paramref name="text"/>; returns why it could not, or null.</summary>
    private static string? TryWrite(TextWriter writer, string text)
    {
        try
        {
            writer.Write(text);
            writer.Flush();
            return null;
        }
        catch (IOException e)
        {
            return e.Message;
        }
    }

    /// <summary>austin either launches a command, or attaches to a PID (-p, or -w to dump it): exactly one of the two.</summary>
    private static string? CheckModes(AustinOptions options)
    {
        bool hasCommand = options.Command.Length > 0;
        if (options.Live != LiveView.None && (options.ConvertFile is not null || options.WherePid is not null))
            return "the live views (--tui, --web) show a process while it is sampled: not with --convert or -w";
        if (options.ConvertFile is not null)
            return hasCommand || options.Pid is not null || options.WherePid is not null
                ? "--convert reads a file: give it no command and no -p or -w PID" : null;
        if (!hasCommand && options.Pid is null && options.WherePid is null)
            return "no command to run and no PID to attach to";
        if (hasCommand && options.Pid is not null)
            return "give either a command or -p PID, not both";
        if (hasCommand && options.WherePid is not null)
            return "give either a command or -w PID, not both";
        return null;
    }
}
