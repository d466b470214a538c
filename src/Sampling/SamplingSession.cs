// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.IO;
using System.Runtime.InteropServices;
using Austin.Diagnostics;
using Austin.Output;
using Austin.Platform;
using Austin.Python;
using Austin.Samples;

namespace Austin.Sampling;

/// <summary>
/// One run of austin: open the output, launch or attach, find Python, sample until the end, flush; every exit path
/// flushes what was sampled and maps failures to the README's exit statuses.
/// </summary>
internal sealed class SamplingSession
{
    private const int EPIPE = 32;

    private readonly AustinOptions _options;
    private readonly IPlatform _platform;
    private readonly TextWriter _diagnostics;
    private readonly StopFlag _stop = new();
    private readonly SamplingStatistics _stats = new();
    private volatile TargetLifecycle? _lifecycle;
    private volatile LiveTap? _live;

    /// <param name="diagnostics">Standard error: the live status line and the summary go there.</param>
    public SamplingSession(AustinOptions options, IPlatform platform, TextWriter diagnostics)
    {
        _options = options;
        _platform = platform;
        _diagnostics = diagnostics;
    }

    /// <summary>With --tui or --web: what the live view reads, once the output is open (null before, and without a live view).</summary>
    public LiveTap? Live => _live;

    /// <summary>Whether a stop was asked for (a signal, or the live view's quit).</summary>
    public bool StopRequested => _stop.Requested;

    /// <summary>Stops sampling as a signal would (the live view's quit key): the launched command is told too.</summary>
    public void RequestStop(StopSignal signal) => OnStopSignal(signal);

    private MetricMode Mode => _options.Full ? MetricMode.Full : _options.Memory ? MetricMode.Memory : MetricMode.Time;

    /// <summary>The C austin 3.x's formats follow its rules for which threads a sample emits; the collapsed ones 0.7.0's.</summary>
    private MetricConventions Conventions =>
        _options.ChosenFormat is OutputFormat.Austin or OutputFormat.Mojo ? MetricConventions.Austin3 : MetricConventions.Austin07;

    public int Run()
    {
        OutputFormat format = _options.ChosenFormat;
        if (_options.OutputFile is null && _options.Live == LiveView.None && SampleWriterFactory.IsBinary(format) && _platform.StandardOutputIsTerminal())
            throw new AustinException(ExitCodes.Usage, $"the {OutputFormats.NameOf(format)} format is binary and standard output is a terminal: give an output file with -o, or redirect standard output");
        using Stream output = _platform.OpenOutput(_options.OutputFile);
        StackTree? summary = null;
        // A live view without -o shows the samples instead of writing them.
        ISampleWriter writer = _options.Live != LiveView.None && _options.OutputFile is null
            ? new NullSampleWriter()
            : SampleWriterFactory.Create(format, Mode, output);
        if (_options.SummaryTop is not null) writer = TreeTap.WithTree(writer, out summary);
        if (_options.Live != LiveView.None) writer = _live = new LiveTap(writer, Mode);
        using ISampleWriter disposeWriter = writer;
        // A person watches standard error, and the samples do not go to that terminal.
        StatusLine? status = _options.Live != LiveView.Tui && _platform.StandardErrorIsTerminal()
            && (_options.OutputFile is not null || _options.Live == LiveView.Web || !_platform.StandardOutputIsTerminal())
            ? new StatusLine(_diagnostics)
            : null;
        using IDisposable signals = _platform.HandleStopSignals(OnStopSignal);

        LogHeader();
        using TargetLifecycle lifecycle = TargetLifecycle.Start(_platform, _options);
        _lifecycle = lifecycle;
        if (_stop.Requested) lifecycle.Forward(_stop.Signal);   // a signal that came while the command was starting
        try
        {
            var filter = new ThreadFilter(Mode, _options.ExcludeEmpty, _options.Sleepless, Conventions, _options.GilOnly);
            var targets = new TargetSet();
            using Descendants? descendants = _options.Children
                ? new Descendants(_platform, _platform, lifecycle.Process, filter, _options.TimeoutMs) { Prepare = Prepare }
                : null;
            if (descendants is not null)
            {
                lifecycle.WaitForPython(descendants, targets, _stop);
                descendants.RootErrorsAreFatal = false;   // from now on the target is one process of the tree among others
            }
            else
            {
                PythonProcess python = lifecycle.WaitForPython(_stop);
                Log.Info($"Python {python.Version} found in process {lifecycle.Process.Pid}");
                Prepare(python);
                targets.Add(new SampledProcess(lifecycle.Process, python) { Root = true });
            }
            if (_options.Gc) _stats.GcTimeUs = 0;

            writer.Begin(Metadata(targets.Count > 0 ? targets[0].Python : null));

            void Prepare(PythonProcess python)
            {
                python.WantGilHolder = filter.NeedsGilHolder;
                python.WantNativeIds = filter.NeedsNativeIds;
                python.WantGc = _options.Gc;
                if (_options.Gc && !python.ExposesGc)
                    Log.Info($"Python {python.Version} does not expose its garbage collector's state here (before 3.7 it takes a symbol table): -g marks nothing");
                if (_options.GilOnly && python.FreeThreaded)
                    throw new AustinException(ExitCodes.DataError, $"Python {python.Version} is a free-threaded build: it has no GIL, so --gil has no thread to keep");
                // Memory deltas are the process's; austin gives each to the thread that holds the GIL, which ran the
                // Python code that made it. Without a GIL there is no such thread: refused rather than printed empty.
                if (Mode == MetricMode.Memory && python.FreeThreaded)
                    throw new AustinException(ExitCodes.DataError, $"Python {python.Version} is a free-threaded build: it has no GIL, so -m has no thread to give memory to");
                if (Mode == MetricMode.Full && python.FreeThreaded)
                    Log.Info($"Python {python.Version} is a free-threaded build: it has no GIL, so -f gives no memory to any thread");
                if (python.FreeThreaded) python.WantGilHolder = false;
                if (_options.Asyncio)
                {
                    if (!python.CanReadTasks)
                        throw new AustinException(ExitCodes.DataError, python.FreeThreaded
                            ? $"--asyncio reads the tasks of CPython 3.11 and later (of free-threaded builds from 3.14), not those of the free-threaded Python {python.Version}"
                            : $"--asyncio reads the tasks of CPython 3.11 and later, not those of Python {python.Version}");
                    python.WantTasks = true;
                }
            }
            _platform.PreferPromptWakeUps();
            var loop = new SamplingLoop(_platform, targets, writer, filter, _options.IntervalNs, _stats, _stop,
                new CpuPlacement(_platform, targets))
            {
                Seed = (ulong)_platform.NowNs(),
                ExposureNs = _options.ExposureNs,
                Descendants = descendants,
                Status = status,
            };
            loop.Run();
            status?.Clear();
            ProfileStatistics statistics = _stats.ToProfileStatistics();
            writer.End(statistics);
            writer.Flush();
            if (summary is not null) SummaryReport.Write(_diagnostics, summary, Mode, statistics, _options.SummaryTop!.Value, Title());
            // For soak runs: the aggregate grows with distinct stacks, not with samples.
            if (((writer as AggregatingWriter)?.Tree ?? summary) is StackTree tree)
                Log.Info($"Stack tree: {tree.Count} nodes for {tree.Samples} thread stacks");
            if (loop.ExposureEnded)
            {
                Log.Info($"-x {_options.ExposureS}: the time is up, sampling stops");
                lifecycle.EndExposure();
            }
            lifecycle.Finish(_stop);
        }
        catch (IOException e) when (e.HResult == EPIPE)
        {
            // The reader went away (`austin ... | head -1`): nothing more can be delivered; exit quietly.
            Log.Info("output closed by the reader");
            lifecycle.Abandon();
            return ExitCodes.Ok;
        }
        catch (IOException e)
        {
            lifecycle.Abandon();
            throw new AustinException(ExitCodes.IoError, $"cannot write samples to {_options.OutputFile ?? "standard output"}: {Reason(e)}");
        }
        catch (Exception) when (FlushWhatWasSampled(writer))
        {
            throw;   // never reached: the filter only flushes
        }
        catch (AustinException)
        {
            // austin started it only to profile it: a command that cannot be profiled does not outlive austin.
            lifecycle.Abandon();
            throw;
        }
        finally
        {
            status?.Clear();
            _live?.MarkEnded();
            LogStatistics();
        }
        return ExitCodes.Ok;
    }

    /// <summary>On an unexpected failure, samples already taken still reach the output (the filter catches nothing).</summary>
    private static bool FlushWhatWasSampled(ISampleWriter writer)
    {
        try { writer.Flush(); }
        catch (IOException) { }
        return false;
    }

    private void OnStopSignal(StopSignal signal)
    {
        _stop.Request(signal);
        _lifecycle?.Forward(signal);
    }

    /// <summary>What the run profiled, for the summary's heading.</summary>
    private string Title() => _options.Pid is int pid ? $"process {pid}" : string.Join(' ', _options.Command);

    private ProfileMetadata Metadata(PythonProcess? python) => new()
    {
        AustinVersion = AustinVersion.Number,
        Mode = Mode,
        IntervalUs = _options.IntervalUs,
        Command = _options.Command,
        Pid = _options.Pid,
        Sleepless = _options.Sleepless,
        Pipe = _options.Pipe,
        Children = _options.Children,
        TotalMemoryKb = Mode == MetricMode.Time ? 0 : _platform.TotalMemoryKb(),
        PythonVersion = python?.FullVersion(),
    };

    /// <summary>A short reason for a write error (exception messages are resource keys in this trimmed build).</summary>
    private static string Reason(IOException e) =>
        e.HResult is > 0 and < 4096 ? Marshal.GetPInvokeErrorMessage(e.HResult) : ExceptionName.Of(e);

    private void LogHeader()
    {
        Log.Info("====[ AUSTIN ]====");
        Log.Info($"austin {AustinVersion.Number}");
        Log.Info(_options.Pid is int pid ? $"Attaching to process {pid}" : $"Launching: {string.Join(' ', _options.Command)}");
        Log.Info($"Sampling interval: {_options.IntervalUs} us; start-up timeout: {_options.TimeoutMs} ms");
        Log.Info($"Output: {_options.OutputFile ?? "standard output"}");
        Log.Info($"Output format: {OutputFormats.Identifier(_options.ChosenFormat)}");
        if (_options.ExposureS > 0) Log.Info($"Sampling for {_options.ExposureS} s at most (-x)");
        if (_options.HeapMb > 0) Log.Info($"-h {_options.HeapMb} MB: ignored, austin needs no frame heap");
    }

    private void LogStatistics()
    {
        Log.Info($"Samples: {_stats.Samples}; thread stacks: {_stats.ThreadSamples}");
        Log.Info($"Bad samples: {_stats.BadSamples} ({_stats.ErrorRate * 100:F2}% error rate)");
        Log.Info($"Sampling time: mean {_stats.MeanSamplingUs:F1} us, max {_stats.MaxSamplingNs / 1000.0:F1} us");
        Log.Info($"Overruns (sampling slower than the interval): {_stats.Overruns}");
        if (_stats.GcTimeUs is long gc)
        {
            double duration = (_stats.EndNs - _stats.StartNs) / 1000.0;
            Log.Info($"Garbage collector: {gc / 1e6:F2} s ({(duration > 0 ? gc / duration * 100 : 0):F2}% of the sampling duration, summed over threads)");
        }
        // austin's own footprint, for soak runs: memory must stay flat and the GC quiet.
        Log.Info($"austin memory: managed heap {GC.GetTotalMemory(false) / 1024} KB, peak RSS {_platform.PeakResidentKb()} KB; " +
                 $"GC collections: {GC.CollectionCount(0)} gen0, {GC.CollectionCount(1)} gen1, {GC.CollectionCount(2)} gen2");
        Log.Info("====[ END ]====");
    }
}
