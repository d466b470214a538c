// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using Austin.Interop.Linux;

namespace Austin.Platform.Linux;

/// <summary>Linux: process_vm_readv, /proc, ELF.</summary>
internal sealed unsafe class LinuxPlatform : IPlatform
{
    public LinuxPlatform()
    {
        // The kernel may delay a timer by the thread's "slack" (50 us by default) to batch wake-ups; at
        // intervals of tens of microseconds that would be the whole interval. Ask for 1 ns.
        Libc.Prctl(Libc.PR_SET_TIMERSLACK, 1);
    }

    public ITargetProcess Launch(string[] command)
    {
        if (command.Length == 0 || command[0].Length == 0)
            throw new AustinException(ExitCodes.NotFound, "command not found: ''");
        var start = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            RedirectStandardInput = false,
            RedirectStandardOutput = false,
            RedirectStandardError = false,
        };
        for (int i = 1; i < command.Length; i++) start.ArgumentList.Add(command[i]);
        try
        {
            Process process = Process.Start(start) ?? throw new AustinException(ExitCodes.Failure, $"cannot start {command[0]}");
            return new LinuxTargetProcess(process.Id, process);
        }
        catch (Win32Exception) when (command[0].Contains('/') && Directory.Exists(command[0]))
        {
            throw new AustinException(ExitCodes.NotExecutable, $"cannot execute {command[0]}: it is a directory");
        }
        catch (Win32Exception e) when (e.NativeErrorCode == Errno.ENOENT || !CommandExists(command[0]))
        {
            throw new AustinException(ExitCodes.NotFound, $"command not found: {command[0]}");
        }
        catch (Win32Exception e)
        {
            throw new AustinException(ExitCodes.NotExecutable, $"cannot execute {command[0]}: {Describe(e.NativeErrorCode)}");
        }
    }

    public ITargetProcess Attach(int pid)
    {
        if (pid <= 0 || (Libc.Kill(pid, 0) != 0 && Marshal.GetLastSystemError() == Errno.ESRCH) || !Directory.Exists($"/proc/{pid}"))
            throw new AustinException(ExitCodes.NoProcess, $"no process with PID {pid}");
        return new LinuxTargetProcess(pid, null);
    }

    public void SleepUntil(long deadlineNs)
    {
        Libc.TimeSpec ts = new() { Seconds = deadlineNs / 1_000_000_000, Nanoseconds = deadlineNs % 1_000_000_000 };
        // EINTR (a signal) simply ends the sleep early; the loop re-checks its state.
        Libc.ClockNanosleep(Libc.CLOCK_MONOTONIC, Libc.TIMER_ABSTIME, &ts, null);
    }

    public long NowNs()
    {
        Libc.TimeSpec ts;
        Libc.ClockGettime(Libc.CLOCK_MONOTONIC, &ts);
        return ts.Seconds * 1_000_000_000 + ts.Nanoseconds;
    }

    /// <summary>Whether the name resolves to an existing file, directly or through PATH (to tell "not found" from "not executable").</summary>
    private static bool CommandExists(string name)
    {
        if (name.Contains('/')) return File.Exists(name);
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            if (File.Exists(Path.Combine(dir, name))) return true;
        return false;
    }

    private static string Describe(int errno) => errno switch
    {
        Errno.EACCES => "permission denied",
        Errno.ENOENT => "no such file",
        _ => $"error {errno}",
    };
}
