// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd;

/// <summary>
/// What makes austin a drop-in for the C binary in the pipelines people write around it: the program's own output
/// never enters the samples, samples append to a redirected file like any filter's output, -i 0 samples as fast as
/// it can, and a short -t still finds a Python that is starting.
/// </summary>
[TestFixture]
public sealed class DropInTests : EndToEndFixture
{
    private static new readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);
    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void WhatTheProgramPrintsNeverEntersTheSamplesOnStandardOutput(Interpreter python)
    {
        ProcessResult run = AustinBinary.Run(["-i", "1000", python.Path, Targets.PathOf("printer.py"), "100"], RunTimeout, PythonEnvironment.Clean);

        Assert.That(run.ExitCode, Is.Zero, run.Describe());
        // Parsing fails on anything that is not a sample line; the printed lines are looked for by name as well.
        IReadOnlyList<Sample> samples = Collapsed.Parse(run.StandardOutput, CollapsedFormat.Normal);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.StandardOutput, Does.Not.Contain("PRINTER-LINE"), "the program's stdout goes to /dev/null, as with every C austin");
            Assert.That(samples.Any(s => s.Frames.Any(f => f.Function == "work")), Is.True, "the printer was sampled");
        }
    }

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void WithAnOutputFileTheProgramPrintsOnStandardOutputAndTheSamplesGoToTheFile(Interpreter python)
    {
        string file = Path.Combine(Scratch, $"samples-{python.DisplayName.Replace(' ', '_').Replace('/', '_')}.txt");
        ProcessResult run = AustinBinary.Run(["-i", "1000", "-o", file, python.Path, Targets.PathOf("printer.py"), "100"], RunTimeout, PythonEnvironment.Clean);

        Assert.That(run.ExitCode, Is.Zero, run.Describe());
        string[] printed = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        IReadOnlyList<Sample> samples = Collapsed.Parse(File.ReadAllText(file), CollapsedFormat.Normal);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(printed, Is.EqualTo(Enumerable.Range(0, 100).Select(n => $"PRINTER-LINE-{n:D6}")), "every line the program printed, in order");
            Assert.That(samples.Any(s => s.Frames.Any(f => f.Function == "work")), Is.True, "the samples are in the file");
        }
    }

    [Test]
    public void SamplesAppendToARedirectedFileBetweenWhatComesBeforeAndAfter()
    {
        Interpreter python = Interpreters.All.LastOrDefault() ?? throw new AssertionException("no Python interpreter found");
        string file = Path.Combine(Scratch, "appended.txt");
        // The shell opens the file once; echo, austin and echo write through the same descriptor, one after the other.
        string script = "{ echo HEADER; \"$0\" -i 1000 \"$1\" \"$2\" 50; echo FOOTER; } > \"$3\"";
        ProcessResult run = ProcessRunner.Run(["sh", "-c", script, AustinBinary.Path, python.Path, Targets.PathOf("printer.py"), file], RunTimeout, PythonEnvironment.Clean);

        Assert.That(run.ExitCode, Is.Zero, run.Describe());
        string[] lines = File.ReadAllLines(file);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(lines.First(), Is.EqualTo("HEADER"));
            Assert.That(lines.Last(), Is.EqualTo("FOOTER"));
            Assert.That(lines.Length, Is.GreaterThan(10), "samples between them");
            Assert.That(() => Collapsed.Parse(string.Join('\n', lines[1..^1]) + "\n", CollapsedFormat.Normal), Throws.Nothing,
                "only whole sample lines between them: nothing overwritten, nothing spliced");
        }
    }

    [Test]
    public void AZeroIntervalSamplesAsFastAsItCan()
    {
        Interpreter python = Interpreters.All.LastOrDefault() ?? throw new AssertionException("no Python interpreter found");
        ProcessResult run = AustinBinary.Run(["-i", "0", python.Path, Targets.PathOf("shares.py"), "0.5"], RunTimeout, PythonEnvironment.Clean);

        Assert.That(run.ExitCode, Is.Zero, run.Describe());
        IReadOnlyList<Sample> samples = Collapsed.Parse(run.StandardOutput, CollapsedFormat.Normal);
        double seconds = samples.Sum(s => s.Metrics[0]) / 1e6;
        // -i 100 could give at most 10,000 a second; as fast as possible gives far more, even on a loaded machine.
        Assert.That(samples.Count / seconds, Is.GreaterThan(20_000), $"{samples.Count} samples in {seconds:F2} s");
    }

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void AOneMillisecondStartupWaitStillFindsAPythonThatIsStarting(Interpreter python)
    {
        // Before the dynamic loader has mapped libpython, and while the interpreter initialises, nothing can be
        // sampled yet; -t 1 must not turn that into "not a Python process" (it did 6 times in 10).
        for (int attempt = 1; attempt <= 4; attempt++)
        {
            ProcessResult run = AustinBinary.Run(["-t", "1", "-i", "1000", python.Path, "-c", "import time; time.sleep(0.2)"], RunTimeout, PythonEnvironment.Clean);
            Assert.That(run.ExitCode, Is.Zero, $"attempt {attempt}:\n{run.Describe()}");
        }
    }
}
