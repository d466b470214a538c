// SPDX-License-Identifier: GPL-3.0-or-later
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

    /// <summary>A seed for the schedule's randomness; fixed in tests.</summary>
    public ulong Seed { get; init; } = 0x2545F4914F6CDD1DUL;

    /// <summary>-x: how long to sample, counted from the first sample, in nanoseconds; 0 for as long as there are processes.</summary>
    public long ExposureNs { get; init; }

    /// <summary>Whether sampling stopped because <see cref="ExposureNs"/> had passed (rather than a stop or the end of the processes).</summary>
    public bool ExposureEnded { get; private set; }

    /// <summary>Samples until every process has ended, a stop is requested, or the exposure has passed.</summary>
    public void Run()
    {
        var timer = new IntervalTimer(_clock, _intervalNs, Seed);
        long previous = timer.Previous;
        long nextFlush = previous + FlushPeriodNs;
        _stats.StartNs = _clock.NowNs();
        long deadline = ExposureNs <= 0 || ExposureNs > long.MaxValue - _stats.StartNs ? long.MaxValue : _stats.StartNs + ExposureNs;
        while (!_stop.Requested && _targets.Count > 0)
        {
            long start = _clock.NowNs();
            if (start >= deadline)
            {
                ExposureEnded = true;
                break;
            }
            _time = (start - previous) / 1000;
            previous = start;
            for (int i = 0; i < _targets.Count; i++)
            {
                if (!SampleProcess(_targets[i], start))
                    _targets.RemoveAt(i--);
            }
            long end = _clock.NowNs();
            _stats.Samples++;
            _stats.TotalSamplingNs += end - start;
            if (end - start > _stats.MaxSamplingNs) _stats.MaxSamplingNs = end - start;
            if (end - start < _stats.MinSamplingNs) _stats.MinSamplingNs = end - start;
            _stats.EndNs = end;
            if (_targets.Count == 0) break;
            if (end >= nextFlush)
            {
                _writer.Flush();
                nextFlush = end + FlushPeriodNs;
            }
            _placement?.Update(end);
            // Not past the deadline: with -i 10s -x 1, sampling still stops after 1 s.
            timer.WaitForNext(end, deadline);
        }
        _stats.Overruns = timer.Overruns;
    }

    /// <summary>Samples one process; false when it has ended (exited, or exec'd away from Python).</summary>
    private bool SampleProcess(SampledProcess process, long now)
    {
        _current = process;
        _memoryDelta = _filter.NeedsMemory ? process.Memory.Delta(process.Process) : 0;
        PythonSampleStatus status = process.Python.Sample(this);
        _current = null;
        if (status != PythonSampleStatus.Ok && process.Ended)
        {
            Log.Info(process.Process.HasExited
                ? $"process {process.Process.Pid} has ended: sampling it stops"
                : $"process {process.Process.Pid} is now running {process.Process.ExecutablePath}: sampling it stops");
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
        Log.Info($"Python version {version}");
        _writer.WriteMetadata("python", version);
        process.VersionLogged = true;
    }
}
