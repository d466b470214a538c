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
/// What a profiler is for: a program that spends known shares of its time in three functions (about 50/30/20
/// by the wall clock, targets/shares.py, which measures the shares it really took) is measured within 3 points
/// at the default interval.
/// </summary>
/// <remarks>
/// The truth is the program's own measurement, not 50/30/20: on a loaded machine a function descheduled past
/// its end overruns into the next one's slot (fifty() took 55-58 % beside two busy loops). The shares are
/// asserted on the number of samples (each stands for one interval) within 3 points, and on the summed time
/// metric within 5: the time metric gives a late sample the whole gap since the previous one, so on a loaded
/// 2-core machine a few descheduled moments of austin move it more than the sample count.
/// </remarks>
[TestFixture]
public sealed class AccuracyTests : EndToEndFixture
{
    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.PlainCases))]
    public void TimeSharesOfThreeFunctionsAreMeasuredWithinThreePoints(Interpreter python)
    {
        string report = Path.Combine(Path.GetTempPath(), $"austin-shares-{Guid.NewGuid():N}.txt");
        ProcessResult run = AustinBinary.Run([python.Path, Targets.PathOf("shares.py"), "2", report], TimeSpan.FromSeconds(30), PythonEnvironment.Clean);
        Assert.That(run.ExitCode, Is.Zero, run.Describe());
        IReadOnlyList<Sample> samples = Collapsed.Parse(run.StandardOutput, CollapsedFormat.Normal);
        Dictionary<string, double> truth = File.ReadAllLines(report)
            .Select(line => line.Split(' '))
            .ToDictionary(f => f[0], f => double.Parse(f[1], CultureInfo.InvariantCulture));
        File.Delete(report);

        var time = new Dictionary<string, long> { ["fifty"] = 0, ["thirty"] = 0, ["twenty"] = 0 };
        var count = new Dictionary<string, long> { ["fifty"] = 0, ["thirty"] = 0, ["twenty"] = 0 };
        foreach (Sample s in samples)
        {
            // Attribute each sample to the share function on its stack (busy() runs inside it).
            Frame? share = s.Frames.FirstOrDefault(f => time.ContainsKey(f.Function));
            if (share is null) continue;
            time[share.Function] += s.Metrics[0];
            count[share.Function]++;
        }
        long total = time.Values.Sum();
        long samplesTotal = count.Values.Sum();
        Assert.That(total, Is.GreaterThan(1_000_000), "less than a second of the share functions was sampled");
        using (Assert.EnterMultipleScope())
        {
            foreach (string function in new[] { "fifty", "thirty", "twenty" })
            {
                double share = truth[function];
                Assert.That(100.0 * count[function] / samplesTotal, Is.EqualTo(share).Within(3), $"{function}() by samples");
                Assert.That(100.0 * time[function] / total, Is.EqualTo(share).Within(5), $"{function}() by time");
            }
            int bad = samples.Count(s => s.IsBad);
            Assert.That(bad, Is.LessThan(Math.Max(1, samples.Count / 100)), $"{bad} bad samples of {samples.Count}");
        }
    }

    /// <summary>2.7, 3.9 and 3.13 when installed: the three frame and line-table families a periodic program meets.</summary>
    public static IEnumerable<TestCaseData> PeriodicCases()
    {
        var wanted = new[] { (2, 7), (3, 9), (3, 13) };
        List<Interpreter> chosen = Interpreters.All.Where(p => wanted.Any(w => p.Version.Major == w.Item1 && p.Version.Minor == w.Item2))
            .GroupBy(p => (p.Version.Major, p.Version.Minor)).Select(g => g.First()).ToList();
        if (chosen.Count == 0)
        {
            yield return new TestCaseData(null, 0).SetArgDisplayNames("no 2.7, 3.9 or 3.13").Ignore("none of Python 2.7, 3.9 and 3.13 is installed");
            yield break;
        }
        foreach (Interpreter python in chosen)
            foreach (int interval in new[] { 500, 100 })
                yield return new TestCaseData(python, interval).SetArgDisplayNames(python.DisplayName, $"-i {interval}");
    }

    /// <summary>
    /// A program that works about 40 us and sleeps 1 ms (targets/periodic.py) measures its own share of wall time
    /// in the work, and austin must see that share, by its samples within 2 points (a quarter of it when larger),
    /// and by their time metrics (as a flame graph adds them) within twice that, in at least 5 of 6 runs. A sampler
    /// on a fixed grid phase-locks with the timer wake-ups, and one that shares a CPU with the target sees it only
    /// asleep; both gave a fraction of the true share. The CPUs are kept awake meanwhile: on this VM idle virtual CPUs alone made every sampler see
    /// the work short (2.7 at -i 500: 2.1 points short on average over 6 runs, 0.5 with the CPUs awake).
    /// </summary>
    [TestCaseSource(nameof(PeriodicCases))]
    public void APeriodicProgramIsSeenInProportionToTheTimeItWorks(Interpreter python, int interval)
    {
        string scratch = Directory.CreateTempSubdirectory("austin-e2e-periodic-").FullName;
        // Idle virtual CPUs hide short bursts from any sampler on a VM (AwakeCpus says how it was measured).
        using var awake = new AwakeCpus();
        try
        {
            var runs = new List<string>();
            int misses = 0;
            for (int run = 1; run <= 6; run++)
            {
                string report = Path.Combine(scratch, $"share-{run}.txt");
                ProcessResult result = AustinBinary.Run(["-i", interval.ToString(CultureInfo.InvariantCulture), python.Path,
                    Targets.PathOf("periodic.py"), interval == 500 ? "1.5" : "1", report], TimeSpan.FromSeconds(30), PythonEnvironment.Clean);
                Assert.That(result.ExitCode, Is.Zero, result.Describe());
                double truth = double.Parse(File.ReadAllText(report).Trim(), CultureInfo.InvariantCulture);
                // Only the samples of the measured loop: main(), not the start-up nor calibrate().
                List<Sample> loop = Collapsed.Parse(result.StandardOutput, CollapsedFormat.Normal)
                    .Where(s => !s.IsBad && s.Frames.Any(f => f.Function == "main") && !s.Frames.Any(f => f.Function == "calibrate"))
                    .ToList();
                Assert.That(loop, Has.Count.GreaterThan(1000), $"run {run}: too few samples of the loop");
                List<Sample> inBurst = loop.Where(s => s.Frames.Any(f => f.Function == "burst")).ToList();
                double bySamples = 100.0 * inBurst.Count / loop.Count;
                // What a flame graph shows: each sample weighs the time it stands for (its metric).
                double byTime = 100.0 * inBurst.Sum(s => (double)s.Metrics[0]) / loop.Sum(s => (double)s.Metrics[0]);
                // By samples: 2 points, or a quarter of the share when the load stretches the work (true shares of
                // 5-10 % then, seen 7.5 % for 9.9 % beside other builds); a blind spot sees a tenth of it or nothing.
                // By time: twice that. After austin is descheduled for milliseconds, the next sample stands for all
                // that time, and one such sample in burst() outweighs a hundred others: 3.13 at -i 100 beside two
                // builds gave 11.5 % for a true 3.1 % by time, in 5,702 samples where about 10,000 were due (as
                // the 50/30/20 test, which asserts samples within 3 points and time within 5).
                double tolerance = Math.Max(2, truth / 4);
                bool within = Math.Abs(bySamples - truth) <= tolerance && Math.Abs(byTime - truth) <= 2 * tolerance;
                if (!within) misses++;
                runs.Add(string.Create(CultureInfo.InvariantCulture,
                    $"run {run}: true {truth:F2} %, by samples {bySamples:F2} %, by time {byTime:F2} %, of {loop.Count} samples{(within ? "" : " (off)")}"));
            }
            TestContext.Out.WriteLine(string.Join("\n", runs));
            // One run in six may be off (a run that stalled for tens of milliseconds); a blind spot is off in every run.
            Assert.That(misses, Is.LessThanOrEqualTo(1), string.Join("\n", runs));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
