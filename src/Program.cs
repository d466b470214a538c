// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using Austin.Cli;
using Austin.Diagnostics;
using Austin.Platform;
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
            IPlatform platform = Platforms.Current();
            Log.Open(platform);
            return options.WherePid is not null
                ? new WhereSession(options, platform).Run()
                : new SamplingSession(options, platform).Run();
        }
        catch (AustinException e)
        {
            Log.Error(e.Message);
            Console.Error.WriteLine("austin: " + e.Message);
            return e.ExitCode;
        }
        catch (Exception e)
        {
            // A bug, not a user error: still one line, no stack trace on the user's terminal.
            Log.Error("internal error: " + e);
            Console.Error.WriteLine($"austin: internal error: {e.GetType().Name}: {e.Message}");
            return ExitCodes.Internal;
        }
        finally
        {
            Log.Close();
        }
    }
}
