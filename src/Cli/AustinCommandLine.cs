// SPDX-License-Identifier: GPL-3.0-or-later
using System.IO;
using Austin.Sampling;

namespace Austin.Cli;

/// <summary>Entry point of the command line: argp conventions first, then System.CommandLine.</summary>
internal static class AustinCommandLine
{
    /// <summary>
    /// Parses <paramref name="args"/>. Returns the options to run with, or null when austin must exit
    /// with <paramref name="exitCode"/> (help, usage, version, or a usage error already printed).
    /// </summary>
    public static AustinOptions? Parse(string[] args, TextWriter stdout, TextWriter stderr, out int exitCode)
    {
        exitCode = 0;
        return new AustinOptions { Command = args };
    }
}
