// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.IO;
using System.Runtime.ExceptionServices;
using System.Threading;
using Austin.Output;
using Austin.Platform;
using Austin.Sampling;

namespace Austin.Live;

/// <summary>
/// A sampling session on a thread of its own, for a live view that runs on the main thread: the view reads the
/// session's <see cref="LiveTap"/> and never blocks the sampler; the sampler never waits for the view.
/// </summary>
internal sealed class LiveRun
{
    private readonly SamplingSession _session;
    private readonly Thread _thread;
    private int _exitCode = -1;
    private ExceptionDispatchInfo? _failure;

    public LiveRun(AustinOptions options, IPlatform platform, TextWriter diagnostics)
    {
        _session = new SamplingSession(options, platform, diagnostics);
        _thread = new Thread(Run) { Name = "austin sampler", IsBackground = true };
    }

    public void Start() => _thread.Start();

    /// <summary>The samples so far (null until the output is open).</summary>
    public LiveTap? Tap => _session.Live;

    /// <summary>Whether the session has returned or failed.</summary>
    public bool Finished => Volatile.Read(ref _exitCode) >= 0;

    /// <summary>Whether it failed before sampling started (no Python, a command not found...): the view has nothing to show.</summary>
    public bool Failed => _failure is not null;

    /// <summary>Whether a signal (SIGINT, SIGTERM) asked austin to stop.</summary>
    public bool StopRequested => _session.StopRequested;

    /// <summary>Stops sampling as Ctrl+C would, and tells a launched command.</summary>
    public void Stop() => _session.RequestStop(StopSignal.Interrupt);

    /// <summary>Waits for the session and returns its exit status, or throws what it threw.</summary>
    public int Join()
    {
        _thread.Join();
        _failure?.Throw();
        return _exitCode;
    }

    private void Run()
    {
        int code = ExitCodes.Internal;
        try
        {
            code = _session.Run();
        }
        catch (Exception e)
        {
            _failure = ExceptionDispatchInfo.Capture(e);
            code = e is AustinException austin ? austin.ExitCode : ExitCodes.Internal;
        }
        finally
        {
            Volatile.Write(ref _exitCode, code);
        }
    }
}
