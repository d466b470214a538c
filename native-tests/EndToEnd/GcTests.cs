// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd;

/// <summary>
/// <c>-g</c>: every line sampled while the garbage collector runs ends its stack with <c>;:GC:</c>, as the C austin
/// 3.x's lines do. gc_target.py collects only in gc.collect() at one line, so the mark is exact: on that line, or
/// on a thread without frames (the interpreter's last collection, at exit), and never elsewhere. Every interpreter
/// here exposes the state; a stripped 2.7 or 3.6 does not (their flag is a static of gcmodule.c, named only by the
/// symbol table), and then -g marks nothing and the log says why.
/// </summary>
[TestFixture]
public sealed class GcTests : EndToEndFixture
{
    private const string Script = "gc_target.py";

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void SamplesTakenWhileTheCollectorRunsEndWithTheGcFrame(Interpreter python)
    {
        // Attached once the objects are made: the interpreter's own start-up may collect anywhere.
        using RunningProcess target = RunningProcess.Start([python.Path, Targets.PathOf(Script), "--seconds", "1"], PythonEnvironment.Clean);
        target.WaitForLine("ready", ReadyTimeout);
        ProcessResult result = AustinBinary.Run(["-g", "-i", "1000", "-p", target.Id.ToString(CultureInfo.InvariantCulture)], RunTimeout,
            PythonEnvironment.With((AustinLog.SwitchVariable, "off")));

        Assert.That(result.ExitCode, Is.Zero, result.Describe);
        IReadOnlyList<Sample> samples = Collapsed.Parse(result.StandardOutput, CollapsedFormat.Normal);
        string file = Targets.PathOf(Script);
        Frame[] collecting = [new("<module>", file, Targets.Line(Script, "gc-churn")), new("churn", file, Targets.Line(Script, "gc-collect"))];
        List<Sample> marked = samples.Where(s => s.Gc).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(marked.Count * 5, Is.GreaterThan(samples.Count),
                "gc.collect() takes most of the loop's time: more than a fifth of the samples must carry the mark");
            Assert.That(samples.Any(s => !s.Gc && s.Frames.SequenceEqual(collecting)), Is.True, "the same line without the mark, while the loop sleeps");
            Assert.That(marked.Where(s => !s.IsBad && s.Frames.Count > 0 && !s.Frames.SequenceEqual(collecting)).Select(s => s.ToString()).Take(5), Is.Empty,
                "only the line of gc.collect() is sampled while the collector runs");
        }
    }

    /// <summary>The shared pyenv builds of the versions whose collector flag is a static (2.7, 3.6).</summary>
    public static IEnumerable<TestCaseData> SharedBuildsBefore37() =>
        StrippedLibraryTests.SharedBuilds().Where(data => data.Arguments[0] is not Interpreter python || !python.Version.AtLeast(3, 7));

    [TestCaseSource(nameof(SharedBuildsBefore37))]
    public void WithoutASymbolTableTwoSevenAndThreeSixMarkNothingAndTheLogSaysWhy(Interpreter? python, string? library)
    {
        if (python is null || library is null) Assert.Ignore("no shared-library build of CPython 2.7 or 3.6 on this machine");
        string scratch = Path.Combine(Scratch, $"stripped-{python.Version}");
        Directory.CreateDirectory(scratch);
        {
            string copy = Path.Combine(scratch, Path.GetFileName(library));
            File.Copy(library, copy);
            ProcessResult strip = ProcessRunner.Run(["strip", "--strip-all", copy], TimeSpan.FromSeconds(60));
            if (strip.ExitCode != 0) Assert.Ignore("strip is not available: " + strip.Describe());
            string log = Path.Combine(scratch, "austin.log");
            // RUNPATH (not RPATH) points at the original lib/, and LD_LIBRARY_PATH wins over RUNPATH.
            var environment = PythonEnvironment.With(("LD_LIBRARY_PATH", scratch), (AustinLog.FileVariable, log));
            ProcessResult run = AustinBinary.Run(["-g", "-i", "1000", python.Path, Targets.PathOf(Script), "--seconds", "0.5", "--ready", "none"],
                RunTimeout, environment);

            Assert.That(run.ExitCode, Is.Zero, run.Describe);
            IReadOnlyList<Sample> samples = Collapsed.Parse(run.StandardOutput, CollapsedFormat.Normal);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(samples, Is.Not.Empty);
                Assert.That(samples.Count(s => s.Gc), Is.Zero, "no state to read, no mark");
                Assert.That(AustinLog.Read(log).Messages, Has.Some.Contains("does not expose its garbage collector's state"));
            }
        }
    }
}
