// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using Austin.Diagnostics;
using Austin.Output;
using Austin.Platform;
using Austin.Python.Discovery;
using Austin.Python.Model;
using Austin.Python.Walkers;

namespace Austin.Sampling;

/// <summary>Runs a profiling session: open the output, launch or attach, find Python, sample until the end, flush.</summary>
internal sealed partial class Sampler : IThreadVisitor
{
    private const int EPIPE = 32;

    private readonly AustinOptions _options;
    private readonly IPlatform _platform;
    private readonly ISampleWriter _writer;
    private readonly SamplingStatistics _stats = new();
    private ITargetProcess? _target;
    private long _time;
    private long _memoryDelta;
    private long _lastRss = -1;
    private bool _measureMemory;
    private volatile int _stopSignal;

    private Sampler(AustinOptions options, IPlatform platform, ISampleWriter writer)
    {
        _options = options;
        _platform = platform;
        _writer = writer;
    }

    public static int Run(AustinOptions options)
    {
        IPlatform platform = Platforms.Current();
        MetricMode mode = options.Full ? MetricMode.Full : options.Memory ? MetricMode.Memory : MetricMode.Time;
        using ISampleWriter writer = new CollapsedWriter(platform.OpenOutput(options.OutputFile), options.AltFormat, mode);
        return new Sampler(options, platform, writer).Run();
    }

    private bool LaunchMode => _options.Pid is null;

    /// <summary>A short reason for a file error (exception messages are resource keys in this trimmed build).</summary>
    private static string Reason(Exception e) => e switch
    {
        DirectoryNotFoundException => "no such directory",
        FileNotFoundException => "no such file",
        UnauthorizedAccessException => "permission denied",
        IOException { HResult: > 0 and < 4096 } io => Marshal.GetPInvokeErrorMessage(io.HResult),
        _ => e.GetType().Name,
    };

    private int Run()
    {
        // A shell starts background jobs (`austin -p PID &`) with SIGINT ignored, and the runtime keeps an ignored
        // SIGINT ignored; austin must still stop and flush on it, as the C austin does.
        Interop.Linux.Libc.Signal(Interop.Linux.Libc.SIGINT, Interop.Linux.Libc.SIG_DFL);
        using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        LogHeader();
        using ITargetProcess target = LaunchMode ? _platform.Launch(_options.Command, discardStandardOutput: _options.OutputFile is null) : _platform.Attach(_options.Pid!.Value);
        _target = target;
        try
        {
            PythonRuntime runtime = WaitForRuntime(target);
            Log.Info($"Python {runtime.Layout.Version} found in process {target.Pid}");
            runtime.WantGilHolder = _options.Memory || _options.Full;
            runtime.WantNativeIds = _options.Sleepless;
            if (_options.Sleepless) runtime.LearnPthreadTidOffset(target.Pid, tid => Directory.Exists($"/proc/{target.Pid}/task/{tid}"));
            _platform.PreferPromptWakeUps();
            SampleLoop(target, runtime);
            _writer.Flush();
            if (LaunchMode && _stopSignal != 0)
            {
                // The signal was passed on to the child: give it time to finish, then end it; reap it (no zombie).
                if (!target.WaitForExit(5000)) target.Terminate();
            }
            // Sampling ended because the child exited (reaped here: the exit may take a moment to be seen), or
            // because it exec'd away from Python: then it is left running.
            if (LaunchMode && (target.WaitForExit(200) || target.ExecutablePath is null))
                Log.Info($"the command exited with status {target.ExitCode?.ToString() ?? "unknown"}");
            else if (LaunchMode)
                Log.Info($"the command exec'd into {target.ExecutablePath}, which is left running");
        }
        catch (IOException e) when (e.HResult == EPIPE)
        {
            // The reader went away (`austin ... | head -1`): nothing more can be delivered; exit quietly.
            Log.Info("output closed by the reader");
            if (LaunchMode) target.Terminate();
            return ExitCodes.Ok;
        }
        catch (IOException e)
        {
            if (LaunchMode) target.Terminate();
            throw new AustinException(ExitCodes.IoError, $"cannot write samples to {_options.OutputFile ?? "standard output"}: {Reason(e)}");
        }
        catch (AustinException) when (LaunchMode)
        {
            // austin started it only to profile it: a command that cannot be profiled does not outlive austin.
            target.Terminate();
            throw;
        }
        finally
        {
            LogStatistics();
        }

        return ExitCodes.Ok;
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;   // no default termination: flush first
        _stopSignal = context.Signal == PosixSignal.SIGINT ? Interop.Linux.Libc.SIGINT : Interop.Linux.Libc.SIGTERM;
        // In launch mode the child gets the signal too, so that `timeout -s INT 10 austin python3 app.py` stops both.
        if (LaunchMode && _target is { HasExited: false } t)
            Interop.Linux.Libc.Kill(t.Pid, _stopSignal);
    }

    /// <summary>
    /// Waits for the Python runtime to become readable. -t bounds the search for a Python runtime, counted from
    /// the last exec (wrappers such as pyenv shims and /usr/bin/env exec the interpreter later, and get longer).
    /// Once the program is known to be Python (its executable calls the Python API, or a runtime is mapped) it is given
    /// the time it needs to initialise, however short -t is: `-t 1` must not fail on a Python that is starting.
    /// </summary>
    private PythonRuntime WaitForRuntime(ITargetProcess target)
    {
        string? image = target.ExecutablePath;
        long since = _platform.NowNs();
        // Whether austin may read the process depends on the image it runs: checked again after each exec only.
        target.CheckReadable();
        LocateStatus status = LocateStatus.NoPython, seen = status;
        while (true)
        {
            if (target.HasExited)
                throw new AustinException(ExitCodes.NoProcess, LaunchMode
                    ? "the command exited before its Python runtime could be found"
                    : $"process {target.Pid} exited");
            status = RuntimeLocator.TryLocate(target, out PythonRuntime? runtime);
            if (status == LocateStatus.Ready && runtime is not null) return runtime;
            if (_stopSignal != 0) throw new AustinException(ExitCodes.Failure, "interrupted before sampling started");

            string? now = target.ExecutablePath;
            if (now != image)
            {
                (image, since, seen) = (now, _platform.NowNs(), LocateStatus.NoPython);
                target.CheckReadable();
            }
            else if (status != seen)
            {
                (since, seen) = (_platform.NowNs(), status);   // a step forward: the wait for the next one starts now
            }
            if (_platform.NowNs() - since > StartupBudgetNs(status, image)) break;
            Thread.Sleep(1);
        }
        string what = _options.Pid is int pid ? $"process {pid}" : $"'{string.Join(' ', _options.Command)}'";
        throw status == LocateStatus.NoPython
            ? new AustinException(ExitCodes.DataError, $"{what} is not a Python process (no Python runtime found within {_options.TimeoutMs} ms)")
            : new AustinException(ExitCodes.DataError, $"the Python interpreter of {what} was not ready within {StartupBudgetNs(status, image) / 1_000_000} ms (try a longer -t)");
    }

    /// <summary>
    /// How long the start-up may stay at <paramref name="status"/>: -t while no Python is seen (at least
    /// <see cref="WrapperBudgetNs"/> while a shell or env runs first), at least <see cref="InitialisationBudgetNs"/>
    /// once the program is known to be Python.
    /// </summary>
    private long StartupBudgetNs(LocateStatus status, string? image)
    {
        long timeoutNs = _options.TimeoutMs > long.MaxValue / 2_000_000 ? long.MaxValue / 2 : _options.TimeoutMs * 1_000_000;
        if (status is LocateStatus.Loading or LocateStatus.NotReady) return Math.Max(timeoutNs, InitialisationBudgetNs);
        return Math.Max(timeoutNs, IsWrapper(image) ? WrapperBudgetNs : 0);
    }

    /// <summary>
    /// Shells and env run before the interpreter when the command is a script, a pyenv shim or
    /// `/usr/bin/env python3`; they may take longer than -t (pyenv runs several bash scripts first).
    /// </summary>
    private const long WrapperBudgetNs = 5_000_000_000;

    /// <summary>A Python that is loading or initialising gets this long, whatever -t says (a loaded machine is slow).</summary>
    private const long InitialisationBudgetNs = 5_000_000_000;

    private static bool IsWrapper(string? image) => Path.GetFileName(image) is "sh" or "bash" or "dash" or "zsh" or "ksh" or "env" or "fish";

    /// <summary>Buffered samples reach a pipe or file at least this often, so that a live reader sees them.</summary>
    private const long FlushPeriodNs = 50_000_000;

    private void SampleLoop(ITargetProcess target, PythonRuntime runtime)
    {
        var schedule = new IntervalSchedule(_options.IntervalNs, _platform.NowNs(), seed: (ulong)_platform.NowNs());
        _measureMemory = _options.Memory || _options.Full;
        string? image = target.ExecutablePath;
        long previous = schedule.Previous;
        long nextFlush = previous + FlushPeriodNs;
        var placement = new CpuPlacement(_platform, target);
        while (_stopSignal == 0)
        {
            long start = _platform.NowNs();
            _time = (start - previous) / 1000;
            previous = start;
            _memoryDelta = 0;
            if (_measureMemory && target.TryReadResidentKb(out long rss))
            {
                _memoryDelta = _lastRss < 0 ? 0 : rss - _lastRss;
                _lastRss = rss;
            }

            RuntimeReadStatus status = runtime.Sample(this);
            long end = _platform.NowNs();
            long took = end - start;
            _stats.Samples++;
            _stats.TotalSamplingNs += took;
            if (took > _stats.MaxSamplingNs) _stats.MaxSamplingNs = took;

            if (status != RuntimeReadStatus.Ok && Ended(target, image)) break;
            if (!_versionLogged && _stats.Samples % 64 == 0) LogFullVersion(target, runtime, start);
            if (end >= nextFlush)
            {
                _writer.Flush();
                nextFlush = end + FlushPeriodNs;
            }
            placement.Update(end);

            if (!schedule.Advance(end, out long next))
            {
                if (!schedule.Continuous) _stats.Overruns++;
                continue;   // due now (late, or -i 0): sample again rather than burst to catch up
            }
            _platform.SleepUntil(next);
        }
    }

    private bool _versionLogged;
    private long _versionDeadline;

    /// <summary>
    /// Logs "Python version X.Y.Z" once the release is known: at once from _Py_DebugOffsets or Py_Version, a
    /// little later from sys.version when only a file name gave X.Y (it is written during start-up).
    /// </summary>
    private void LogFullVersion(ITargetProcess target, PythonRuntime runtime, long now)
    {
        if (_versionDeadline == 0) _versionDeadline = now + 2_000_000_000;
        Python.Abi.PythonVersion? full = RuntimeLocator.FullVersion(target, runtime);
        if (full is null && now < _versionDeadline) return;
        Log.Info($"Python version {(full ?? runtime.Layout.Version)}");
        _versionLogged = true;
    }

    /// <summary>The target has exited, or has exec'd into another program: the runtime we sample is gone.</summary>
    private bool Ended(ITargetProcess target, string? image)
    {
        if (target.HasExited) return true;
        string? now = target.ExecutablePath;
        if (now is null) return true;   // gone (an unreaped zombie still answers kill(pid, 0))
        if (now != image)
        {
            Log.Info($"process {target.Pid} is now running {target.ExecutablePath}: sampling stops");
            return true;
        }
        return false;
    }

    public void OnThread(ulong threadId, ulong nativeThreadId, bool holdsGil, WalkResult result, ReadOnlySpan<Frame> frames)
    {
        _stats.ThreadSamples++;
        if (result != WalkResult.Ok) _stats.BadSamples++;
        if (result == WalkResult.Ok && frames.IsEmpty && _options.ExcludeEmpty) return;
        // -s: a thread the OS does not have on a CPU is idle (when its TID is unknown it is kept).
        if (_options.Sleepless && nativeThreadId != 0 && _target is not null && !_target.IsThreadRunning(nativeThreadId)) return;

        // Memory is the process's, so it is given to the thread that holds the GIL; the others get 0.
        long memory = holdsGil ? _memoryDelta : 0;
        if (_options.Memory && !_options.Full && memory <= 0) return;
        var metrics = new SampleMetrics(_time, memory);
        if (result != WalkResult.Ok) _writer.WriteBadSample(threadId, metrics);
        else _writer.WriteStack(threadId, frames, metrics);
    }

    /// <summary>VmHWM of austin itself, from /proc/self/status (0 when unknown).</summary>
    private static long PeakRssKb()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal) &&
                    long.TryParse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), out long kb))
                    return kb;
        }
        catch (IOException) { }
        return 0;
    }

    private void LogHeader()
    {
        Log.Info("====[ AUSTIN ]====");
        Log.Info($"austin {Cli.AustinVersion.Number}");
        Log.Info(_options.Pid is int pid ? $"Attaching to process {pid}" : $"Launching: {string.Join(' ', _options.Command)}");
        Log.Info($"Sampling interval: {_options.IntervalUs} us; start-up timeout: {_options.TimeoutMs} ms");
        Log.Info($"Output: {_options.OutputFile ?? "standard output"}");
    }

    private void LogStatistics()
    {
        Log.Info($"Samples: {_stats.Samples}; thread stacks: {_stats.ThreadSamples}");
        Log.Info($"Bad samples: {_stats.BadSamples} ({_stats.ErrorRate * 100:F2}% error rate)");
        Log.Info($"Sampling time: mean {_stats.MeanSamplingUs:F1} us, max {_stats.MaxSamplingNs / 1000.0:F1} us");
        Log.Info($"Overruns (sampling slower than the interval): {_stats.Overruns}");
        // austin's own footprint, for soak runs: memory must stay flat and the GC quiet.
        Log.Info($"austin memory: managed heap {GC.GetTotalMemory(false) / 1024} KB, peak RSS {PeakRssKb()} KB; " +
                 $"GC collections: {GC.CollectionCount(0)} gen0, {GC.CollectionCount(1)} gen1, {GC.CollectionCount(2)} gen2");
        Log.Info("====[ END ]====");
    }
}
