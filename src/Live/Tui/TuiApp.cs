// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using Austin.Output;
using Austin.Platform;
using Austin.Sampling;

namespace Austin.Live.Tui;

/// <summary>
/// austin-tui: the full-screen view of a process while it is sampled. The sampler runs on its own thread
/// (<see cref="LiveRun"/>); this loop, on the main thread, asks it for a snapshot twice a second, reads keys in
/// between and redraws on a key, a new snapshot or a resize. Whatever happens, the terminal is put back as it was
/// before anything is printed.
/// </summary>
internal sealed class TuiApp
{
    /// <summary>How often the view asks for new samples.</summary>
    public const int RefreshMs = 500;

    /// <summary>The "last seconds" of the top table.</summary>
    public const double RecentSeconds = 5;

    private readonly AustinOptions _options;
    private readonly IPlatform _platform;
    private readonly ITerminal _terminal;
    private readonly LiveRun _run;
    private readonly TuiState _state = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Queue<(double Time, long[] Own, long Stacks)> _history = new();
    private LiveSnapshot? _shown;
    private long[]? _recent;
    private double _rate;
    private bool _quit;

    private TuiApp(AustinOptions options, IPlatform platform, ITerminal terminal, LiveRun run)
    {
        _options = options;
        _platform = platform;
        _terminal = terminal;
        _run = run;
    }

    public static int Run(AustinOptions options, IPlatform platform, TextWriter stderr)
    {
        ITerminal terminal = platform.OpenTerminal()
            ?? throw new AustinException(ExitCodes.Usage, "austin-tui needs a terminal, and standard input or output is not one (austin writes samples without one)");
        // What the session would print while the screen is taken (the summary, warnings) waits until it is given back.
        var diagnostics = new StringWriter();
        var run = new LiveRun(options, platform, TextWriter.Synchronized(diagnostics));
        using (terminal)
        {
            terminal.EnterFullScreen();
            run.Start();
            new TuiApp(options, platform, terminal, run).Loop();
            if (!run.Finished) run.Stop();
            // The sampler flushes and tells the command; the screen stays until it has.
            while (!run.Finished) System.Threading.Thread.Sleep(10);
        }
        stderr.Write(diagnostics.ToString());
        return run.Join();
    }

    private void Loop()
    {
        Span<byte> input = stackalloc byte[64];
        double nextRefresh = 0;
        (int Columns, int Rows) size = _terminal.Size;
        Draw(size);
        while (!_quit)
        {
            if (_run.Failed || (_run.Finished && _run.StopRequested)) return;
            bool redraw = false;
            if (_terminal.TakeResized())
            {
                size = _terminal.Size;
                _terminal.Write("\u001b[2J"u8);
                redraw = true;
            }
            double now = _clock.Elapsed.TotalSeconds;
            LiveTap? tap = _run.Tap;
            if (tap is not null && now >= nextRefresh)
            {
                nextRefresh = now + RefreshMs / 1000.0;
                if (!_state.Paused) tap.Refresh(0);
                redraw = true;
            }
            if (tap?.Latest is LiveSnapshot latest && !_state.Paused && latest.Serial != _shown?.Serial)
            {
                Take(latest, now);
                redraw = true;
            }
            int n = _terminal.ReadInput(input, 50);
            if (n < 0) return;   // the terminal is gone
            if (n > 0)
            {
                OnKeys(input[..n]);
                redraw = true;
            }
            if (redraw && !_quit) Draw(size);
        }
    }

    private void Take(LiveSnapshot snapshot, double now)
    {
        _shown = snapshot;
        long[] own = ProfileView.OwnValues(snapshot.Tree, snapshot.Mode);
        _history.Enqueue((now, own, snapshot.Tree.Samples));
        while (_history.Count > 1 && now - _history.Peek().Time > RecentSeconds) _history.Dequeue();
        (double time, long[] old, long stacks) = _history.Peek();
        _recent = new long[own.Length];
        for (int i = 0; i < own.Length; i++) _recent[i] = own[i] - (i < old.Length ? old[i] : 0);
        _rate = now > time ? (snapshot.Tree.Samples - stacks) / (now - time) : 0;
    }

    private void Draw((int Columns, int Rows) size)
    {
        string state = _state.Paused ? "PAUSED" : _shown is { Ended: true } ? "ENDED" : _shown is null ? "STARTING" : "RUNNING";
        var figures = new TuiFigures(_clock.Elapsed.TotalSeconds, _rate, RecentSeconds, state);
        string[] screen = TuiView.Render(_shown, _state, _recent, figures, Title(), size.Columns, size.Rows);
        _terminal.Write(TuiView.Draw(screen));
    }

    private string Title() => _options.Pid is int pid ? $"pid {pid}" : string.Join(' ', _options.Command);

    private void OnKeys(ReadOnlySpan<byte> keys)
    {
        for (int i = 0; i < keys.Length; i++)
        {
            byte key = keys[i];
            if (key == 0x1b)
            {
                // CSI sequences: ESC [ A/B (arrows), ESC [ 5 ~ / ESC [ 6 ~ (PgUp/PgDn); a lone ESC cancels.
                if (i + 2 < keys.Length && keys[i + 1] == '[')
                {
                    byte code = keys[i + 2];
                    i += 2;
                    if (code is (byte)'5' or (byte)'6' && i + 1 < keys.Length && keys[i + 1] == '~') i++;
                    OnSequence(code);
                }
                else
                {
                    _state.Saving = false;
                }
                continue;
            }
            OnKey(key);
            if (_quit) return;
        }
    }

    private void OnSequence(byte code)
    {
        _state.Message = null;
        switch (code)
        {
            case (byte)'A': _state.Thread--; _state.StackOffset = 0; break;
            case (byte)'B': _state.Thread++; _state.StackOffset = 0; break;
            case (byte)'5': _state.PageUp(); break;
            case (byte)'6': _state.PageDown(); break;
        }
        if (_state.Thread < 0) _state.Thread = 0;
    }

    private void OnKey(byte key)
    {
        _state.Message = null;
        if (_state.Saving)
        {
            _state.Saving = false;
            if (key >= '1' && key < '1' + OutputFormats.All.Count) Save(OutputFormats.All[key - '1'].Format);
            return;
        }
        switch (key)
        {
            case (byte)'q' or (byte)'Q' or 0x03: _quit = true; break;   // 0x03: Ctrl+C, a key in raw mode
            case (byte)'p' or (byte)'P' or (byte)' ': _state.Paused = !_state.Paused; break;
            case (byte)'s' or (byte)'S': _state.Saving = _run.Tap is not null; break;
            case (byte)'r' or (byte)'R': _state.SortByRecent = !_state.SortByRecent; break;
        }
    }

    private void Save(OutputFormat format)
    {
        LiveSnapshot? snapshot = _run.Tap?.Refresh(1000);
        if (snapshot is null) return;
        int pid = _options.Pid ?? (ProfileView.Processes(snapshot.Tree) is { Count: > 0 } pids ? pids[0] : 0);
        string file = $"austin-{pid}-{_platform.LocalNow().Format("yyyyMMdd-HHmmss")}{ProfileView.FileEnding(format)}";
        try
        {
            using Stream output = _platform.OpenOutput(file);
            ProfileView.Export(snapshot, format, output);
            _state.Message = $"saved {snapshot.Tree.Samples} stacks to {file}";
        }
        catch (Exception e) when (e is AustinException or IOException)
        {
            _state.Message = $"cannot save: {e.Message}";
        }
    }
}
