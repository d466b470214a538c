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
/// austin -w PID: attach, find Python with the start-up wait of -p, take one sample with the GIL holder, the OS
/// thread ids (idle = not on a CPU, as the OS says) and the garbage collector's state, print it for a person, and
/// exit 0. The target is only read, never stopped; an error is what -p gives for the same PID.
/// </summary>
internal sealed class WhereSession : IThreadSink
{
    private const int EPIPE = 32;

    private readonly AustinOptions _options;
    private readonly IPlatform _platform;
    private readonly StopFlag _stop = new();
    private WhereWriter? _writer;
    private ITargetProcess? _process;

    public WhereSession(AustinOptions options, IPlatform platform)
    {
        _options = options;
        _platform = platform;
    }

    /// <summary>
    /// Colours only for a terminal, and not when NO_COLOR is set (https://no-color.org): a report piped to a file or
    /// a pager stays plain text.
    /// </summary>
    private bool Colours => _options.OutputFile is null && _platform.StandardOutputIsTerminal() &&
                            string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

    public int Run()
    {
        int pid = _options.WherePid ?? throw new InvalidOperationException("a where session without -w");
        Log.Info("====[ AUSTIN ]====");
        Log.Info($"austin {AustinVersion.Number}");
        Log.Info($"Where mode on process {pid}");
        using Stream output = _platform.OpenOutput(_options.OutputFile);
        using var writer = new WhereWriter(output, Colours);
        using IDisposable signals = _platform.HandleStopSignals(_stop.Request);
        // The start-up wait and the errors of -p PID: the same lifecycle, attached.
        using TargetLifecycle lifecycle = TargetLifecycle.Start(_platform, _options with { Pid = pid, Command = [] });
        PythonProcess python = lifecycle.WaitForPython(_stop);
        Log.Info($"Python {python.Version} found in process {pid}");
        // A free-threaded build has no GIL: the runtime's GIL fields, still there, name no holder of anything.
        python.WantGilHolder = !python.FreeThreaded;
        python.WantNativeIds = true;
        python.WantGc = true;
        try
        {
            _writer = writer;
            _process = lifecycle.Process;
            Report(python, lifecycle.Process);
            writer.Flush();
        }
        catch (IOException e) when (e.HResult == EPIPE)
        {
            Log.Info("output closed by the reader");   // `austin -w PID | head`: nothing more can be delivered
        }
        catch (IOException e)
        {
            string reason = e.HResult is > 0 and < 4096 ? Marshal.GetPInvokeErrorMessage(e.HResult) : ExceptionName.Of(e);
            throw new AustinException(ExitCodes.IoError, $"cannot write the stacks to {_options.OutputFile ?? "standard output"}: {reason}");
        }
        finally
        {
            Log.Info("====[ END ]====");
        }
        return ExitCodes.Ok;
    }

    private void Report(PythonProcess python, ITargetProcess process)
    {
        string version = python.FullVersion() ?? python.Version;
        var info = new WhereProcess(process.Pid, version, process.CommandLine(), python.ExposesGc, FreeThreaded: python.FreeThreaded);
        _writer!.BeginProcess(info);
        PythonSampleStatus status = python.Sample(this);
        if (status == PythonSampleStatus.Unreadable)
            throw new AustinException(ExitCodes.NoProcess, $"process {process.Pid} exited");
        if (status == PythonSampleStatus.NoInterpreter)
            _writer.BeginProcess(info with { NoInterpreter = true });
        _writer.EndProcess();
    }

    void IThreadSink.OnThread(in PythonThread thread)
    {
        ITargetProcess process = _process!;
        bool idle = thread.NativeThreadId != 0 && !process.IsThreadRunning(thread.NativeThreadId);
        _writer!.Write(new ThreadSample(process.Pid, thread.InterpreterId, thread.ThreadId, thread.NativeThreadId,
            thread.HoldsGil, idle, thread.IsBad, thread.Frames, default)
        {
            GilReleased = thread.GilReleased,
            GcCollecting = thread.GcCollecting,
        });
    }
}
