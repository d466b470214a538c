// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using Austin.Cli;
using Austin.Sampling;

namespace Austin;

/// <summary>Wires the command line to the sampler and maps failures to exit statuses.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        AustinOptions? options = AustinCommandLine.Parse(args, Console.Out, Console.Error, out int exitCode);
        if (options is null)
            return exitCode;

        try
        {
            return Sampler.Run(options);
        }
        catch (AustinException e)
        {
            Console.Error.WriteLine("austin: " + e.Message);
            return e.ExitCode;
        }
    }
}
