// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd;

/// <summary>
/// -x N (the C austin 3.7's exposure): austin samples for N seconds from its first sample, then stops as 3.7 does. A
/// command it launched gets SIGTERM and is waited for and reaped; a process it attached to is left running. One
/// launched run of -x 1 per interpreter, shared by the assertions; the attached run on the newest interpreter.
/// </summary>
[TestFixture]
[SupportedOSPlatform("linux")]
public sealed class ExposureTests : EndToEndFixture
{
    private const string Script = "exposure_target.py";

    // The target burns CPU for this long unless stopped: far longer than the exposure.
    private const int TargetSeconds = 30;

    private readonly ConcurrentDictionary<string, Lazy<ExposureRun>> _launched = new(StringComparer.Ordinal);

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void ALaunchedCommandIsSampledForTheExposureWithin10Percent(Interpreter python)
    {
        ExposureRun run = Launched(python);
        IReadOnlyList<Sample> samples = run.RequireSamples();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.SampledSeconds(samples), Is.InRange(0.9 * run.Exposure, 1.1 * run.Exposure), "seconds sampled: the time metrics of the main thread add up");
            // Start-up (the interpreter, the wait for its runtime) comes before the exposure, and the command's end after.
            Assert.That(run.Result.Elapsed, Is.InRange(TimeSpan.FromSeconds(run.Exposure), TimeSpan.FromSeconds(run.Exposure + 4)), "austin's own run time");
            Assert.That(samples.Any(sample => sample.Leaf == Burn()), Is.True, $"no sample ends in {Burn()}");
        }
    }

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void ALaunchedCommandGetsSigtermAtTheEndOfTheExposureAndIsReaped(Interpreter python)
    {
        ExposureRun run = Launched(python);
        run.RequireSamples();
        string[] mark = run.Mark();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(mark.Skip(1), Is.EqualTo(new[] { "SIGTERM" }), "what ended the command (its own note)");
            Assert.That(ProcessProbe.State(run.TargetPid(mark)), Is.Null,
                () => "the command must be gone, reaped by austin: " + ProcessProbe.Describe(run.TargetPid(mark)));
            Assert.That(run.Result.StandardError, Is.Empty, "stderr");
        }
    }

    [TestCaseSource(typeof(InterpreterChoice), nameof(InterpreterChoice.Newest))]
    public void AnAttachedAustinDetachesAfterTheExposureAndLeavesTheProcessRunning(Interpreter python)
    {
        string markPath = ScratchPath("attached.mark");
        using RunningProcess target = RunningProcess.Start(Command(python, markPath), PythonEnvironment.Clean);
        ProcessProbe.WaitForFile(markPath, StartTimeout, () => ProcessProbe.Describe(target.Id));

        ProcessResult result = RunAustin(["-i", "1000", "-x", "1", "-p", target.Id.ToString(CultureInfo.InvariantCulture)]);

        var run = new ExposureRun(result, markPath);
        IReadOnlyList<Sample> samples = run.RequireSamples();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.SampledSeconds(samples), Is.InRange(0.9, 1.1), "seconds sampled");
            Assert.That(result.Elapsed, Is.InRange(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2.5)), "austin's own run time: attaching is quick");
            Assert.That(ProcessProbe.IsAlive(target.Id), Is.True, () => "austin -p -x must leave its target running: " + ProcessProbe.Describe(target.Id));
            Assert.That(run.Mark().Skip(1), Is.Empty, "nothing ended the target");
            Assert.That(result.StandardError, Is.Empty, "stderr");
        }
    }

    private ExposureRun Launched(Interpreter python) =>
        _launched.GetOrAdd(python.Path, _ => new Lazy<ExposureRun>(() =>
        {
            // The exposure counts from the first sample, which comes early in the interpreter's start-up: on a loaded
            // machine a start-up can outlast it, and the target never gets to its first line. Measured: a free-threaded
            // 3.13.15 takes 2-3 s to run `-c pass` beside two busy loops (its locks spin with sched_yield, 1,760 calls
            // of up to 8 ms each; 0.1 s on a quiet machine), and more than 6 s once in a loaded suite run. Then a second
            // run, with an exposure longer than such a start-up, is the one judged.
            ExposureRun run = null!;
            foreach (int seconds in (int[])[1, 15])
            {
                string markPath = ScratchPath("launched.mark");
                run = new ExposureRun(RunAustin(["-i", "1000", "-x", seconds.ToString(CultureInfo.InvariantCulture), .. Command(python, markPath)]), markPath, seconds);
                if (File.Exists(markPath)) break;
            }
            return run;
        })).Value;

    private static string[] Command(Interpreter python, string markPath) =>
        [python.Path, Targets.PathOf(Script), "--mark", markPath, "--seconds", TargetSeconds.ToString(CultureInfo.InvariantCulture)];

    private static Frame Burn() => new("burn", Targets.PathOf(Script), Targets.Line(Script, "exposure-burn"));

    /// <summary>One run of austin -x 1 and what the target noted.</summary>
    private sealed class ExposureRun(ProcessResult result, string markPath, int exposure = 1)
    {
        public ProcessResult Result { get; } = result;

        /// <summary>The -x of the run, in seconds.</summary>
        public int Exposure { get; } = exposure;

        public IReadOnlyList<Sample> RequireSamples()
        {
            Assert.That(Result.ExitCode, Is.Zero, () => "austin did not exit 0:\n" + Result.Describe());
            IReadOnlyList<Sample> samples = Collapsed.Parse(Result.StandardOutput, CollapsedFormat.Normal);
            Assert.That(samples, Is.Not.Empty, () => "austin printed no sample:\n" + Result.Describe());
            return samples;
        }

        /// <summary>The target is single-threaded: the sum of its time metrics is the time austin sampled it.</summary>
        public double SampledSeconds(IReadOnlyList<Sample> samples) => samples.Sum(sample => sample.Metrics[0]) / 1e6;

        /// <summary>The target's notes: its pid, then how it ended.</summary>
        public string[] Mark()
        {
            Assert.That(File.Exists(markPath), Is.True, () => "the target never started:\n" + Result.Describe());
            return File.ReadAllLines(markPath);
        }

        public int TargetPid(string[] mark) => int.Parse(mark[0], CultureInfo.InvariantCulture);
    }
}
