// SPDX-License-Identifier: GPL-3.0-or-later
using System;
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

    public ITargetProcess Launch(string[] command, bool discardStandardOutput, bool detachFromTerminal = false)
    {
        if (command.Length == 0 || command[0].Length == 0)
            throw new AustinException(ExitCodes.NotFound, "command not found: ''");
        if (command[0].Contains('/') && Directory.Exists(command[0]))
            throw new AustinException(ExitCodes.NotExecutable, $"cannot execute {command[0]}: it is a directory");
        int error = ChildProcess.TrySpawn(command, discardStandardOutput, detachFromTerminal, out ChildProcess? child);
        if (error == 0 && child is not null) return new LinuxTargetProcess(child.Pid, child);
        if (error == Errno.ENOENT || !ChildProcess.CommandExists(command[0]))
            throw new AustinException(ExitCodes.NotFound, $"command not found: {command[0]}");
        throw new AustinException(ExitCodes.NotExecutable, $"cannot execute {command[0]}: {Describe(error)}");
    }

    public Stream OpenOutput(string? path)
    {
        if (path is null) return new FileDescriptorStream(1, ownsDescriptor: false);
        // open(2) with O_TRUNC, like the C austin's fopen(path, "w"); O_CLOEXEC: the profiled program does not inherit it.
        int fd;
        fixed (byte* name = System.Text.Encoding.UTF8.GetBytes(path + "\0"))
            fd = Libc.Open(name, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_TRUNC | Libc.O_CLOEXEC, 0x1b6 /* 0666, less the umask */);
        if (fd < 0)
        {
            int errno = Marshal.GetLastSystemError();
            string reason = errno switch
            {
                Errno.EISDIR => "it is a directory",
                Errno.ENOENT => "no such directory",   // O_CREAT: only a missing directory on the path gives ENOENT
                Errno.EACCES => "permission denied",
                _ => Marshal.GetPInvokeErrorMessage(errno),
            };
            throw new AustinException(ExitCodes.CantCreate, $"cannot write the output file {path}: {reason}");
        }
        return new FileDescriptorStream(fd, ownsDescriptor: true);
    }

    public bool StandardOutputIsTerminal() => Libc.Isatty(1) == 1;

    public ITargetProcess Attach(int pid)
    {
        if (pid <= 0 || (Libc.Kill(pid, 0) != 0 && Marshal.GetLastSystemError() == Errno.ESRCH) || !Directory.Exists($"/proc/{pid}"))
            throw new AustinException(ExitCodes.NoProcess, $"no process with PID {pid}");
        return new LinuxTargetProcess(pid, null);
    }

    public int ListChildren(ReadOnlySpan<int> parents, Span<int> children) => ProcChildren.List(parents, children);

    public void PreferPromptWakeUps()
    {
        // Linux 6.12+ (EEVDF): a thread may ask for a shorter slice than the default 3 ms, without privileges, and a
        // waking thread with a shorter slice preempts the running one (PREEMPT_SHORT). austin runs for microseconds
        // per sample: a 0.1 ms slice is what it uses. Without it, when austin's wake-up lands on the CPU where the
        // target runs a short burst, austin waits for the burst to end and samples the target asleep (a loop of 40 us
        // of work and a 1 ms sleep was seen at 0.1-1.5 % against a true 3-5 %; with it, within a point). Older
        // kernels ignore the slice; only this thread gets it (the target was started before, and inherits nothing).
        // The system call has no glibc wrapper, and its number is the architecture's.
        nint number = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => Libc.SYS_sched_setattr_x64,
            Architecture.Arm64 => Libc.SYS_sched_setattr_arm64,
            _ => 0,
        };
        if (number == 0) return;
        var attributes = new Libc.SchedAttr { Size = (uint)sizeof(Libc.SchedAttr), SchedRuntime = 100_000 };
        Libc.SyscallSchedSetattr(number, 0, &attributes, 0);
    }

    public bool TryGetThreadCpus(Span<ulong> cpus)
    {
        fixed (ulong* mask = cpus)
            return Libc.SchedGetaffinity(0, (nuint)(cpus.Length * sizeof(ulong)), mask) >= 0;
    }

    public void SetThreadCpus(ReadOnlySpan<ulong> cpus)
    {
        fixed (ulong* mask = cpus)
            Libc.SchedSetaffinity(0, (nuint)(cpus.Length * sizeof(ulong)), mask);
    }

    public IDisposable HandleStopSignals(Action<StopSignal> handler) => new LinuxSignals(handler);

    public ITcpListener Listen(string host, int port) => LinuxTcpListener.Listen(host, port);

    public LocalTime LocalNow()
    {
        Libc.TimeSpec ts;
        Libc.ClockGettime(Libc.CLOCK_REALTIME, &ts);
        long seconds = ts.Seconds;
        Libc.Tm tm;
        if (Libc.LocaltimeR(&seconds, &tm) == null) return default;
        return new(tm.Year + 1900, tm.Mon + 1, tm.MDay, tm.Hour, tm.Min, tm.Sec, (int)(ts.Nanoseconds / 1_000_000));
    }

    public ISystemLog OpenSystemLog(string ident) => new Syslog(ident);

    public ITerminal? OpenTerminal() => OperatingSystem.IsWindows() ? null : LinuxTerminal.Open();

    public bool StandardErrorIsTerminal() => Libc.Isatty(2) == 1;

    /// <summary>VmHWM of austin itself, from /proc/self/status (0 when unknown).</summary>
    public long PeakResidentKb() => MemInfoKb("/proc/self/status", "VmHWM:");

    /// <summary>MemTotal of /proc/meminfo: the kernel's total RAM, what sysconf(_SC_PHYS_PAGES) pages make too.</summary>
    public long TotalMemoryKb() => MemInfoKb("/proc/meminfo", "MemTotal:");

    private static long MemInfoKb(string file, string key)
    {
        try
        {
            foreach (string line in File.ReadLines(file))
                if (line.StartsWith(key, StringComparison.Ordinal) &&
                    long.TryParse(line.AsSpan(key.Length).Trim().TrimEnd("kB").Trim(), out long kb))
                    return kb;
        }
        catch (IOException) { }
        return 0;
    }

    /// <summary>Waits shorter than this are spun rather than slept (see <see cref="SleepUntil"/>); -1 until measured.</summary>
    private long _spinBelowNs = -1;

    /// <summary>The most a wait is ever spun: beyond it a sleep costs less than the spin, however slow sleeping is.</summary>
    public const long MaxSpinNs = 50_000;

    public void SleepUntil(long deadlineNs)
    {
        long now = NowNs();
        if (deadlineNs <= now) return;
        if (_spinBelowNs < 0) _spinBelowNs = MeasureSleepOvershoot();
        // A sleep wakes late by its own overshoot whatever it asked for, and costs about as much CPU: in a virtual
        // machine, arming the timer and waking up exits to the hypervisor (here 26 - 40 us of CPU for a 1 - 10 us
        // sleep). A wait shorter than that is spun: it ends on time, and costs no more CPU than the sleep would.
        if (deadlineNs - now < _spinBelowNs)
        {
            while (NowNs() < deadlineNs) System.Threading.Thread.SpinWait(1);
            return;
        }
        Libc.TimeSpec ts = new() { Seconds = deadlineNs / 1_000_000_000, Nanoseconds = deadlineNs % 1_000_000_000 };
        // EINTR (a signal) simply ends the sleep early; the loop re-checks its state.
        Libc.ClockNanosleep(Libc.CLOCK_MONOTONIC, Libc.TIMER_ABSTIME, &ts, null);
    }

    /// <summary>
    /// How late a 1 us sleep wakes on this machine, the least of a few (a busy machine only adds to it), capped at
    /// <see cref="MaxSpinNs"/>: a few microseconds on bare metal, tens in a virtual machine.
    /// </summary>
    private long MeasureSleepOvershoot()
    {
        long least = long.MaxValue;
        Libc.TimeSpec nap = new() { Seconds = 0, Nanoseconds = 1000 };
        for (int i = 0; i < 8; i++)
        {
            long before = NowNs();
            Libc.ClockNanosleep(Libc.CLOCK_MONOTONIC, 0, &nap, null);
            least = Math.Min(least, NowNs() - before - 1000);
        }
        return Math.Clamp(least, 0, MaxSpinNs);
    }

    public long NowNs()
    {
        Libc.TimeSpec ts;
        Libc.ClockGettime(Libc.CLOCK_MONOTONIC, &ts);
        return ts.Seconds * 1_000_000_000 + ts.Nanoseconds;
    }

    private static string Describe(int errno) => errno switch
    {
        Errno.EACCES => "permission denied",
        Errno.ENOENT => "no such file",
        _ => Marshal.GetPInvokeErrorMessage(errno),
    };
}
