// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.IO;
using System.Runtime.InteropServices;
using Austin.Interop.MacOS;

namespace Austin.Platform.MacOS;

/// <summary>
/// macOS: task ports and mach_vm_read_overwrite, dyld's image list, Mach-O. Compiled for osx-x64 and osx-arm64 and
/// never run yet (no Mac here): README.md's platform table says what is verified.
/// </summary>
internal sealed unsafe class MacPlatform : IPlatform
{
    private static uint s_self;
    private static Mach.TimebaseInfo s_timebase;

    /// <summary>austin's own task port (mach_task_self()), for the calls that free what the kernel gave austin.</summary>
    public static uint SelfTask => s_self != 0 ? s_self : s_self = Mach.TaskSelfTrap();

    public MacPlatform()
    {
        Mach.MachTimebaseInfo(out s_timebase);
        if (s_timebase.Denom == 0) s_timebase = new Mach.TimebaseInfo { Numer = 1, Denom = 1 };
    }

    public ITargetProcess Launch(string[] command, bool discardStandardOutput, bool detachFromTerminal = false)
    {
        if (command.Length == 0 || command[0].Length == 0)
            throw new AustinException(ExitCodes.NotFound, "command not found: ''");
        if (command[0].Contains('/') && Directory.Exists(command[0]))
            throw new AustinException(ExitCodes.NotExecutable, $"cannot execute {command[0]}: it is a directory");
        int error = MacChildProcess.TrySpawn(command, discardStandardOutput, detachFromTerminal, out MacChildProcess? child);
        if (error == 0 && child is not null) return new MacTargetProcess(child.Pid, child);
        if (error == Errno.ENOENT || !MacChildProcess.CommandExists(command[0]))
            throw new AustinException(ExitCodes.NotFound, $"command not found: {command[0]}");
        throw new AustinException(ExitCodes.NotExecutable, $"cannot execute {command[0]}: {Marshal.GetPInvokeErrorMessage(error)}");
    }

    /// <summary>
    /// The runtime's own file streams: open(2)'s mode is a variadic argument, which a P/Invoke cannot pass on arm64
    /// Darwin (variadic arguments go on the stack there); the runtime's native shim opens with O_CLOEXEC and 0666.
    /// </summary>
    public Stream OpenOutput(string? path)
    {
        if (path is null) return Console.OpenStandardOutput();
        try
        {
            return new FileStream(File.OpenHandle(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite), FileAccess.Write, bufferSize: 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string reason = e switch
            {
                UnauthorizedAccessException when Directory.Exists(path) => "it is a directory",
                UnauthorizedAccessException => "permission denied",
                DirectoryNotFoundException => "no such directory",
                _ => e.Message,
            };
            throw new AustinException(ExitCodes.CantCreate, $"cannot write the output file {path}: {reason}");
        }
    }

    public bool StandardOutputIsTerminal() => Libc.Isatty(1) == 1;

    public bool StandardErrorIsTerminal() => Libc.Isatty(2) == 1;

    /// <summary>
    /// Not yet: the full-screen views' terminal (Linux/LinuxTerminal.cs) sets termios with Linux's struct and
    /// constants, which differ on Darwin (tcflag_t is 64-bit there). Without a terminal the views say so and stop.
    /// </summary>
    public ITerminal? OpenTerminal() => null;

    public ITargetProcess Attach(int pid)
    {
        if (pid <= 0 || (Libc.Kill(pid, 0) != 0 && Marshal.GetLastSystemError() == Errno.ESRCH))
            throw new AustinException(ExitCodes.NoProcess, $"no process with PID {pid}");
        return new MacTargetProcess(pid, null);
    }

    /// <summary>proc_listpids(PROC_PPID_ONLY) per parent, into a buffer on the stack: no allocation.</summary>
    public int ListChildren(ReadOnlySpan<int> parents, Span<int> children)
    {
        const int Room = 512;
        int* found = stackalloc int[Room];
        int count = 0;
        foreach (int parent in parents)
        {
            int bytes = Libproc.ProcListpids(Libproc.PROC_PPID_ONLY, (uint)parent, found, Room * sizeof(int));
            for (int i = 0; i < bytes / sizeof(int) && count < children.Length; i++)
                if (found[i] > 0) children[count++] = found[i];
        }
        return count;
    }

    /// <summary>Nothing to ask without privileges: the Mach scheduler has no per-thread slice austin could shorten.</summary>
    public void PreferPromptWakeUps()
    {
    }

    /// <summary>macOS has no CPU affinity (thread_policy_set's affinity tags are hints between threads, not CPUs).</summary>
    public bool TryGetThreadCpus(Span<ulong> cpus) => false;

    public void SetThreadCpus(ReadOnlySpan<ulong> cpus)
    {
    }

    public IDisposable HandleStopSignals(Action<StopSignal> handler) => new MacSignals(handler);

    public ITcpListener Listen(string host, int port) => SocketTcpListener.Listen(host, port);

    public LocalTime LocalNow() => LocalTime.From(System.DateTime.Now);

    public ISystemLog OpenSystemLog(string ident) => new MacSyslog(ident);

    /// <summary>ru_maxrss, which Darwin gives in bytes.</summary>
    public long PeakResidentKb()
    {
        byte* usage = stackalloc byte[Libc.RusageSize];
        return Libc.Getrusage(Libc.RUSAGE_SELF, usage) == 0 ? *(long*)(usage + Libc.MaxRssOffset) / 1024 : 0;
    }

    /// <summary>hw.memsize, as the C austin 3.x reads it on macOS.</summary>
    public long TotalMemoryKb()
    {
        ulong bytes = 0;
        nuint size = sizeof(ulong);
        return Libc.SysctlByName("hw.memsize", &bytes, ref size, null, 0) == 0 ? (long)(bytes / 1024) : 0;
    }

    public void SleepUntil(long deadlineNs)
    {
        // Nanoseconds of CLOCK_UPTIME_RAW back to mach_absolute_time ticks, the unit mach_wait_until takes.
        if (deadlineNs <= 0) return;
        ulong ticks = (ulong)((UInt128)(ulong)deadlineNs * s_timebase.Denom / s_timebase.Numer);
        Mach.MachWaitUntil(ticks);
    }

    public long NowNs() => (long)Libc.ClockGettimeNsecNp(Libc.CLOCK_UPTIME_RAW);
}
