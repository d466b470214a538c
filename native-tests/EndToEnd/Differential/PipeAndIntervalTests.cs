// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using System.Threading;
using System.Threading.Tasks;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd.Differential;

/// <summary>
/// Both samplers attached to a one-line program asleep in its <c>&lt;module&gt;</c>: how soon a reader of a pipe sees
/// the first sample, <c>-i 0</c>, and how the time metrics add up. Its samples are short (about 50 bytes), so that a
/// buffer of a few kilobytes takes dozens of them to fill. One such program per interpreter serves every test here.
/// </summary>
[TestFixture]
[NonParallelizable] // they time things, and two cores are shared
[SupportedOSPlatform("linux")]
public sealed class PipeAndIntervalTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(20);

    // The spec (section 2) asks for samples on a pipe within about 100 ms; the bar leaves room for a loaded machine.
    private static readonly TimeSpan FirstLineBar = TimeSpan.FromMilliseconds(500);

    // How long the time test samples, and how far the metrics' sums may be from the time sampled and from each other.
    private static readonly TimeSpan TimedSampling = TimeSpan.FromSeconds(1.5);
    private const double Tolerance = 0.05;

    // A slow interval, at which a 4 KB stdio buffer takes most of a second to fill with this program's samples.
    private const int SlowIntervalUs = 10_000;

    // How long a reader waits for the first line before giving up on it.
    private static readonly TimeSpan FirstLineWait = TimeSpan.FromSeconds(3);

    // The program: "ready" once its runtime is up, then asleep on line 1 of <string>.
    private const string Sleeper = "import sys, time; sys.stdout.write('ready\\n'); sys.stdout.flush(); time.sleep(60)";

    // How long the -i 0 runs sample, and the default interval, half of which the median gap must stay under.
    private static readonly TimeSpan FastSampling = TimeSpan.FromSeconds(0.5);
    private const long DefaultIntervalUs = 500;

    private readonly ConcurrentDictionary<string, Lazy<RunningProcess>> _targets = new(StringComparer.Ordinal);

    [OneTimeTearDown]
    public void StopTheTargets()
    {
        foreach (Lazy<RunningProcess> target in _targets.Values.Where(target => target.IsValueCreated))
            target.Value.Dispose();
    }

    // Agreements ------------------------------------------------------------------------------------------------

    [TestCaseSource(typeof(CInterpreters), nameof(CInterpreters.NewestExact))]
    public void BothDeliverTheFirstSampleToAPipeWithinHalfASecond(Interpreter python)
    {
        int pid = Target(python).Id;

        using (Assert.EnterMultipleScope())
        {
            foreach (Side side in Sides.Both)
            {
                FirstLineRun run = ReadTheFirstLine(side, ["-p", Text(pid)]);
                string who = $"{Sides.Name(side)} at the default interval";
                Assert.That(run.FirstLine, Does.StartWith("Thread "), $"{who}: the first line on the pipe");
                AssertWithinTheBar(run, who);
                Assert.That(run.ExitCode, Is.Zero, $"{who}: exit status after SIGINT\n{run.StandardError}");
            }
        }
    }

    [TestCaseSource(typeof(CInterpreters), nameof(CInterpreters.NewestExact))]
    public void AnIntervalOfZeroMakesBothSampleAsFastAsTheyCan(Interpreter python)
    {
        int pid = Target(python).Id;

        using (Assert.EnterMultipleScope())
        {
            foreach (Side side in Sides.Both)
            {
                string output = Scratch.NewPath($"{side}-i0.txt");
                ProcessResult result = SampleThenInterrupt(side, ["-i", "0", "-o", output, "-p", Text(pid)], FastSampling);
                string who = $"{Sides.Name(side)} -i 0";
                Assert.That(result.ExitCode, Is.Zero, () => $"{who}: -i 0 is accepted, and SIGINT ends the run with 0\n{result.Describe()}");
                if (result.ExitCode != 0)
                    continue;
                IReadOnlyList<Sample> samples = Collapsed.Parse(File.ReadAllText(output), CollapsedFormat.Normal);
                List<long> gaps = samples.Select(sample => sample.Metrics[0]).Order().ToList();
                Assert.That(gaps, Is.Not.Empty, $"{who}: samples");
                if (gaps.Count > 0)
                {
                    TestContext.Out.WriteLine($"{who}: {gaps.Count} samples in {FastSampling.TotalSeconds} s, median gap {gaps[gaps.Count / 2]} us");
                    Assert.That(gaps[gaps.Count / 2], Is.LessThan(DefaultIntervalUs / 2),
                        $"{who}: the median time between two samples, in us, against half the default interval");
                }
            }
        }
    }

    [TestCaseSource(typeof(CInterpreters), nameof(CInterpreters.NewestExact))]
    public void TheTimeMetricsOfBothAddUpToTheTimeEachSampled(Interpreter python)
    {
        int pid = Target(python).Id;
        var outputs = Sides.Both.ToDictionary(side => side, side => Scratch.NewPath($"{side}-time.txt"));
        var commands = outputs.ToDictionary(output => output.Key, output => Sides.Command(output.Key, ["-o", output.Value, "-p", Text(pid)]));

        // Both attached at once, interrupted at once. The C austin's time starts at its first sample (whose metric is
        // 0): its start-up and attach, which a loaded machine stretches to a fifth of such a run, are in its wall clock
        // and in none of its samples. They end when its first 4 KB reach the file (some 15 ms of samples later).
        var samplers = new Dictionary<Side, RunningProcess>();
        TimeSpan? cStartUp = null;
        try
        {
            foreach ((Side side, IReadOnlyList<string> command) in commands)
                samplers[side] = RunningProcess.Start(command, Sides.Quiet);
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimedSampling)
            {
                if (cStartUp is null && File.Exists(outputs[Side.C]) && new FileInfo(outputs[Side.C]).Length > 0)
                    cStartUp = clock.Elapsed;
                Thread.Sleep(2);
            }
            foreach (RunningProcess sampler in samplers.Values)
                ProcessProbe.Signal(sampler.Id, ProcessProbe.SIGINT);
            Dictionary<Side, ProcessResult> results = samplers.ToDictionary(sampler => sampler.Key, sampler => sampler.Value.WaitForExit(RunTimeout));

            var sums = new Dictionary<Side, long>();
            foreach ((Side side, ProcessResult result) in results)
            {
                Assert.That(result.ExitCode, Is.Zero, () => $"{Sides.Name(side)}: exit status after SIGINT\n{result.Describe()}");
                IReadOnlyList<Sample> samples = Collapsed.Parse(File.ReadAllText(outputs[side]), CollapsedFormat.Normal);
                sums[side] = samples.Sum(sample => sample.Metrics[0]);
                TestContext.Out.WriteLine($"{Sides.Name(side)}: {samples.Count} samples, their time metrics add up to {sums[side]} us; " +
                    $"wall clock {result.Elapsed.TotalMicroseconds:F0} us" + (side == Side.C ? $", first output after {cStartUp?.TotalMicroseconds:F0} us" : ""));
            }
            Assert.That(cStartUp, Is.Not.Null, $"the C austin wrote nothing within {TimedSampling.TotalSeconds} s");
            double oursWallClock = results[Side.Ours].Elapsed.TotalMicroseconds;
            double cSampled = results[Side.C].Elapsed.TotalMicroseconds - cStartUp!.Value.TotalMicroseconds;

            using (Assert.EnterMultipleScope())
            {
                Assert.That(sums[Side.Ours], Is.InRange((1 - Tolerance) * oursWallClock, (1 + Tolerance) * oursWallClock),
                    $"ours: the sum of the time metrics against its wall-clock time, {oursWallClock:F0} us");
                Assert.That(sums[Side.C], Is.InRange((1 - Tolerance) * cSampled, (1 + Tolerance) * results[Side.C].Elapsed.TotalMicroseconds),
                    $"the C austin: the sum of the time metrics against its wall-clock time after its first output, {cSampled:F0} us");
                double cWithStartUp = sums[Side.C] + cStartUp.Value.TotalMicroseconds;
                Assert.That(sums[Side.Ours], Is.InRange((1 - Tolerance) * cWithStartUp, (1 + Tolerance) * cWithStartUp),
                    "ours' sum of the time metrics against the C austin's and its start-up");
            }
        }
        finally
        {
            foreach (RunningProcess sampler in samplers.Values)
                sampler.Dispose();
        }
    }

    // Intended differences ----------------------------------------------------------------------------------------

    [TestCaseSource(typeof(CInterpreters), nameof(CInterpreters.NewestExact))]
    public void AtASlowIntervalOursStillDeliversTheFirstSampleAtOnceWhereTheCAustinWaitsForAFullBuffer(Interpreter python)
    {
        int pid = Target(python).Id;
        string[] arguments = ["-i", Text(SlowIntervalUs), "-p", Text(pid)];

        FirstLineRun ours = ReadTheFirstLine(Side.Ours, arguments);
        FirstLineRun theirs = ReadTheFirstLine(Side.C, arguments);

        using (Assert.EnterMultipleScope())
        {
            AssertWithinTheBar(ours, "ours at -i 10000");
            Report(theirs, "the C austin at -i 10000");
            // stdio's 4 KB buffer holds about eighty of these samples: most of a second at -i 10000.
            Assert.That(theirs.FirstLineAfter ?? TimeSpan.MaxValue, Is.GreaterThan(FirstLineBar),
                "the C austin at -i 10000: from its start to the first line on the pipe");
            Assert.That(ours.FirstLine, Does.StartWith("Thread "), "ours' first line");
            Assert.That(theirs.FirstLine, Does.StartWith("Thread "), "the C austin's first line");
        }
    }

    // Helpers -----------------------------------------------------------------------------------------------------

    private static void AssertWithinTheBar(FirstLineRun run, string who)
    {
        Report(run, who);
        Assert.That(run.FirstLineAfter.HasValue, Is.True, $"{who}: a line on the pipe within {FirstLineWait.TotalSeconds} s");
        if (run.FirstLineAfter is TimeSpan after)
            Assert.That(after, Is.LessThan(FirstLineBar), $"{who}: from its start to the first line on the pipe");
    }

    private static void Report(FirstLineRun run, string who) =>
        TestContext.Out.WriteLine(run.FirstLineAfter is TimeSpan after
            ? $"{who}: the first line after {after.TotalMilliseconds:F0} ms"
            : $"{who}: no line within {FirstLineWait.TotalSeconds} s");

    // The sleeping program, started once per interpreter.
    private RunningProcess Target(Interpreter python) =>
        _targets.GetOrAdd(python.Path, _ => new Lazy<RunningProcess>(() =>
        {
            RunningProcess target = RunningProcess.Start([python.Path, "-c", Sleeper], PythonEnvironment.Clean);
            target.WaitForLine("ready", StartTimeout);
            return target;
        })).Value;

    /// <summary>The first line a reader got (empty if none came), when (null if none came within
    /// <see cref="FirstLineWait"/>), and how the sampler ended once interrupted.</summary>
    private sealed record FirstLineRun(string FirstLine, TimeSpan? FirstLineAfter, int ExitCode, string StandardError);

    // Starts a sampler with its stdout on a pipe, times the first line from the start (waiting FirstLineWait at most),
    // then reads on, interrupts it (SIGINT) and waits for it.
    private static FirstLineRun ReadTheFirstLine(Side side, IReadOnlyList<string> arguments)
    {
        IReadOnlyList<string> command = Sides.Command(side, arguments);
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in command.Skip(1))
            info.ArgumentList.Add(argument);
        foreach ((string name, string? value) in Sides.Quiet)
        {
            if (value is null)
                info.Environment.Remove(name);
            else
                info.Environment[name] = value;
        }

        var clock = Stopwatch.StartNew();
        using Process sampler = Process.Start(info)!;
        try
        {
            sampler.StandardInput.Close();
            Task<string> stderr = sampler.StandardError.ReadToEndAsync();
            Task<string?> firstLine = sampler.StandardOutput.ReadLineAsync();
            TimeSpan? after = firstLine.Wait(FirstLineWait) ? clock.Elapsed : null;
            ProcessProbe.Signal(sampler.Id, ProcessProbe.SIGINT);
            // Read on while it flushes: a full pipe would keep it from exiting.
            firstLine.Wait(RunTimeout);
            Task<string> rest = sampler.StandardOutput.ReadToEndAsync();
            if (!sampler.WaitForExit((int)RunTimeout.TotalMilliseconds))
                Assert.Fail($"{Sides.Name(side)} did not exit within {RunTimeout.TotalSeconds:F0} s of SIGINT");
            rest.Wait(RunTimeout);
            stderr.Wait(RunTimeout);
            return new FirstLineRun(firstLine.IsCompletedSuccessfully ? firstLine.Result ?? "" : "", after, sampler.ExitCode, stderr.Result);
        }
        finally
        {
            if (!sampler.HasExited)
                sampler.Kill(entireProcessTree: true);
        }
    }

    // Runs a sampler for a while, then SIGINT, and waits for it.
    private static ProcessResult SampleThenInterrupt(Side side, IReadOnlyList<string> arguments, TimeSpan sampling)
    {
        using RunningProcess sampler = RunningProcess.Start(Sides.Command(side, arguments), Sides.Quiet);
        Thread.Sleep(sampling);
        if (!sampler.HasExited)
            ProcessProbe.Signal(sampler.Id, ProcessProbe.SIGINT);
        return sampler.WaitForExit(RunTimeout);
    }

    private static string Text(int number) => number.ToString(CultureInfo.InvariantCulture);
}
