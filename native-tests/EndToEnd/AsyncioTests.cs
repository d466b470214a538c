// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd;

/// <summary>
/// --asyncio against asyncio_target.py, whose tasks are known: three tasks nested by plain awaits (middle, inner,
/// leaf), a gather() of them with the coroutine gathered() (a task of the default name), and a TaskGroup (group,
/// grouped-1, grouped-2), all under main's task; a spinner that runs now and then; and a second loop, in a thread of its
/// own, whose main task awaits a task that sleeps. The target writes what the
/// interpreter itself says of each task: its name, the task that awaits it, its await chain (cr_await, frame by
/// frame). Each task must be a line of its loop's thread, under the chain of tasks that awaits it, with exactly those
/// frames. One austin run per interpreter, shared by the tests.
/// </summary>
[TestFixture]
public sealed class AsyncioTests : ExactEndToEndFixture
{
    private const string Script = "asyncio_target.py";

    private readonly ConcurrentDictionary<string, Lazy<(AustinRun Run, string OraclePath)>> _runs = new();

    private static IEnumerable<TestCaseData> WithTasks() => InterpreterChoice.WithAsyncioTasks();

    [TestCaseSource(nameof(WithTasks))]
    public void EveryTaskIsALineOfItsLoopsThreadUnderTheTasksThatAwaitItWithItsAwaitChain(Interpreter? python)
    {
        (IReadOnlyList<Sample> samples, TaskOracle oracle) = Run(python);
        using (Assert.EnterMultipleScope())
        {
            foreach (OracleTask task in oracle.Tasks)
            {
                string[] chain = oracle.Ancestry(task);
                bool seen = samples.Any(sample => sample.ThreadId == task.Thread && sample.Tasks.SequenceEqual(chain) && sample.Frames.SequenceEqual(task.Frames));
                Assert.That(seen, Is.True, () =>
                    $"task {string.Join(" > ", chain)} on thread {task.Thread}: no sample has the await chain the interpreter reported\n" +
                    $"interpreter's view (outermost first):\n{StackPattern.Describe(task.Frames)}\n" +
                    $"austin's lines of that task:\n{string.Join("\n", samples.Where(s => s.Task == task.Name).Select(s => s.ToString()).Distinct().Take(5))}");
            }
        }
    }

    [TestCaseSource(nameof(WithTasks))]
    public void TasksAreLinesOfTheThreadsThatRunTheirLoopsOnly(Interpreter? python)
    {
        (IReadOnlyList<Sample> samples, TaskOracle oracle) = Run(python);
        string side = oracle.Tasks.Single(task => task.Name == "side-task").Thread;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(side, Is.Not.EqualTo(oracle.Thread), "the side loop runs in a thread of its own");
            Assert.That(samples.Where(sample => sample.Tasks.Count > 0 && sample.ThreadId != oracle.Thread && sample.ThreadId != side).Take(3), Is.Empty,
                $"task lines of a thread that runs no loop (the loops run in {oracle.Thread} and {side}; the executor's worker runs none)");
            Assert.That(samples.Where(sample => sample.ThreadId == side && sample.Tasks.Count > 0 && sample.Tasks[0] != oracle.Tasks.Single(t => t.Name == "side-task").Parent).Take(3), Is.Empty,
                "task lines of the side thread that are not of its loop");
        }
    }

    [TestCaseSource(nameof(WithTasks))]
    public void TheRunningTaskIsOnItsThreadsStackAndASuspendedOneIsALineOfItsOwn(Interpreter? python)
    {
        (IReadOnlyList<Sample> samples, TaskOracle oracle) = Run(python);
        Frame spinning = Frame("spin", "aio-spin");
        Frame suspended = Frame("spinner", "aio-spinner");
        string main = oracle.Tasks.Single(task => task.Parent is null && task.Thread == oracle.Thread).Name;

        using (Assert.EnterMultipleScope())
        {
            // Running: spin() under spinner() under the loop's own frames, on the thread itself.
            Assert.That(samples.Any(sample => sample.ThreadId == oracle.Thread && sample.Tasks.Count == 0 &&
                sample.Leaf == spinning && sample.Frames.Count >= 2 && sample.Frames[^2].Function == "spinner"), Is.True,
                "no sample of the loop's thread with the running spinner task's stack (spinner, spin) on it");
            // Suspended in asyncio.sleep(): a line of its own, under main's task, which gathers it.
            Assert.That(samples.Any(sample => sample.ThreadId == oracle.Thread && sample.Tasks.SequenceEqual([main, "spinner"]) &&
                sample.Frames.Count == 2 && sample.Frames[0] == suspended && sample.Frames[1].Function == "sleep"), Is.True,
                $"no line of the spinner task, suspended in asyncio.sleep() under {main}");
            // Never both in one sample: a task that runs is not also shown as suspended. Lines of one sample are
            // consecutive and the thread's own line comes first, so a running spinner is followed by the tasks only.
            for (int i = 0; i < samples.Count; i++)
            {
                if (samples[i].Tasks.Count != 0 || samples[i].Leaf != spinning) continue;
                int next = i + 1;
                while (next < samples.Count && samples[next].Tasks.Count > 0 && samples[next].Task != "spinner") next++;
                bool alsoSuspended = next < samples.Count && samples[next].Task == "spinner";
                Assert.That(alsoSuspended, Is.False, $"line {samples[i].LineNumber}: the spinner runs, and its task is also shown suspended");
                if (alsoSuspended) break;
            }
        }
    }

    [Test]
    public void A314ProgramThatNeverImportsAsyncioIsSampledWithoutTasksAndWithoutError()
    {
        Interpreter? python = Interpreters.All.LastOrDefault(p => p.Version.AtLeast(3, 14));
        if (python is null)
            Assert.Ignore("no CPython 3.14 or later on this machine");
        // 3.14's _asyncio module (where its tasks are published) is mapped only when asyncio is imported; 3.15's is built in.
        ProcessResult run = AustinBinary.Run(["--asyncio", "-i", "1ms", python!.Path, "-c", "import time\nend = time.time() + 1\nwhile time.time() < end: pass"],
            RunTimeout, PythonEnvironment.Clean);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Describe());
            Assert.That(run.StandardOutput, Does.Contain("<module>"), run.Describe());
            Assert.That(run.StandardOutput, Does.Not.Contain(";Task "), run.Describe());
        }
    }

    [Test]
    public void AFreeThreaded313WhoseTasksAustinDoesNotReadIsRefusedWithItsVersion()
    {
        Interpreter? python = Interpreters.All.LastOrDefault(p => p.FreeThreaded && !p.Version.AtLeast(3, 14));
        if (python is null)
            Assert.Ignore("no free-threaded CPython 3.13 on this machine");
        ProcessResult run = AustinBinary.Run(["--asyncio", python!.Path, "-c", "import time; time.sleep(2)"], RunTimeout, PythonEnvironment.Clean);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.EqualTo(65), run.Describe());
            Assert.That(run.StandardError, Does.Match($@"^austin: --asyncio reads the tasks of CPython 3\.11 and later \(of free-threaded builds from 3\.14\), not those of the free-threaded Python {python.Version.Major}\.{python.Version.Minor}"), run.Describe());
        }
    }

    [Test]
    public void AnInterpreterWhoseTasksAustinDoesNotReadIsRefusedWithItsVersion()
    {
        Interpreter? python = Interpreters.All.LastOrDefault(p => !p.Version.AtLeast(3, 11));
        if (python is null)
            Assert.Ignore("no CPython older than 3.11 on this machine");
        ProcessResult run = AustinBinary.Run(["--asyncio", python!.Path, "-c", "import time; time.sleep(2)"], RunTimeout, PythonEnvironment.Clean);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.EqualTo(65), run.Describe());
            Assert.That(run.StandardError, Does.Match($@"^austin: --asyncio reads the tasks of CPython 3\.11 and later, not those of Python {python.Version.Major}\.{python.Version.Minor}"), run.Describe());
        }
    }

    private static Frame Frame(string function, string tag) => new(function, Targets.PathOf(Script), Targets.Line(Script, tag));

    private (IReadOnlyList<Sample> Samples, TaskOracle Oracle) Run(Interpreter? python)
    {
        if (python is null)
            Assert.Ignore("no CPython 3.11 or later on this machine");
        (AustinRun run, string oraclePath) = _runs.GetOrAdd(python!.Path, _ => new Lazy<(AustinRun, string)>(() =>
        {
            string oracle = Path.Combine(Scratch, $"{string.Concat(python.DisplayName.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_'))}.json");
            AustinRun austin = AustinRun.Start(["--asyncio", "-i", "1000", python.Path, Targets.PathOf(Script), "--oracle", oracle, "--seconds", "1"],
                CollapsedFormat.Normal, RunTimeout, PythonEnvironment.Clean);
            return (austin, oracle);
        })).Value;
        IReadOnlyList<Sample> samples = run.RequireSamples();
        return (samples, TaskOracle.Load(oraclePath));
    }

    /// <summary>One task as the target saw it.</summary>
    private sealed record OracleTask(string Name, string? Parent, IReadOnlyList<Frame> Frames, string Thread);

    /// <summary>What asyncio_target.py wrote: the loop's thread and its tasks.</summary>
    private sealed record TaskOracle(string Thread, IReadOnlyList<OracleTask> Tasks)
    {
        /// <summary>The names of the tasks from the outermost one that awaits <paramref name="task"/> down to it.</summary>
        public string[] Ancestry(OracleTask task)
        {
            var chain = new List<string>();
            for (OracleTask? t = task; t is not null && chain.Count < 16; t = Tasks.FirstOrDefault(o => o.Name == t.Parent))
                chain.Insert(0, t.Name);
            return [.. chain];
        }

        public static TaskOracle Load(string path)
        {
            if (!File.Exists(path))
                Assert.Fail($"the target wrote no oracle to {path}: its tasks never parked");
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
            JsonElement root = document.RootElement;
            var tasks = root.GetProperty("tasks").EnumerateArray().Select(task => new OracleTask(
                task.GetProperty("name").GetString()!,
                task.GetProperty("parent").GetString(),
                task.GetProperty("frames").EnumerateArray().Select(f => new Frame(f[0].GetString()!, f[1].GetString()!, f[2].GetInt32())).ToArray(),
                task.GetProperty("thread").GetString()!)).ToList();
            return new TaskOracle(root.GetProperty("thread").GetString()!, tasks);
        }
    }
}
