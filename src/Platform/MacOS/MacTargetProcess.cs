// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;
using Austin.Binary;
using Austin.Interop.MacOS;

namespace Austin.Platform.MacOS;

/// <summary>A macOS process: its task port (task_for_pid), dyld's image list, Mach-O symbol tables.</summary>
internal sealed unsafe class MacTargetProcess : ITargetProcess
{
    private readonly MacChildProcess? _child;
    private readonly uint _task;
    private readonly int _taskResult;
    private readonly MacProcessMemory _memory;
    private readonly MacThreads _threads;
    private readonly Dictionary<string, IModuleSymbols?> _symbols = new();

    public MacTargetProcess(int pid, MacChildProcess? child)
    {
        Pid = pid;
        _child = child;
        _taskResult = Mach.TaskForPid(MacPlatform.SelfTask, pid, out _task);
        if (_taskResult != KernReturn.KERN_SUCCESS) _task = 0;
        _memory = new MacProcessMemory(_task);
        _threads = new MacThreads(_task);
    }

    public int Pid { get; }

    public IProcessMemory Memory => _memory;

    public TargetOs Os => TargetOs.MacOS;

    /// <summary>
    /// austin's own. A Mac with Apple silicon runs x86-64 programs under Rosetta 2: an arm64 austin reading one would
    /// need the x86-64 ABI, which is not chosen from the target yet (unverified, as all of this layer: see README.md).
    /// </summary>
    public Architecture Architecture => RuntimeInformation.ProcessArchitecture;

    public bool HasExited => _child is not null ? _child.HasExited : Libc.Kill(Pid, 0) != 0 && Marshal.GetLastSystemError() == Errno.ESRCH;

    public int? ExitCode => _child?.ExitCode;

    public string? ExecutablePath
    {
        get
        {
            byte* path = stackalloc byte[Libproc.PROC_PIDPATHINFO_MAXSIZE];
            int length = Libproc.ProcPidpath(Pid, path, Libproc.PROC_PIDPATHINFO_MAXSIZE);
            return length > 0 ? Encoding.UTF8.GetString(path, length) : null;
        }
    }

    /// <summary>proc_pidpath into the stack, compared byte for byte: no allocation.</summary>
    public bool RunsExecutable(string? path)
    {
        if (path is null) return false;
        byte* actual = stackalloc byte[Libproc.PROC_PIDPATHINFO_MAXSIZE];
        int length = Libproc.ProcPidpath(Pid, actual, Libproc.PROC_PIDPATHINFO_MAXSIZE);
        if (length <= 0 || Encoding.UTF8.GetByteCount(path) != length) return false;
        Span<byte> expected = stackalloc byte[length];
        Encoding.UTF8.GetBytes(path, expected);
        return new ReadOnlySpan<byte>(actual, length).SequenceEqual(expected);
    }

    public INativeThreadIds NativeThreadIds => _threads;

    public bool HasThread(int tid) => _threads.HasThread((ulong)tid);

    public bool IsThreadRunning(ulong tid) => _threads.IsRunning(tid);

    public bool MarkThreadCpus(Span<ulong> cpus) => false;

    public void Forward(StopSignal signal)
    {
        if (_child is not null && !_child.HasExited) Libc.Kill(Pid, signal == StopSignal.Interrupt ? Libc.SIGINT : Libc.SIGTERM);
    }

    public bool TryReadResidentKb(out long kb)
    {
        byte* info = stackalloc byte[Libproc.ProcTaskInfoSize];
        kb = 0;
        if (Libproc.ProcPidinfo(Pid, Libproc.PROC_PIDTASKINFO, 0, info, Libproc.ProcTaskInfoSize) != Libproc.ProcTaskInfoSize) return false;
        kb = (long)(*(ulong*)(info + Libproc.ResidentSizeOffset) / 1024);
        return true;
    }

    public void CheckReadable()
    {
        if (_taskResult == KernReturn.KERN_SUCCESS)
        {
            Span<byte> probe = stackalloc byte[8];
            foreach (LoadedModule module in Modules())
                if (_memory.TryRead(module.LowestAddress, probe)) return;
            return;
        }
        string hint = Environment.IsPrivilegedProcess
            ? $"permission denied reading process {Pid}, even as root (task_for_pid: {_taskResult}): macOS protects it (System Integrity Protection, or a hardened runtime without the get-task-allow entitlement; Apple's /usr/bin/python3 is one)"
            : $"permission denied reading process {Pid} (task_for_pid: {_taskResult}): run austin with sudo";
        throw new AustinException(ExitCodes.NoPermission, hint);
    }

    public IReadOnlyList<LoadedModule> Modules()
    {
        List<LoadedModule> modules = DyldImages.Read(_task, _memory);
        if (modules.Count > 0) return modules;
        // Before dyld has written its list (a process just spawned), the region walk names the mapped files.
        var lowest = new Dictionary<string, ulong>();
        foreach (MachRegion region in MachRegions.Read(_task, Pid))
            if (region.Path is { } path && (!lowest.TryGetValue(path, out ulong low) || region.Start < low)) lowest[path] = region.Start;
        foreach (KeyValuePair<string, ulong> kv in lowest) modules.Add(new LoadedModule(kv.Key, kv.Value));
        return modules;
    }

    public IModuleSymbols? OpenSymbols(LoadedModule module)
    {
        if (_symbols.TryGetValue(module.Path, out IModuleSymbols? cached) && cached?.Module == module) return cached;
        (cached as IDisposable)?.Dispose();
        IModuleSymbols? symbols = null;
        // Images of the dyld shared cache (the system's libraries) have no file of their own: they do not open, and
        // CPython is never among them.
        if (MachOFile.TryOpen(module.Path, MachOFile.CpuTypeOf(Architecture), out MachOFile? file) == MachOStatus.Ok)
        {
            symbols = MachOModuleSymbols.Of(module, file!);
            if (symbols is null) file!.Dispose();
        }
        _symbols[module.Path] = symbols;
        return symbols;
    }

    public ulong DecodeGetter(ulong function) => Architecture switch
    {
        Architecture.X64 => X64Getters.Decode(_memory, function),
        Architecture.Arm64 => Arm64Getters.Decode(_memory, function),
        _ => 0,
    };

    public IReadOnlyList<(ulong Start, ulong End)> WritableRegions(LoadedModule module)
    {
        var regions = new List<(ulong, ulong)>();
        bool previousWasModule = false;
        foreach (MachRegion region in MachRegions.Read(_task, Pid))
        {
            bool isModule = region.Path == module.Path;
            if ((isModule || (previousWasModule && region.Path is null)) && (region.Protection & Mach.VM_PROT_WRITE) != 0)
                regions.Add((region.Start, region.End));
            previousWasModule = isModule;
        }
        return regions;
    }

    public bool WaitForExit(int milliseconds)
    {
        if (_child is not null) return _child.WaitForExit(milliseconds);
        long until = Environment.TickCount64 + milliseconds;
        while (!HasExited && Environment.TickCount64 < until) System.Threading.Thread.Sleep(10);
        return HasExited;
    }

    public void Terminate()
    {
        if (_child is null || _child.HasExited) return;
        Libc.Kill(Pid, Libc.SIGTERM);
        if (!_child.WaitForExit(1000))
        {
            Libc.Kill(Pid, Libc.SIGKILL);
            _child.WaitForExit(1000);
        }
    }

    public void Dispose()
    {
        foreach (IModuleSymbols? symbols in _symbols.Values) (symbols as IDisposable)?.Dispose();
        _symbols.Clear();
        if (_task != 0) Mach.MachPortDeallocate(MacPlatform.SelfTask, _task);
    }
}
