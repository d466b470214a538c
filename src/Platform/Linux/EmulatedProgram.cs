// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using Austin.Binary;

namespace Austin.Platform.Linux;

/// <summary>
/// A user-mode emulator (qemu-user, directly or through binfmt_misc) runs a program of another architecture in a
/// process whose executable, for the kernel, is the emulator: /proc/PID/exe names qemu-aarch64-static, and the
/// program it runs is only mapped, at the addresses it sees (qemu maps the guest 1:1 where it can). When the
/// executable is not a program of austin's architecture, the program is the first argument of the process's command
/// line that names a file mapped in it (qemu's command line is <c>qemu-aarch64 [options] PROGRAM [ARGS]</c>; binfmt
/// runs <c>qemu PROGRAM [ARGS]</c>).
/// </summary>
internal sealed class EmulatedProgram
{
    private readonly Dictionary<string, bool> _native = new();
    private string? _commandLine;
    private string? _program;

    /// <summary>Whether an executable of another machine (an emulator) was seen: only then can a path differ from the link.</summary>
    public bool SawEmulator { get; private set; }

    /// <summary>The program that runs in the process: <paramref name="executable"/>, or what an emulator runs.</summary>
    public string? Resolve(int pid, string executable)
    {
        if (IsNative(executable)) return executable;
        SawEmulator = true;
        string commandLine;
        try { commandLine = File.ReadAllText($"/proc/{pid}/cmdline"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return executable; }
        if (commandLine == _commandLine) return _program ?? executable;
        _commandLine = commandLine;
        _program = Find(pid, commandLine.Split('\0', StringSplitOptions.RemoveEmptyEntries));
        return _program ?? executable;
    }

    /// <summary>Whether <paramref name="executable"/> is an ELF file for austin's own machine (or cannot be told: then it counts as one).</summary>
    private bool IsNative(string executable)
    {
        if (_native.TryGetValue(executable, out bool native)) return native;
        native = true;
        if (ElfFile.TryOpen(executable, out ElfFile? elf) == ElfStatus.Ok)
        {
            using (elf) native = elf!.Machine == MachineOf(RuntimeInformation.ProcessArchitecture) || MachineOf(RuntimeInformation.ProcessArchitecture) == 0;
        }
        _native[executable] = native;
        return native;
    }

    /// <summary>e_machine: EM_X86_64 62, EM_AARCH64 183; 0 when austin does not know.</summary>
    private static ushort MachineOf(Architecture architecture) => architecture switch
    {
        Architecture.X64 => 62,
        Architecture.Arm64 => 183,
        _ => 0,
    };

    private static string? Find(int pid, string[] arguments)
    {
        var mapped = new HashSet<string>(StringComparer.Ordinal);
        var maps = new List<MemoryMapping>();
        ProcMaps.TryRead(pid, maps);
        foreach (MemoryMapping m in maps)
            if (m.Path is { } path && path.StartsWith('/')) mapped.Add(path);
        string? cwd = null;
        try { cwd = new DirectoryInfo($"/proc/{pid}/cwd").LinkTarget; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        for (int i = 1; i < arguments.Length; i++)
        {
            string argument = arguments[i];
            if (argument.StartsWith('-')) continue;
            string full = argument.StartsWith('/') ? argument : cwd is null ? argument : Path.GetFullPath(argument, cwd);
            if (mapped.Contains(full)) return full;
            // The maps name the file a symbolic link leads to (python3 -> python3.11).
            string? target = null;
            try { target = new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName; }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException) { }
            if (target is not null && mapped.Contains(target)) return target;
        }
        return null;
    }
}
