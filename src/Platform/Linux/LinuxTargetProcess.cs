// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using Austin.Interop.Linux;

namespace Austin.Platform.Linux;

/// <summary>A Linux process: memory through process_vm_readv, modules through /proc/PID/maps and ELF.</summary>
internal sealed class LinuxTargetProcess : ITargetProcess
{
    private readonly Process? _child;
    private readonly LinuxProcessMemory _memory;
    private readonly Dictionary<string, IModuleSymbols?> _symbols = new();

    public LinuxTargetProcess(int pid, Process? child)
    {
        Pid = pid;
        _child = child;
        _memory = new LinuxProcessMemory(pid);
    }

    public int Pid { get; }

    public IProcessMemory Memory => _memory;

    public bool HasExited
    {
        get
        {
            if (_child is not null) return _child.HasExited;
            return Libc.Kill(Pid, 0) != 0 && Marshal.GetLastSystemError() == Errno.ESRCH;
        }
    }

    /// <summary>The child's exit status, once it has exited (launch mode only).</summary>
    public int? ExitCode => _child is { HasExited: true } c ? c.ExitCode : null;

    public string? ExecutablePath
    {
        get
        {
            try { return new FileInfo($"/proc/{Pid}/exe").LinkTarget; }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        }
    }

    public IReadOnlyList<LoadedModule> Modules()
    {
        var lowest = new Dictionary<string, ulong>();
        foreach (MapLine line in ReadMaps())
        {
            if (!line.Path.StartsWith('/')) continue;
            if (!lowest.TryGetValue(line.Path, out ulong low) || line.Start < low) lowest[line.Path] = line.Start;
        }
        var modules = new List<LoadedModule>(lowest.Count);
        foreach (KeyValuePair<string, ulong> kv in lowest) modules.Add(new LoadedModule(kv.Key, kv.Value));
        return modules;
    }

    public IModuleSymbols? OpenSymbols(LoadedModule module)
    {
        if (_symbols.TryGetValue(module.Path, out IModuleSymbols? cached) && cached?.Module == module) return cached;
        TempElf? elf = TempElf.Open($"/proc/{Pid}/root{module.Path}") ?? TempElf.Open(module.Path);
        IModuleSymbols? symbols = null;
        if (elf is not null)
        {
            ulong bias = 0;
            foreach (MapLine line in ReadMaps())
                if (line.Path == module.Path && line.Offset == (elf.FirstLoadOffset & ~0xfffUL))
                {
                    bias = line.Start - (elf.FirstLoadVaddr & ~0xfffUL);
                    break;
                }
            symbols = new TempSymbols(module, elf, bias);
        }
        _symbols[module.Path] = symbols;
        return symbols;
    }

    public IReadOnlyList<(ulong Start, ulong End)> WritableRegions(LoadedModule module)
    {
        var regions = new List<(ulong, ulong)>();
        bool previousWasModule = false;
        foreach (MapLine line in ReadMaps())
        {
            bool isModule = line.Path == module.Path;
            if ((isModule || (previousWasModule && line.Path.Length == 0)) && line.Writable)
                regions.Add((line.Start, line.End));
            previousWasModule = isModule;
        }
        return regions;
    }

    private readonly record struct MapLine(ulong Start, ulong End, bool Writable, ulong Offset, string Path);

    private List<MapLine> ReadMaps()
    {
        try { return ReadMapsOrThrow(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }

    private List<MapLine> ReadMapsOrThrow()
    {
        var lines = new List<MapLine>();
        string[] text = File.ReadAllLines($"/proc/{Pid}/maps");
        foreach (string l in text)
        {
            string[] f = l.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 5) continue;
            int dash = f[0].IndexOf('-');
            lines.Add(new MapLine(
                ulong.Parse(f[0].AsSpan(0, dash), NumberStyles.HexNumber),
                ulong.Parse(f[0].AsSpan(dash + 1), NumberStyles.HexNumber),
                f[1].Length > 1 && f[1][1] == 'w',
                ulong.Parse(f[2], NumberStyles.HexNumber),
                f.Length > 5 ? f[5].Trim() : ""));
        }
        return lines;
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

    public void CheckReadable()
    {
        // Reading needs PTRACE_MODE_ATTACH rights: the same user (and a permissive kernel.yama.ptrace_scope), or CAP_SYS_PTRACE.
        string hint = $"permission denied reading process {Pid}: run austin as root (or with CAP_SYS_PTRACE), or as the process's user with kernel.yama.ptrace_scope set to 0";
        List<MapLine> maps;
        try { maps = ReadMapsOrThrow(); }
        catch (UnauthorizedAccessException) { throw new AustinException(ExitCodes.NoPermission, hint); }
        catch (IOException) { return; }   // gone: HasExited tells
        foreach (MapLine line in maps)
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
        _statm?.Dispose();
        foreach (var h in _threadStats.Values) h?.Dispose();
        _child?.Dispose();
    }

    private sealed class TempSymbols(LoadedModule module, TempElf elf, ulong bias) : IModuleSymbols
    {
        public LoadedModule Module => module;

        public bool TryGetSymbol(string name, out ulong address)
        {
            bool found = elf.Symbols.TryGetValue(name, out address);
            if (found) address += bias;
            return found;
        }

        public bool TryGetSection(string name, out ulong address)
        {
            bool found = elf.Sections.TryGetValue(name, out address) && address != 0;
            if (found) address += bias;
            return found;
        }
    }
}
