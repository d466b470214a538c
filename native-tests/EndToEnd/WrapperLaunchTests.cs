// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd;

/// <summary>
/// austin launching Python through programs that exec it: a pyenv shim (a bash script that runs pyenv,
/// which execs the interpreter PYENV_VERSION selects) and <c>/usr/bin/env python3</c>. The process austin
/// starts is not Python until it has exec'd, perhaps twice.
/// </summary>
[TestFixture]
public sealed class WrapperLaunchTests : ExactEndToEndFixture
{
    private const double TargetSeconds = 1.0;

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.PyenvExtremes))]
    public void LaunchingThroughAPyenvShimSamplesTheInterpreterItSelects(Interpreter python)
    {
        string shim = Path.Combine(Interpreters.PyenvRoot(), "shims", "python");
        if (!File.Exists(shim))
            Assert.Ignore($"no pyenv shim at {shim}");

        Oracle oracle = LaunchAndCheck([shim], PythonEnvironment.With(("PYENV_VERSION", python.PyenvVersion)));

        // Otherwise the shim ran some other interpreter, and this test would prove less than it says.
        Assert.That(oracle.Version, Is.EqualTo(python.Version), "the version the shim ran");
    }

    [Test]
    public void LaunchingThroughUsrBinEnvSamplesThePython3OnPath()
    {
        const string Env = "/usr/bin/env";
        if (!File.Exists(Env))
            Assert.Ignore($"no {Env} on this machine");
        string? onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "python3"))
            .FirstOrDefault(File.Exists);
        if (onPath is null)
            Assert.Ignore("no python3 on PATH");

        // Whatever python3 PATH finds (on a pyenv machine, a shim: two wrappers deep).
        Oracle oracle = LaunchAndCheck([Env, "python3"], PythonEnvironment.Clean);
        TestContext.Out.WriteLine($"/usr/bin/env python3 ran {oracle.Executable} ({oracle.Version}), found as {onPath}");
    }

    // Runs austin on "<launcher...> tiny_target.py" and checks what every launch must give.
    private Oracle LaunchAndCheck(IReadOnlyList<string> launcher, IReadOnlyDictionary<string, string?> environment)
    {
        string oraclePath = Path.Combine(Scratch, Guid.NewGuid().ToString("N") + ".json");
        AustinRun run = AustinRun.Start(
            ["-i", "1000", .. launcher, .. TinyTarget.Arguments(oraclePath, TargetSeconds, "stderr")],
            CollapsedFormat.Normal, RunTimeout, environment, oraclePath);

        IReadOnlyList<Sample> samples = run.RequireSamples();
        Oracle oracle = run.RequireOracle();
        using (Assert.EnterMultipleScope())
        {
            SampleAssertions.StackSeen(samples, "main", oracle.ThreadOf("main"), TinyTarget.ParkedStack());
            SampleAssertions.FramesSeen(samples, "main", oracle.ThreadOf("main"), oracle.StackOf("main"));
            Assert.That(samples.Count(sample => sample.IsBad) * 100, Is.LessThan(samples.Count), "bad samples must stay under 1 %");
        }
        return oracle;
    }
}
