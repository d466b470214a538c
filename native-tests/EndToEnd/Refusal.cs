// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd;

/// <summary>What austin refuses of an interpreter: it stops with exit 65 and says why in one line on standard error.</summary>
internal static class Refusal
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs <c>austin OPTIONS python -c "sleep 2"</c>, asserts the refusal, and returns the run for more checks.</summary>
    public static ProcessResult AssertRefused(Interpreter python, string[] options, string stderrPattern)
    {
        ProcessResult run = AustinBinary.Run([.. options, python.Path, "-c", "import time; time.sleep(2)"], RunTimeout, PythonEnvironment.Clean);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.EqualTo(65), run.Describe());
            Assert.That(run.StandardError.TrimEnd(), Does.Match(stderrPattern), run.Describe());
        }
        return run;
    }
}
