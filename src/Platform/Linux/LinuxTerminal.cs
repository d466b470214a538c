// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Runtime.InteropServices;
using Austin.Interop.Linux;

namespace Austin.Platform.Linux;

/// <summary>
/// The terminal on standard input and output, through termios: raw mode is cfmakeraw's, the alternate screen and
/// the cursor are xterm's escape sequences (every terminal emulator and tmux know them). SIGWINCH sets a flag.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed unsafe class LinuxTerminal : ITerminal
{
    private const int In = 0, Out = 1;
    private readonly byte[] _saved = new byte[Libc.TermiosSize];
    private bool _raw;

    private LinuxTerminal()
    {
        PosixSignals.WatchResize(true);
    }

    /// <summary>The terminal, or null when standard input or output is not one.</summary>
    public static ITerminal? Open() =>
        Libc.Isatty(In) == 1 && Libc.Isatty(Out) == 1 ? new LinuxTerminal() : null;

    public void EnterFullScreen()
    {
        fixed (byte* saved = _saved)
        {
            if (Libc.TcGetAttr(In, saved) != 0)
                throw new AustinException(ExitCodes.Failure, $"cannot read the terminal's settings: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastSystemError())}");
            byte* raw = stackalloc byte[Libc.TermiosSize];
            new ReadOnlySpan<byte>(saved, Libc.TermiosSize).CopyTo(new Span<byte>(raw, Libc.TermiosSize));
            Libc.CfMakeRaw(raw);
            if (Libc.TcSetAttr(In, Libc.TCSAFLUSH, raw) != 0)
                throw new AustinException(ExitCodes.Failure, $"cannot put the terminal in raw mode: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastSystemError())}");
        }
        _raw = true;
        // The alternate screen (the shell's screen comes back as it was), cursor hidden, screen cleared.
        Write("\u001b[?1049h\u001b[?25l\u001b[H\u001b[2J"u8);
    }

    public (int Columns, int Rows) Size
    {
        get
        {
            Libc.WinSize size;
            if (Libc.IoctlWinSize(Out, Libc.TIOCGWINSZ, &size) != 0 || size.Columns == 0 || size.Rows == 0) return (80, 24);
            return (size.Columns, size.Rows);
        }
    }

    public bool TakeResized() => PosixSignals.TakeResized();

    public int ReadInput(Span<byte> buffer, int timeoutMs)
    {
        Libc.PollFd poll = new() { Fd = In, Events = Libc.POLLIN };
        int ready = Libc.Poll(&poll, 1, timeoutMs);
        if (ready <= 0) return 0;
        if ((poll.Revents & Libc.POLLIN) == 0) return -1;   // hung up
        fixed (byte* start = buffer)
        {
            nint n = Libc.Read(In, start, (nuint)buffer.Length);
            return n > 0 ? (int)n : n == 0 ? -1 : 0;
        }
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        fixed (byte* start = bytes)
        {
            int done = 0;
            while (done < bytes.Length)
            {
                nint n = Libc.Write(Out, start + done, (nuint)(bytes.Length - done));
                if (n > 0) done += (int)n;
                else if (n < 0 && Marshal.GetLastSystemError() == Errno.EINTR) continue;
                else return;   // a terminal that went away: nothing more to show
            }
        }
    }

    public void Dispose()
    {
        if (_raw)
        {
            Write("\u001b[0m\u001b[?25h\u001b[?1049l"u8);
            fixed (byte* saved = _saved) Libc.TcSetAttr(In, Libc.TCSAFLUSH, saved);
            _raw = false;
        }
        PosixSignals.WatchResize(false);
    }
}
