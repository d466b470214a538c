// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
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

        // Three windows of 1000 samples. The steady state allocates nothing: at least one window must show 0 bytes.
        // A read that races with the target (a code object being freed) may take the rare path that reads a new
        // code object, which allocates its strings once: bounded, and not per sample.
        long[] windows = new long[3];
        for (int w = 0; w < windows.Length; w++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++) runtime.Sample(visitor);
            windows[w] = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.That(visitor.Frames, Is.GreaterThan(4000 * 30), "the 40-deep stack was not sampled: the test would prove nothing");
        Assert.That(windows.Min(), Is.Zero, $"every window of 1000 samples after warm-up allocated: {string.Join(", ", windows)} bytes");
        Assert.That(windows.Sum(), Is.LessThan(64 * 1024), $"3000 samples after warm-up allocated {windows.Sum()} bytes");
    }
}
