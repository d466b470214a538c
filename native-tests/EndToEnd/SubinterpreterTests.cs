// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd;

/// <summary>
/// Sub-interpreters (3.12+, PEP 684: each with a GIL of its own): subinterpreters_target.py runs
/// subinterpreter_work.py in a second interpreter from its host thread, where one thread spins and another sleeps,
/// while the main thread spins in the main interpreter. Every interpreter's threads are sampled, each with its stack,
/// and --gil finds the holder of each interpreter's own GIL: both spinners at once. One run per interpreter and mode, shared by the tests.
/// </summary>
[TestFixture]
public sealed class SubinterpreterTests : EndToEndFixture
{
    private const string Script = "subinterpreters_target.py";
    private const string Work = "subinterpreter_work.py";

    private readonly ConcurrentDictionary<(string Python, bool Gil), Lazy<AustinRun>> _runs = new();

    private static IEnumerable<TestCaseData> WithSubinterpreters() => InterpreterChoice.From(3, 12, "sub-interpreters with a GIL of their own");

    [TestCaseSource(nameof(WithSubinterpreters))]
    public void TheThreadsOfEveryInterpreterAreSampledWithTheirStacks(Interpreter? python)
    {
        IReadOnlyList<Sample> samples = Run(python, gil: false).RequireSamples();
        Frame host = new("host", Targets.PathOf(Script), Targets.Line(Script, "sub-host"));
        Frame run = new("run", Targets.PathOf(Work), Targets.Line(Work, "sub-run"));
        Frame spinner = new("sub_spinner", Targets.PathOf(Work), Targets.Line(Work, "sub-spinner"));
        Frame sleeper = new("sub_sleeper", Targets.PathOf(Work), Targets.Line(Work, "sub-sleeper"));
        // run_string runs the code as a module of its own, named <string> (<script> from 3.14, which compiles it
        // as a script: Python/crossinterp.c), whose line 4 calls run().
        string module = python!.Version.AtLeast(3, 14) ? "<script>" : "<string>";
        StackPattern inSubinterpreter = StackPattern.Empty.Then(new Frame("<module>", module, 4), run, spinner);

        string? hostThread = samples.FirstOrDefault(sample => sample.Leaf == host)?.ThreadId;
        string? spinnerThread = samples.FirstOrDefault(sample => inSubinterpreter.Matches(sample.Frames))?.ThreadId;
        string? sleeperThread = samples.FirstOrDefault(sample => sample.Leaf == sleeper)?.ThreadId;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(hostThread, Is.Not.Null, "no sample of the host thread in the main interpreter, waiting in run_string");
            Assert.That(spinnerThread, Is.Not.Null, $"no sample of the sub-interpreter's stack: <module> ({module}), run, sub_spinner");
            Assert.That(sleeperThread, Is.Not.Null, "no sample of the sub-interpreter's own thread, asleep in sub_sleeper");
        }
        if (hostThread is null || spinnerThread is null || sleeperThread is null)
            return;
        SampleAssertions.StackSeen(samples, "sub-sleeper", sleeperThread, StackPattern.Empty.ThreadingBootstrap().Then(sleeper));
        // 3.13 binds a thread state of the sub-interpreter to the host thread; 3.12's run_string swaps in the
        // interpreter's first thread state, which the thread that created the interpreter made and named (gh-109860).
        string expected = python!.Version.AtLeast(3, 13) ? hostThread : MainThread(samples);
        Assert.That(spinnerThread, Is.EqualTo(expected), "the thread id CPython stores in the sub-interpreter's thread state that runs run()");
    }

    private static IEnumerable<TestCaseData> WithSubinterpretersAndGil() =>
        WithSubinterpreters().Select(data => data.Arguments is [Interpreter { FreeThreaded: true } python]
            ? new TestCaseData(python).SetArgDisplayNames(python.DisplayName).Ignore($"{python.DisplayName} is free-threaded: it has no GIL for --gil to keep")
            : data);

    [TestCaseSource(nameof(WithSubinterpretersAndGil))]
    public void GilOnlyFindsTheHolderOfEachInterpretersOwnGil(Interpreter? python)
    {
        AustinRun austin = Run(python, gil: true);
        IReadOnlyList<Sample> samples = austin.RequireSamples();
        Frame spinner = new("sub_spinner", Targets.PathOf(Work), Targets.Line(Work, "sub-spinner"));
        Frame mainSpinner = new("main_spins", Targets.PathOf(Script), Targets.Line(Script, "sub-main"));

        // From the first sample of the sub-interpreter's spinner on (the start-up before runs in the main interpreter
        // alone), each interpreter's GIL is its spinner's but for a few hand-overs: two lines a sample (main_spins calls
        // Thread.is_alive(), and more on 3.12).
        List<Sample> afterStart = samples.SkipWhile(sample => sample.Leaf != spinner).ToList();
        // While the sub-interpreter's spinner runs, the host thread is inside run_string, switched to its thread
        // state of the sub-interpreter. Before (run_string setting up the switch) and after (back from it, returning)
        // it does hold the main GIL for a moment, and a sample may rightly land there: measured, 4 of 80 runs on
        // 3.14.7 and 3.15.0rc1 had one such sample, always before the spinner's first.
        int last = afterStart.FindLastIndex(sample => sample.Leaf == spinner);
        List<Sample> whileSpinning = afterStart.Take(last + 1).ToList();
        int spinning = afterStart.Count(sample => sample.Leaf == spinner);
        int mainSpinning = afterStart.Count(sample => sample.Frames.Contains(mainSpinner));
        string seen = "\n" + string.Join("\n", afterStart.GroupBy(sample => $"{sample.ThreadId} {(sample.Frames.Contains(mainSpinner) ? mainSpinner : sample.Leaf)}")
            .OrderByDescending(g => g.Count()).Take(5).Select(g => $"{g.Count()} {g.Key}"));
        using (Assert.EnterMultipleScope())
        {
            // The host thread waits in run_string: it holds no GIL of the main interpreter.
            Assert.That(whileSpinning.Where(sample => sample.Leaf?.Function == "host").Take(3), Is.Empty,
                "--gil samples of the host thread in the main interpreter, which waits in run_string without its GIL");
            Assert.That(spinning * 10, Is.GreaterThanOrEqualTo(mainSpinning * 9),
                $"--gil samples of sub_spinner (sub-interpreter) against those of main_spins (main interpreter){seen}");
            Assert.That(mainSpinning * 10, Is.GreaterThanOrEqualTo(spinning * 9),
                $"--gil samples of main_spins (main interpreter) against those of sub_spinner (sub-interpreter){seen}");
            Assert.That((spinning + mainSpinning) * 10, Is.GreaterThanOrEqualTo(afterStart.Count * 9),
                $"--gil samples of either spinner, out of the {afterStart.Count} from the first one{seen}");
        }
    }

    // The main thread is the one in main_spins.
    private static string MainThread(IReadOnlyList<Sample> samples) =>
        samples.First(sample => sample.Frames.Any(frame => frame.Function == "main_spins")).ThreadId;

    private AustinRun Run(Interpreter? python, bool gil)
    {
        if (python is null)
            Assert.Ignore("no CPython 3.12 or later on this machine");
        return _runs.GetOrAdd((python!.Path, gil), _ => new Lazy<AustinRun>(() => AustinRun.Start(
            [.. gil ? new[] { "--gil" } : [], "-i", "2000", python.Path, Targets.PathOf(Script), "--seconds", "1.5"],
            CollapsedFormat.Normal, RunTimeout, PythonEnvironment.Clean))).Value;
    }
}
