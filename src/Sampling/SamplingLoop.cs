// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using Austin.Diagnostics;
using Austin.Output;
using Austin.Platform;
using Austin.Python;
using Austin.Samples;

namespace Austin.Sampling;

/// <summary>
/// The sampling loop: at each tick of the <see cref="IntervalTimer"/>, every thread of every process of the
/// <see cref="TargetSet"/>, filtered by the <see cref="ThreadFilter"/>, goes to the writer. Everything comes from
/// outside (the clock, the processes, the writer), so that tests drive it with a fake clock and synthetic memory.
/// Allocates nothing in the steady state.
/// </summary>
internal sealed class SamplingLoop : IThreadSink
{
    /// <summary>Buffered samples reach a pipe or file at least this often, so that a live reader sees them.</summary>
    public const long FlushPeriodNs = 50_000_000;

    private readonly IClock _clock;
    private readonly TargetSet _targets;
    private readonly ISampleWriter _writer;
    private readonly ThreadFilter _filter;
    private readonly SamplingStatistics _stats;
    private readonly StopFlag _stop;
    private readonly long _intervalNs;
    private readonly CpuPlacement? _placement;

    // What the thread sink needs to know of the process being walked.
    private SampledProcess? _current;
    private long _time;
    private long _memoryDelta;

    public SamplingLoop(IClock clock, TargetSet targets, ISampleWriter writer, ThreadFilter filter, long intervalNs,
        SamplingStatistics stats, StopFlag stop, CpuPlacement? placement = null)
    {
        _clock = clock;
        _targets = targets;
        _writer = writer;
        _filter = filter;
        _intervalNs = intervalNs;
        _stats = stats;
        _stop = stop;
        _placement = placement;
    }

    /// <summary>The live status line, when a person watches standard error.</summary>
    public StatusLine? Status { get; init; }

    /// <summary>A seed for the schedule's randomness; fixed in tests.</summary>
    public ulong Seed { get; init; } = 0x2545F4914F6CDD1DUL;

    /// <summary>-C: the target's descendants, followed between samples; null without -C.</summary>
    public Descendants? Descendants { get; init; }

    /// <summary>-x: how long to sample, counted from the first sample, in nanoseconds; 0 for as long as there are processes.</summary>
    public long ExposureNs { get; init; }

    /// <summary>Whether sampling stopped because <see cref="ExposureNs"/> had passed (rather than a stop or the end of the processes).</summary>
    public bool ExposureEnded { get; private set; }

    /// <summary>
    /// Samples until a stop is requested, the exposure has passed, or every process has ended (with -C: the target
    /// has ended, and none of its descendants is sampled or starting).
    /// </summary>
    public void Run()
    {
        var timer = new IntervalTimer(_clock, _intervalNs, Seed);
        for (int i = 0; i < _targets.Count; i++) _targets[i].PreviousNs = timer.Previous;
        long nextFlush = timer.Previous + FlushPeriodNs;
        _stats.StartNs = _clock.NowNs();
        long deadline = ExposureNs <= 0 || ExposureNs > long.MaxValue - _stats.StartNs ? long.MaxValue : _stats.StartNs + ExposureNs;
        while (!_stop.Requested && Continues())
        {
            long start = _clock.NowNs();
            if (start >= deadline)
            {
                ExposureEnded = true;
                break;
            }
            long end = start;
            if (_targets.Count > 0)
            {
                for (int i = 0; i < _targets.Count; i++)
                {
                    if (!SampleProcess(_targets[i], start))
                        _targets.RemoveAt(i--);
                }
                end = _clock.NowNs();
                _stats.Samples++;
                _stats.TotalSamplingNs += end - start;
                if (end - start > _stats.MaxSamplingNs) _stats.MaxSamplingNs = end - start;
                if (end - start < _stats.MinSamplingNs) _stats.MinSamplingNs = end - start;
                _stats.EndNs = end;
            }
            if (!Continues()) break;
            if (end >= nextFlush)
            {
                _writer.Flush();
                Status?.Update(end, _stats);
                nextFlush = end + FlushPeriodNs;
            }
            _placement?.Update(end);
            // Not past the deadline: with -i 10s -x 1, sampling still stops after 1 s.
            WaitForNext(timer, end, deadline);
        }
        _stats.Overruns = timer.Overruns;
    }

    private bool Continues() => _targets.Count > 0 || (Descendants?.Alive(_targets) ?? false);

    /// <summary>
    /// Sleeps until the next sample is due, or until <paramref name="notAfterNs"/> if that comes first (the end of
    /// sampling); with -C, the descendants are scanned when due in the meantime.
    /// </summary>
    private void WaitForNext(IntervalTimer timer, long end, long notAfterNs)
    {
        long due = timer.Schedule(end);
        if (due > notAfterNs) due = Math.Max(end, notAfterNs);
        if (Descendants is null)
        {
            if (due > end) _clock.SleepUntil(due);
            return;
        }
        while (true)
        {
            long now = _clock.NowNs();
            Descendants.Update(now, _targets);
            if (now >= due || _stop.Requested || !Continues()) return;
            _clock.SleepUntil(Math.Min(due, Descendants.NextScanNs));
        }
    }

    /// <summary>Samples one process; false when it has ended (exited, or exec'd away from Python).</summary>
    private bool SampleProcess(SampledProcess process, long now)
    {
        _current = process;
        // Each process's time counts from its own previous sample: one that has just joined from one interval before.
        long previous = process.PreviousNs == 0 ? now - _intervalNs : process.PreviousNs;
        _time = (now - previous) / 1000;
        process.PreviousNs = now;
        _memoryDelta = _filter.NeedsMemory ? process.Memory.Delta(process.Process) : 0;
        PythonSampleStatus status = process.Python.Sample(this);
        _current = null;
        if (status != PythonSampleStatus.Ok && process.Ended)
        {
            // An exiting process loses its executable (and its memory) before it becomes a zombie.
            Log.Info(process.Process.HasExited || process.Process.ExecutablePath is not { } image
                ? $"process {process.Process.Pid} has ended: sampling it stops"
                : $"process {process.Process.Pid} exec'd {image}: sampling it stops");
            return false;
        }
        if (!process.VersionLogged && _stats.Samples % 64 == 0) LogFullVersion(process, now);
        return true;
    }

    void IThreadSink.OnThread(in PythonThread thread)
    {
        _stats.ThreadSamples++;
        if (thread.IsBad) _stats.BadSamples++;
        SampledProcess process = _current!;
        if (!_filter.TryEmit(thread, process.Process, _time, _memoryDelta, out SampleMetrics metrics, out bool idle)) return;
        if (thread.GcCollecting) _stats.GcTimeUs += metrics.Time;
        _writer.Write(new ThreadSample(process.Process.Pid, thread.InterpreterId, thread.ThreadId, thread.NativeThreadId,
            thread.HoldsGil, idle, thread.IsBad, thread.Frames, metrics)
        {
            GilReleased = thread.GilReleased,
            GcCollecting = thread.GcCollecting,
            Task = thread.Task,
        });
    }

    /// <summary>
    /// Logs "Python version X.Y.Z" once the release is known: at once from _Py_DebugOffsets or Py_Version, a
    /// little later from sys.version when only a file name gave X.Y (it is written during start-up).
    /// </summary>
    private void LogFullVersion(SampledProcess process, long now)
    {
        process.VersionDeadline = process.VersionDeadline == 0 ? now + 2_000_000_000 : process.VersionDeadline;
        string? full = process.Python.FullVersion();
        if (full is null && now < process.VersionDeadline) return;
        string version = full ?? process.Python.Version;
        Log.Info(process.Root ? $"Python version {version}" : $"Python version {version} in process {process.Process.Pid}");
        if (process.Root) _writer.WriteMetadata("python", version);
        process.VersionLogged = true;
    }
}
