// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using System.Threading.Tasks;
using NUnit.Framework;

namespace Austin.Tests.Unit.Cli;

/// <summary>What a finished process printed and returned.</summary>
internal readonly record struct ProcessResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs a program to completion with a time limit, capturing both output streams.</summary>
internal static class CliProcess
{
    public static ProcessResult Run(string program, IEnumerable<string> args, string? stdin = null, int timeoutSeconds = 60)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        // argp reads its layout from ARGP_HELP_FMT; the texts under test are the default ones.
        start.Environment.Remove("ARGP_HELP_FMT");

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
            process.StandardInput.Write(stdin);
        process.StandardInput.Close();

        if (!process.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} did not finish within {timeoutSeconds} s");
        }
        process.WaitForExit();
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
