// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using Austin.Cli;
using Austin.Diagnostics;
using Austin.Live.Tui;
using Austin.Live.Web;
using Austin.Platform;
using Austin.Sampling;

namespace Austin;

/// <summary>Wires the command line to the sampler and maps failures to exit statuses.</summary>
internal static class Program
{
    /// <summary>The live view the executable's name asks for: the austin-tui and austin-web links (argv[0]) of build.sh.</summary>
    internal static LiveView LiveViewOf(string[] commandLine)
    {
        string name = commandLine.Length > 0 ? System.IO.Path.GetFileName(commandLine[0]) : "";
        return name switch
        {
            "austin-tui" => LiveView.Tui,
            "austin-web" => LiveView.Web,
            _ => LiveView.None,
        };
    }

    private static int Main(string[] args)
    {
        System.IO.TextWriter stdout = Platforms.StandardOutputText, stderr = Platforms.StandardErrorText;
        if (PackagingFiles.For(args) is string file)
        {
            stdout.Write(file);
            return ExitCodes.Ok;
        }
        AustinOptions? options = AustinCommandLine.Parse(args, stdout, stderr, out int exitCode);
        if (options is null)
            return exitCode;
        if (options.Live == LiveView.None) options = options with { Live = LiveViewOf(Environment.GetCommandLineArgs()) };

        try
        {
            IPlatform platform = Platforms.Current();
            Log.Open(platform);
            if (options.WherePid is not null) return new WhereSession(options, platform).Run();
            if (options.Live == LiveView.Tui) return TuiApp.Run(options, platform, stderr);
            if (options.Live == LiveView.Web) return WebApp.Run(options, platform, stderr);
            return options.ConvertFile is not null
                ? new ConvertSession(options, platform, stderr).Run()
                : new SamplingSession(options, platform, stderr).Run();
        }
        catch (AustinException e)
        {
            Log.Error(e.Message);
            stderr.WriteLine("austin: " + e.Message);
            return e.ExitCode;
        }
        catch (Exception e)
        {
            // A bug, not a user error: still one line, no stack trace on the user's terminal.
            Log.Error("internal error: " + ExceptionName.Describe(e));
            stderr.WriteLine($"austin: internal error: {ExceptionName.Of(e)}: {e.Message}");
            return ExitCodes.Internal;
        }
        finally
        {
            Log.Close();
        }
    }
}
