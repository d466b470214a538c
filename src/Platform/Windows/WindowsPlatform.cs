// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using Austin.Interop.Windows;

namespace Austin.Platform.Windows;

/// <summary>Windows: ReadProcessMemory, psapi's module list, PE export tables, CreateProcess, a console control handler.</summary>
internal sealed unsafe class WindowsPlatform : IPlatform
{
    /// <summary>
    /// What a sampler needs of a process it attaches to, and no more: read its memory, list its modules and name its
    /// executable (PROCESS_QUERY_LIMITED_INFORMATION is enough for both since Windows 8), and wait for its end.
    /// </summary>
    public const uint AttachRights = Kernel32.PROCESS_VM_READ | Kernel32.PROCESS_QUERY_LIMITED_INFORMATION | Kernel32.SYNCHRONIZE;

    [ThreadStatic] private static nint t_timer;

    public ITargetProcess Launch(string[] command, bool discardStandardOutput, bool detachFromTerminal = false)
    {
        if (command.Length == 0 || command[0].Length == 0)
            throw new AustinException(ExitCodes.NotFound, "command not found: ''");
        if (Directory.Exists(command[0]))
            throw new AustinException(ExitCodes.NotExecutable, $"cannot execute {command[0]}: it is a directory");
        int error = WindowsChildProcess.TryStart(command, discardStandardOutput, detachFromTerminal, out Kernel32.ProcessInformation child);
        if (error == 0) return new WindowsTargetProcess(child.dwProcessId, child.hProcess, launched: true);
        if (error is Win32Error.ERROR_FILE_NOT_FOUND or Win32Error.ERROR_PATH_NOT_FOUND)
            throw new AustinException(ExitCodes.NotFound, $"command not found: {command[0]}");
        throw new AustinException(ExitCodes.NotExecutable, $"cannot execute {command[0]}: {Marshal.GetPInvokeErrorMessage(error)}");
    }

    public Stream OpenOutput(string? path)
    {
        if (path is null) return Console.OpenStandardOutput();
        try
        {
            return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
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

    public bool StandardOutputIsTerminal() => !Console.IsOutputRedirected;

    public bool StandardErrorIsTerminal() => !Console.IsErrorRedirected;

    /// <summary>No full-screen view on Windows yet: the console's raw mode is not written.</summary>
    public ITerminal? OpenTerminal() => null;

    public ITargetProcess Attach(int pid)
    {
        nint handle = pid > 0 ? Kernel32.OpenProcess(AttachRights, false, pid) : 0;
        if (handle != 0) return new WindowsTargetProcess(pid, handle, launched: false);
        int error = pid > 0 ? Marshal.GetLastPInvokeError() : Win32Error.ERROR_INVALID_PARAMETER;
        if (error == Win32Error.ERROR_ACCESS_DENIED)
            throw new AustinException(ExitCodes.NoPermission,
                $"permission denied opening process {pid}: run austin as the process's user, or as an administrator");
        throw new AustinException(ExitCodes.NoProcess, $"no process with PID {pid}");
    }

    private byte[] _processList = new byte[256 * 1024];

    /// <summary>From the system's process list: each process names the PID of the one that created it.</summary>
    public int ListChildren(ReadOnlySpan<int> parents, Span<int> children) =>
        ThreadStates.Query(ref _processList) ? ThreadStates.Children(_processList, parents, children) : 0;

    /// <summary>Nothing to ask for: Windows boosts a thread whose wait ends, and austin's timer is a high-resolution one.</summary>
    public void PreferPromptWakeUps() { }

    /// <summary>Not read on Windows (processor groups make it another question): CPU placement stays off.</summary>
    public bool TryGetThreadCpus(Span<ulong> cpus) => false;

    public void SetThreadCpus(ReadOnlySpan<ulong> cpus) { }

    public IDisposable HandleStopSignals(Action<StopSignal> handler) => new ConsoleControlSignals(handler);

    public long PeakResidentKb()
    {
        Kernel32.ProcessMemoryCounters counters = default;
        counters.cb = (uint)sizeof(Kernel32.ProcessMemoryCounters);
        return Kernel32.GetProcessMemoryInfo(Kernel32.CurrentProcess, &counters, counters.cb) ? (long)(counters.PeakWorkingSetSize / 1024) : 0;
    }

    public long TotalMemoryKb()
    {
        Kernel32.MemoryStatusEx status = default;
        status.dwLength = (uint)sizeof(Kernel32.MemoryStatusEx);
        return Kernel32.GlobalMemoryStatusEx(&status) ? (long)(status.ullTotalPhys / 1024) : 0;
    }

    public ITcpListener Listen(string host, int port) => SocketTcpListener.Listen(host, port);

    public LocalTime LocalNow() => LocalTime.From(System.DateTime.Now);

    public ISystemLog OpenSystemLog(string ident) => new TempFileLog(ident);

    /// <summary>QueryPerformanceCounter (what Stopwatch reads), in nanoseconds.</summary>
    public long NowNs() => (long)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency));

    /// <summary>
    /// A waitable timer per sampling thread, high-resolution where Windows has them (10 1803+); Sleep() would round
    /// every interval up to the clock tick (15.6 ms unless some program asked for less).
    /// </summary>
    public void SleepUntil(long deadlineNs)
    {
        long remaining = deadlineNs - NowNs();
        if (remaining <= 0) return;
        if (t_timer == 0)
        {
            t_timer = Kernel32.CreateWaitableTimerEx(null, null, Kernel32.CREATE_WAITABLE_TIMER_HIGH_RESOLUTION, Kernel32.TIMER_ALL_ACCESS);
            if (t_timer == 0) t_timer = Kernel32.CreateWaitableTimerEx(null, null, 0, Kernel32.TIMER_ALL_ACCESS);
        }
        long due = -Math.Max(1, remaining / 100);   // relative, in 100 ns units
        if (t_timer != 0 && Kernel32.SetWaitableTimer(t_timer, due, 0, null, null, false))
            Kernel32.WaitForSingleObject(t_timer, Kernel32.INFINITE);
        else
            System.Threading.Thread.Sleep(TimeSpan.FromTicks(Math.Max(1, remaining / 100)));
    }
}
