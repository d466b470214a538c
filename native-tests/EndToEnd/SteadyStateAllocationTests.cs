// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Austin.Output;
using Austin.Platform;
using Austin.Platform.Linux;
using Austin.Python.Discovery;
using Austin.Python.Model;
using Austin.Python.Walkers;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd;

/// <summary>
/// The sampling loop (walk every thread, format every line) allocates nothing once warm: a profiler that
/// allocates per sample would make the GC part of what it measures.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class SteadyStateAllocationTests
{
    private sealed class WritingVisitor(ISampleWriter writer) : IThreadVisitor
    {
        public long Threads;
        public long Frames;

        public void OnThread(ulong threadId, ulong nativeThreadId, bool holdsGil, WalkResult result, ReadOnlySpan<Austin.Output.Frame> frames)
        {
            Threads++;
            Frames += frames.Length;
            if (result == WalkResult.Ok) writer.WriteStack(threadId, frames, new SampleMetrics(500, 0));
            else writer.WriteBadSample(threadId, new SampleMetrics(500, 0));
        }
    }

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void SamplingALiveTargetAllocatesNothingAfterWarmUp(Interpreter python)
    {
        using RunningProcess target = RunningProcess.Start(
            [python.Path, Path.Combine(Repo.Root(), "native-tests", "Bench", "deep.py"), "40", "10"], PythonEnvironment.Clean);
        target.WaitForLine("ready", TimeSpan.FromSeconds(20));

        using var process = (LinuxTargetProcess)new LinuxPlatform().Attach(target.Id);
        PythonRuntime? runtime = null;
        var clock = Stopwatch.StartNew();
        while (RuntimeLocator.TryLocate(process, out runtime) != LocateStatus.Ready && clock.Elapsed < TimeSpan.FromSeconds(5))
            Thread.Sleep(10);
        Assert.That(runtime, Is.Not.Null, $"no Python runtime found in {python.DisplayName}");
        runtime!.WantGilHolder = true;
        runtime.WantNativeIds = true;

        using var writer = new CollapsedWriter(Stream.Null, alternative: false, MetricMode.Full);
        var visitor = new WritingVisitor(writer);
        for (int i = 0; i < 1000; i++) runtime.Sample(visitor);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 3000; i++) runtime.Sample(visitor);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(visitor.Frames, Is.GreaterThan(4000 * 30), "the 40-deep stack was not sampled: the test would prove nothing");
        Assert.That(allocated, Is.Zero, $"3000 samples after warm-up allocated {allocated} bytes");
    }
}
