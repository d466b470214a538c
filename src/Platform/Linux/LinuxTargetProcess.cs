// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using Austin.Binary;
using Austin.Interop.Linux;

namespace Austin.Platform.Linux;

/// <summary>A Linux process: memory through process_vm_readv, modules through /proc/PID/maps and ELF.</summary>
internal sealed class LinuxTargetProcess : ITargetProcess
{
    private readonly ChildProcess? _child;
    private readonly LinuxProcessMemory _memory;
    private readonly Dictionary<string, IModuleSymbols?> _symbols = new();
    private readonly EmulatedProgram _emulated = new();

    public LinuxTargetProcess(int pid, ChildProcess? child)
    {
        Pid = pid;
        _child = child;
        _memory = new LinuxProcessMemory(pid);
        NativeThreadIds = new GlibcThreadIds(pid, HasThread);
    }

    public INativeThreadIds NativeThreadIds { get; }

    public bool HasThread(int tid) => Directory.Exists($"/proc/{Pid}/task/{tid}");

    public void Forward(StopSignal signal)
    {
        if (_child is not null && !_child.HasExited) Libc.Kill(Pid, signal == StopSignal.Interrupt ? Libc.SIGINT : Libc.SIGTERM);
    }

    public int Pid { get; }

    public IProcessMemory Memory => _memory;

    public TargetOs Os => TargetOs.Linux;

    /// <summary>process_vm_readv reads processes of this machine, and austin is built for its architecture.</summary>
    public Architecture Architecture => RuntimeInformation.ProcessArchitecture;

    public bool HasExited
    {
        get
        {
            if (_child is not null) return _child.HasExited;
            if (Libc.Kill(Pid, 0) != 0 && Marshal.GetLastSystemError() == Errno.ESRCH) return true;
            // A process that has exited stays until its parent reaps it, and kill(pid, 0) still succeeds then; a
            // multiprocessing pool's parent may take its time. Its memory is gone: it has ended for austin.
            return ProcFiles.State(Pid, out _) is 0 or (byte)'Z' or (byte)'X';
        }
    }

    /// <summary>The child's exit status, once it has exited (launch mode only).</summary>
    public int? ExitCode => _child?.ExitCode;

    public string? ExecutablePath
    {
        get
        {
            string? executable;
            try { executable = new FileInfo($"/proc/{Pid}/exe").LinkTarget; }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
            return executable is null ? null : _emulated.Resolve(Pid, executable);
        }
    }

    public unsafe bool RunsExecutable(string? path)
    {
        if (path is null) return false;
        byte* link = stackalloc byte[ProcFiles.PathCapacity];
        ProcFiles.PathOf(link, Pid, "/exe"u8);
        const int Capacity = 4096;   // PATH_MAX
        byte* target = stackalloc byte[Capacity];
        nint n = Libc.Readlink(link, target, Capacity);
        if (n <= 0 || n >= Capacity || System.Text.Encoding.UTF8.GetByteCount(path) > Capacity) return false;
        Span<byte> expected = stackalloc byte[Capacity];
        int length = System.Text.Encoding.UTF8.GetBytes(path, expected);
        if (new ReadOnlySpan<byte>(target, (int)n).SequenceEqual(expected[..length])) return true;
        // Under an emulator /proc/PID/exe names the emulator, and the path is the program it runs (ExecutablePath).
        return _emulated.SawEmulator && ExecutablePath == path;
    }

    /// <summary>/proc/PID/cmdline: the arguments, each ended by a NUL (a process may rewrite it: it is only shown).</summary>
    public IReadOnlyList<string> CommandLine()
    {
        try
        {
            string text = File.ReadAllText($"/proc/{Pid}/cmdline");
            return text.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }

    public IReadOnlyList<LoadedModule> Modules()
    {
        var lowest = new Dictionary<string, ulong>();
        foreach (MemoryMapping m in ReadMaps())
        {
            if (m.Path is not { } path || !path.StartsWith('/') || m.IsDeleted) continue;
            if (!lowest.TryGetValue(path, out ulong low) || m.Start < low) lowest[path] = m.Start;
        }
        var modules = new List<LoadedModule>(lowest.Count);
        foreach (KeyValuePair<string, ulong> kv in lowest) modules.Add(new LoadedModule(kv.Key, kv.Value));
        return modules;
    }

    public IModuleSymbols? OpenSymbols(LoadedModule module)
    {
        if (_symbols.TryGetValue(module.Path, out IModuleSymbols? cached) && cached?.Module == module) return cached;
        (cached as IDisposable)?.Dispose();
        IModuleSymbols? symbols = null;
        // Through /proc/PID/root first: the target may live in another mount namespace (a container).
        if (ElfFile.TryOpen($"/proc/{Pid}/root{module.Path}", out ElfFile? elf) == ElfStatus.Ok ||
            ElfFile.TryOpen(module.Path, out elf) == ElfStatus.Ok)
        {
            // Load bias (internals doc §2.2): where the first PT_LOAD's page is mapped, minus its page address.
            if (elf!.TryGetFirstLoadSegment(out ElfProgramHeader first) &&
                ProcMaps.TryFindLowestStart(CollectionsMarshal.AsSpan(ReadMaps()), module.Path, first.Offset & ~0xfffUL, out ulong start) &&
                elf.TryGetLoadBias(start, out ulong bias))
                symbols = new ElfModuleSymbols(module, elf, bias);
            else
                elf.Dispose();
        }
        _symbols[module.Path] = symbols;
        return symbols;
    }

    /// <summary>The machine code of austin's own architecture, which is the target's (<see cref="Architecture"/>).</summary>
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
        foreach (MemoryMapping m in ReadMaps())
        {
            bool isModule = m.Path == module.Path;
            if ((isModule || (previousWasModule && m.IsAnonymous)) && (m.Permissions & MapPermissions.Write) != 0)
                regions.Add((m.Start, m.End));
            previousWasModule = isModule;
        }
        return regions;
    }

    private List<MemoryMapping> ReadMaps()
    {
        var maps = new List<MemoryMapping>();
        ProcMaps.TryRead(Pid, maps);
        return maps;
    }

    private Microsoft.Win32.SafeHandles.SafeFileHandle? _statm;
    private readonly Dictionary<ulong, Microsoft.Win32.SafeHandles.SafeFileHandle?> _threadStats = new();
    private readonly byte[] _procBuffer = new byte[512];

    public bool TryReadResidentKb(out long kb)
    {
        // /proc/PID/statm: "size resident shared ...", in pages. The handle stays open; pread at 0 refreshes it.
        kb = 0;
        try
        {
            _statm ??= File.OpenHandle($"/proc/{Pid}/statm");
            int n = RandomAccess.Read(_statm, _procBuffer, 0);
            ReadOnlySpan<byte> text = _procBuffer.AsSpan(0, n);
            int space = text.IndexOf((byte)' ');
            if (space < 0) return false;
            text = text[(space + 1)..];
            long pages = 0;
            foreach (byte b in text)
            {
                if (b < (byte)'0' || b > (byte)'9') break;
                pages = pages * 10 + (b - '0');
            }
            kb = pages * Environment.SystemPageSize / 1024;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public bool IsThreadRunning(ulong tid)
    {
        // /proc/PID/task/TID/stat: "tid (comm) S ...": the state letter follows the last ')'.
        try
        {
            if (!_threadStats.TryGetValue(tid, out var handle))
            {
                if (_threadStats.Count > 4 * 8192) { foreach (var h in _threadStats.Values) h?.Dispose(); _threadStats.Clear(); }
                string path = $"/proc/{Pid}/task/{tid}/stat";
                _threadStats[tid] = handle = File.Exists(path) ? File.OpenHandle(path) : null;
            }
            if (handle is null) return false;
            int n = RandomAccess.Read(handle, _procBuffer, 0);
            ReadOnlySpan<byte> text = _procBuffer.AsSpan(0, n);
            int paren = text.LastIndexOf((byte)')');
            return paren >= 0 && paren + 2 < n && text[paren + 2] == (byte)'R';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _threadStats.Remove(tid);
            return false;
        }
    }

    public bool MarkThreadCpus(Span<ulong> cpus) => ProcTasks.MarkLastCpus(Pid, cpus, maxThreads: 256) > 0;

    public void CheckReadable()
    {
        // Reading needs PTRACE_MODE_ATTACH rights: the same user (and a permissive kernel.yama.ptrace_scope), or CAP_SYS_PTRACE.
        string hint = Environment.IsPrivilegedProcess
            ? $"permission denied reading process {Pid}, even as root: a security module, a container or the kernel protects it"
            : $"permission denied reading process {Pid}: run austin as root (or with CAP_SYS_PTRACE), or as the process's user with kernel.yama.ptrace_scope set to 0";
        var maps = new List<MemoryMapping>();
        ProcMapsStatus status = ProcMaps.TryRead(Pid, maps);
        if (status == ProcMapsStatus.NoPermission) throw new AustinException(ExitCodes.NoPermission, hint);
        foreach (MemoryMapping line in maps)
        {
            Span<byte> probe = stackalloc byte[8];
            if (_memory.TryRead(line.Start, probe)) return;
            if (_memory.LastError == Errno.EPERM || _memory.LastError == Errno.EACCES) throw new AustinException(ExitCodes.NoPermission, hint);
            return;
        }
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
        _memory.Dispose();
        _statm?.Dispose();
        foreach (var h in _threadStats.Values) h?.Dispose();
    }
}
