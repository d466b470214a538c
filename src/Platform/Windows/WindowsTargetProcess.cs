// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Austin.Binary;
using Austin.Interop.Windows;

namespace Austin.Platform.Windows;

/// <summary>
/// A Windows process: memory through ReadProcessMemory, modules through EnumProcessModulesEx and the PE export
/// tables of their files. Launched processes come with CreateProcess's handle (all rights); attached ones are
/// opened with the least rights a sampler needs (see <see cref="WindowsPlatform.Attach"/>).
/// </summary>
internal sealed unsafe class WindowsTargetProcess : ITargetProcess
{
    private readonly nint _handle;
    private readonly bool _launched;
    private readonly WindowsProcessMemory _memory;
    private readonly Dictionary<string, IModuleSymbols?> _symbols = new(StringComparer.OrdinalIgnoreCase);
    private readonly ThreadStates _threadStates;
    private uint? _exitCode;

    public WindowsTargetProcess(int pid, nint handle, bool launched)
    {
        Pid = pid;
        _handle = handle;
        _launched = launched;
        _memory = new WindowsProcessMemory(handle);
        _threadStates = new ThreadStates(pid);
    }

    public int Pid { get; }

    public IProcessMemory Memory => _memory;

    public TargetOs Os => TargetOs.Windows;

    /// <summary>austin reads 64-bit processes of its own architecture.</summary>
    public Architecture Architecture => RuntimeInformation.ProcessArchitecture;

    public INativeThreadIds NativeThreadIds => WindowsThreadIds.Instance;

    public bool HasExited => Kernel32.WaitForSingleObject(_handle, 0) == Kernel32.WAIT_OBJECT_0;

    public int? ExitCode
    {
        get
        {
            if (!_launched || !HasExited) return null;
            if (_exitCode is null && Kernel32.GetExitCodeProcess(_handle, out uint code)) _exitCode = code;
            return _exitCode is uint c ? (int)c : null;
        }
    }

    public string? ExecutablePath
    {
        get
        {
            char* path = stackalloc char[32768];
            uint size = 32768;
            return Kernel32.QueryFullProcessImageName(_handle, 0, path, ref size) ? new string(path, 0, (int)size) : null;
        }
    }

    public bool RunsExecutable(string? path) =>
        path is not null && !HasExited && string.Equals(ExecutablePath, path, StringComparison.OrdinalIgnoreCase);

    public IReadOnlyList<LoadedModule> Modules()
    {
        var modules = new List<LoadedModule>();
        nint[] handles = new nint[1024];
        for (int attempt = 0; attempt < 4; attempt++)
        {
            uint needed;
            fixed (nint* p = handles)
                if (!Kernel32.EnumProcessModulesEx(_handle, p, (uint)(handles.Length * sizeof(nint)), out needed, Kernel32.LIST_MODULES_ALL))
                    return modules;   // not yet (a process that has just started has no module list), or gone
            int count = (int)(needed / (uint)sizeof(nint));
            if (count > handles.Length) { handles = new nint[count + 64]; continue; }
            char* name = stackalloc char[32768];
            for (int i = 0; i < count; i++)
            {
                uint length = Kernel32.GetModuleFileNameEx(_handle, handles[i], name, 32768);
                if (length > 0) modules.Add(new LoadedModule(new string(name, 0, (int)length), (ulong)handles[i]));
            }
            return modules;
        }
        return modules;
    }

    public IModuleSymbols? OpenSymbols(LoadedModule module)
    {
        if (_symbols.TryGetValue(module.Path, out IModuleSymbols? cached) && cached?.Module == module) return cached;
        (cached as IDisposable)?.Dispose();
        IModuleSymbols? symbols = PeFile.TryOpen(module.Path, out PeFile? pe) ? new PeModuleSymbols(module, pe!) : null;
        _symbols[module.Path] = symbols;
        return symbols;
    }

    public ulong DecodeGetter(ulong function) => Architecture == Architecture.X64 ? X64Getters.Decode(_memory, function) : 0;

    /// <summary>The module's writable sections, at their RVAs from its base (the PE headers say where they are).</summary>
    public IReadOnlyList<(ulong Start, ulong End)> WritableRegions(LoadedModule module)
    {
        var regions = new List<(ulong, ulong)>();
        if (!PeFile.TryOpen(module.Path, out PeFile? pe)) return regions;
        using (pe)
        {
            foreach (PeSection section in pe!.Sections)
                if (section.IsWritable && section.VirtualSize > 0)
                    regions.Add((module.LowestAddress + section.VirtualAddress, module.LowestAddress + section.VirtualAddress + section.VirtualSize));
        }
        return regions;
    }

    /// <summary>The working set: the pages of the process that are in memory.</summary>
    public bool TryReadResidentKb(out long kb)
    {
        Kernel32.ProcessMemoryCounters counters = default;
        counters.cb = (uint)sizeof(Kernel32.ProcessMemoryCounters);
        bool ok = Kernel32.GetProcessMemoryInfo(_handle, &counters, counters.cb);
        kb = ok ? (long)(counters.WorkingSetSize / 1024) : 0;
        return ok;
    }

    public bool IsThreadRunning(ulong tid) => _threadStates.IsRunning(tid);

    public bool HasThread(int tid)
    {
        nint thread = Kernel32.OpenThread(Kernel32.THREAD_QUERY_LIMITED_INFORMATION, false, tid);
        if (thread == 0) return false;
        bool ours = Kernel32.GetProcessIdOfThread(thread) == Pid;
        Kernel32.CloseHandle(thread);
        return ours;
    }

    /// <summary>
    /// Ctrl+C needs no forwarding: the console delivers it to every process attached to it, the child included.
    /// A termination request ends a launched child: Windows has no SIGTERM to ask it politely.
    /// </summary>
    public void Forward(StopSignal signal)
    {
        if (_launched && signal == StopSignal.Terminate && !HasExited) Kernel32.TerminateProcess(_handle, 1);
    }

    public bool MarkThreadCpus(Span<ulong> cpus) => false;

    public void CheckReadable()
    {
        Span<byte> probe = stackalloc byte[2];
        foreach (LoadedModule module in Modules())
        {
            // Every image starts with its "MZ" header: a module that cannot be read means no right to read.
            if (_memory.TryRead(module.LowestAddress, probe)) return;
            if (_memory.LastError == Win32Error.ERROR_ACCESS_DENIED)
                throw new AustinException(ExitCodes.NoPermission,
                    $"permission denied reading process {Pid}: run austin as the process's user, or as an administrator");
            return;
        }
    }

    public bool WaitForExit(int milliseconds) =>
        Kernel32.WaitForSingleObject(_handle, milliseconds < 0 ? Kernel32.INFINITE : (uint)milliseconds) == Kernel32.WAIT_OBJECT_0;

    public void Terminate()
    {
        if (!_launched || HasExited) return;
        Kernel32.TerminateProcess(_handle, 1);
        WaitForExit(1000);
    }

    public void Dispose()
    {
        foreach (IModuleSymbols? symbols in _symbols.Values) (symbols as IDisposable)?.Dispose();
        _symbols.Clear();
        Kernel32.CloseHandle(_handle);
    }
}
