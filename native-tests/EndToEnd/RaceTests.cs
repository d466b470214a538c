// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd;

/// <summary>
/// The target is never stopped, so its memory changes under austin: threads come and go, stacks grow and
/// shrink, the process dies. austin keeps going, never prints a made-up stack, and keeps bad samples under 1 %.
/// </summary>
[TestFixture]
public sealed class RaceTests : EndToEndFixture
{
    private static readonly string[] ThreadChurnFunctions = ["<module>", "main", "short_life"];
    private static readonly string[] DepthChurnFunctions = ["<module>", "main", "climb", "work"];

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.PlainCases))]
    public void ThreadsThatComeAndGoAreSampledWithUnderOnePercentBadSamples(Interpreter python) =>
        AssertCleanRun(python, "churn_threads.py", ThreadChurnFunctions);

    /// <remarks>
    /// Up to 3.10 frames are heap objects that a return frees and the next call reuses, often at the same address
    /// (3.7's zombie frame of each code object): a walk meets a frame that died under it, and walks again. With 4
    /// such retries, 0.9-1.4 % of the samples of 3.7 stayed bad, 2.2 % in a CI run beside two busy loops; retried
    /// until the race is won (up to 32 times), none of 2.7, 3.7, 3.10 and 3.12 had one bad sample in 8 runs beside two
    /// busy loops.
    /// </remarks>
    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.PlainCases))]
    public void AStackThatGrowsAndShrinksIsSampledWithFewBadSamples(Interpreter python) =>
        AssertCleanRun(python, "churn_depth.py", DepthChurnFunctions);

    /// <remarks>
    /// The issue-17 target: the depth swings between 1 and 2048 with no work per level. A walk that joins frames read
    /// at different moments prints a stack that never was (0.6 % of 3.11 - 3.13's samples did: a caller still at its
    /// first line under a callee), so a walk that read frames after the sample's snapshot is taken again from one
    /// read. Measured then: no such stack, and 1.6 - 9.6 % bad samples on 2.7 - 3.13 (a stack that never read whole),
    /// within issue 17's goals of 10 % on 3.11+ and 25 % before, on a quiet machine. Beside other busy processes a walk
    /// takes longer and the stack moves more under it (14 - 40 % were seen there, 3.14+ the most), so the bound below
    /// only catches a walk that never settles; the rule this test is for is the next one.
    /// </remarks>
    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.PlainCases))]
    public void AStackThatSwingsInDepthGivesNoStackThatNeverWasBeyondOneTornCopy(Interpreter python)
    {
        string file = Targets.PathOf("swing_depth.py");
        string[] lines = File.ReadAllLines(file);
        int test = Array.FindIndex(lines, l => l.EndsWith("# test", StringComparison.Ordinal)) + 1;
        int call = Array.FindIndex(lines, l => l.EndsWith("# call", StringComparison.Ordinal)) + 1;
        int def = Array.FindIndex(lines, l => l.StartsWith("def down", StringComparison.Ordinal)) + 1;
        // The innermost frame may be at its call, at its test, or not started yet: the def line (≤3.10's f_lasti -1),
        // or 0 (3.11+ in its prologue: CPython's own answer there).
        int[] innermostLines = [call, test, def, 0];
        ProcessResult run = AustinBinary.Run(["-i", "200", python.Path, file, "2"], TimeSpan.FromSeconds(30), PythonEnvironment.Clean);
        Assert.That(run.ExitCode, Is.Zero, run.Describe());
        IReadOnlyList<Sample> samples = Collapsed.Parse(run.StandardOutput, CollapsedFormat.Normal);
        List<Sample> swinging = samples.Where(s => !s.IsBad && s.Frames.Any(f => f.Function == "down")).ToList();
        int bad = samples.Count(s => s.IsBad);
        Assert.That(swinging, Has.Count.GreaterThan(20), "too few samples to judge");
        Assert.That(swinging.Max(s => s.Frames.Count), Is.GreaterThan(1000), "never deep");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(100.0 * bad / samples.Count, Is.LessThan(50.0), $"{bad} bad samples of {samples.Count}");
            List<Sample> neverWere = swinging.Where(s => !Whole(s)).ToList();
            // At most one: a single process_vm_readv is not one instant either (it copies page after page while the
            // target runs), and beside busy processes that stretch the copy, 1 such stack in about 1,000 samples of
            // 3.11 was seen; none on a quiet machine. Before the fix: 6 - 13 in every run of 3.11 - 3.13t.
            Assert.That(neverWere, Has.Count.LessThanOrEqualTo(1),
                $"{neverWere.Count} stacks that never were, of {swinging.Count}: {(neverWere.Count > 0 ? Describe(neverWere[0]) : "")}");
        }

        bool Whole(Sample s)
        {
            int first = s.Frames.ToList().FindIndex(f => f.Function == "down");
            IEnumerable<Frame> callers = s.Frames.Skip(first).SkipLast(1);
            return s.Frames.Take(first).Select(f => f.Function).TakeLast(2).SequenceEqual(["<module>", "main"])
                && s.Frames.Skip(first).All(f => f.Function == "down" && f.File == file)
                && callers.All(f => f.Line == call) && innermostLines.Contains(s.Frames[^1].Line);
        }
    }

    private static void AssertCleanRun(Interpreter python, string target, string[] functions)
    {
        string file = Targets.PathOf(target);
        ProcessResult run = AustinBinary.Run(["-i", "200", python.Path, file, "1"], TimeSpan.FromSeconds(30), PythonEnvironment.Clean);
        Assert.That(run.ExitCode, Is.Zero, run.Describe());
        IReadOnlyList<Sample> samples = Collapsed.Parse(run.StandardOutput, CollapsedFormat.Normal);
        List<Sample> stacks = samples.Where(s => !s.IsBad && s.Frames.Count > 0).ToList();
        int bad = samples.Count(s => s.IsBad);
        Assert.That(stacks.Count, Is.GreaterThan(500), "too few samples to judge");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(100.0 * bad / samples.Count, Is.LessThan(1.0), $"{bad} bad samples of {samples.Count}");
            // Every frame printed as valid is a frame the target really has: its own functions, at lines of its
            // file, or the runtime's (threading, interpreter start-up and shutdown).
            int lines = File.ReadAllLines(file).Length;
            foreach (Sample s in stacks)
            {
                foreach (Frame f in s.Frames.Where(f => f.File == file))
                {
                    Assert.That(functions, Does.Contain(f.Function), $"unknown function in {Describe(s)}");
                    // 0 is CPython's own answer for a frame in its prologue (3.11+ RESUME of module code, thread start-up).
                    Assert.That(f.Line, Is.InRange(0, lines), $"line out of the file in {Describe(s)}");
                }
            }
        }
    }

    private static string Describe(Sample s) => string.Join(";", s.Frames.Select(f => $"{f.Function} ({f.File}:{f.Line})"));

    [Test]
    public void ATargetKilledWithSigkillEndsTheRunCleanlyWithEverySampleFlushed()
    {
        Interpreter python = Interpreters.All.FirstOrDefault() ?? throw new AssertionException("no Python interpreter found");
        using RunningProcess target = RunningProcess.Start(
            [python.Path, Path.Combine(Repo.Root(), "native-tests", "Bench", "deep.py"), "40", "30"], PythonEnvironment.Clean);
        target.WaitForLine("ready", TimeSpan.FromSeconds(20));
        var killer = new Thread(() => { Thread.Sleep(700); Interop.Kill(target.Id, 9); });
        killer.Start();
        ProcessResult run = AustinBinary.Run(["-i", "100", "-p", target.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            TimeSpan.FromSeconds(20), PythonEnvironment.Clean);
        killer.Join();
        Assert.That(run.ExitCode, Is.Zero, run.Describe());
        Assert.That(run.StandardError, Is.Empty);
        IReadOnlyList<Sample> samples = Collapsed.Parse(run.StandardOutput, CollapsedFormat.Normal);
        Assert.That(samples.Count(s => s.Frames.Count == 40), Is.GreaterThan(100), "the full stack was not sampled before the kill");
        Assert.That(run.StandardOutput, Does.EndWith("\n"), "the last sample line was cut");
    }

    private static class Interop
    {
        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
        public static extern int Kill(int pid, int signal);
    }
}
