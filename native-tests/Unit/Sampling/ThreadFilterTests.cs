// SPDX-License-Identifier: GPL-3.0-or-later
using System.Collections.Generic;
using Austin.Python;
using Austin.Samples;
using Austin.Sampling;
using NUnit.Framework;

namespace Austin.Tests.Unit.Sampling;

/// <summary>
/// Which threads a sample emits, with what metrics, under the rules of the C austin 0.7.0 (collapsed format) and of
/// 3.7 (its formats: py_thread.c py_thread__emit_collapsed_stack, austin.c main's handling of -m, -f and -s).
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
internal sealed class ThreadFilterTests
{
    private const ulong Running = 11, Sleeping = 12;
    private static readonly Frame[] Stack = [new(new Function("f", "/f.py"), 1)];

    /// <summary>What the filter makes of one thread: null when dropped, else "time/memory" plus " idle".</summary>
    private static string? Emit(MetricMode mode, bool sleepless, MetricConventions conventions, ulong tid, bool gil, long time, long memory)
    {
        var process = new FakeTargetProcess(new FakeMemory());
        process.RunningThreads.Add(Running);
        var filter = new ThreadFilter(mode, excludeEmpty: false, sleepless, conventions);
        var thread = new PythonThread(0, 1, tid, gil, false, Stack);
        if (!filter.TryEmit(thread, process, time, memory, out SampleMetrics m, out bool idle)) return null;
        return $"{m.Time}/{m.MemoryDelta}" + (idle ? " idle" : "");
    }

    private static IEnumerable<TestCaseData> Cases()
    {
        const MetricConventions Old = MetricConventions.Austin07, New = MetricConventions.Austin3;
        // mode, -s, conventions, thread, holds the GIL, time, memory delta -> emitted
        yield return new TestCaseData(MetricMode.Time, false, New, Sleeping, false, 100L, 0L, "100/0").SetName("3.x wall: every thread");
        yield return new TestCaseData(MetricMode.Time, true, New, Sleeping, false, 100L, 0L, null).SetName("3.x cpu: an idle thread is dropped");
        yield return new TestCaseData(MetricMode.Time, true, New, Running, false, 100L, 0L, "100/0").SetName("3.x cpu: a running thread stays");
        yield return new TestCaseData(MetricMode.Time, false, New, Running, false, 0L, 0L, null).SetName("3.x: a line with no time and no memory is dropped");
        yield return new TestCaseData(MetricMode.Memory, false, New, Running, true, 100L, -5L, "100/-5").SetName("3.x memory: a release is emitted");
        yield return new TestCaseData(MetricMode.Memory, false, Old, Running, true, 100L, -5L, null).SetName("0.7.0 memory: a release is dropped");
        yield return new TestCaseData(MetricMode.Memory, false, New, Running, false, 100L, 7L, null).SetName("3.x memory: a thread without the GIL is dropped");
        yield return new TestCaseData(MetricMode.Memory, true, New, Sleeping, true, 100L, 7L, "100/7").SetName("3.x memory: -s is ignored");
        yield return new TestCaseData(MetricMode.Full, false, New, Sleeping, false, 100L, 7L, "100/0 idle").SetName("3.x full: an idle thread is emitted with its flag");
        yield return new TestCaseData(MetricMode.Full, true, New, Sleeping, true, 100L, 7L, "100/7 idle").SetName("3.x full: -s is ignored");
        yield return new TestCaseData(MetricMode.Full, false, Old, Sleeping, false, 100L, 7L, "100/0").SetName("0.7.0 full: the idle state is not asked for");
        yield return new TestCaseData(MetricMode.Full, true, Old, Sleeping, false, 100L, 7L, null).SetName("0.7.0 full with -s: an idle thread is dropped");
        yield return new TestCaseData(MetricMode.Time, false, Old, Running, false, 0L, 0L, "0/0").SetName("0.7.0: a line with no time is still emitted");
    }

    [TestCaseSource(nameof(Cases))]
    public void A_thread_is_emitted_as_its_conventions_say(MetricMode mode, bool sleepless, MetricConventions conventions, ulong tid, bool gil, long time, long memory, string? expected)
    {
        Assert.That(Emit(mode, sleepless, conventions, tid, gil, time, memory), Is.EqualTo(expected));
    }

    [Test]
    public void The_3_x_formats_need_the_OS_thread_ids_they_print()
    {
        Assert.That(new ThreadFilter(MetricMode.Time, false, false, MetricConventions.Austin3).NeedsNativeIds, Is.True);
        Assert.That(new ThreadFilter(MetricMode.Time, false, false, MetricConventions.Austin07).NeedsNativeIds, Is.False);
    }
}
