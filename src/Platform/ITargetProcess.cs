// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace Austin.Platform;

/// <summary>A binary mapped into the target (executable or shared library), as the OS lists it.</summary>
internal sealed record LoadedModule(string Path, ulong LowestAddress)
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(LoadedModule);
}

/// <summary>
/// A module's symbols and sections, with the load bias already applied: every address returned is an
/// address in the target. ELF on Linux; PE and Mach-O later behind the same interface.
/// </summary>
internal interface IModuleSymbols
{
    LoadedModule Module { get; }

    /// <summary>Runtime address of a symbol (dynamic table first, then the full table when present).</summary>
    bool TryGetSymbol(string name, out ulong address);

    /// <summary>
    /// Runtime address of the section in which a C program placed a variable with a section attribute named
    /// <paramref name="name"/> (GCC/Clang <c>__attribute__((section))</c>, MSVC <c>__declspec(allocate)</c>).
    /// Each binary format spells such a section its own way: ELF <c>.name</c>, Mach-O <c>__DATA,name</c>, PE the
    /// first 8 characters of the name. Section headers survive strip.
    /// </summary>
    bool TryGetDataSection(string name, out ulong address);

    /// <summary>Whether the module's dynamic symbol table names a symbol that starts with <paramref name="prefix"/>, defined here or imported.</summary>
    bool NamesSymbolStartingWith(string prefix);
}

/// <summary>A process being profiled, launched by austin or attached to. OS-specific behind this interface.</summary>
internal interface ITargetProcess : IDisposable
{
    int Pid { get; }

    IProcessMemory Memory { get; }

    /// <summary>The operating system the process runs on.</summary>
    TargetOs Os { get; }

    /// <summary>The architecture of the process's machine code.</summary>
    Architecture Architecture { get; }

    /// <summary>True once the process has exited (or, when attached, no longer exists or is a zombie that its parent has not reaped yet).</summary>
    bool HasExited { get; }

    /// <summary>The path of the running executable image; changes when the process execs (wrappers, shims).</summary>
    string? ExecutablePath { get; }

    /// <summary>
    /// Whether the process runs the executable <paramref name="path"/> now (an exec changes it), found without
    /// allocating; false when the process is gone or its executable cannot be read.
    /// </summary>
    bool RunsExecutable(string? path);

    /// <summary>The process's arguments, its program first, as the OS lists them (for people: -w); empty when unknown.</summary>
    IReadOnlyList<string> CommandLine() => [];

    /// <summary>Resident memory of the whole process, in KB (for -m and -f).</summary>
    bool TryReadResidentKb(out long kb);

    /// <summary>Whether the OS thread <paramref name="tid"/> is on a CPU or runnable now (for -s).</summary>
    bool IsThreadRunning(ulong tid);

    /// <summary>Whether the process has an OS thread <paramref name="tid"/>.</summary>
    bool HasThread(int tid);

    /// <summary>How the thread handles a runtime stores map to OS thread ids in this process.</summary>
    INativeThreadIds NativeThreadIds { get; }

    /// <summary>Sends a stop signal (SIGINT or SIGTERM) to a process austin launched; no-op when attached.</summary>
    void Forward(StopSignal signal);

    /// <summary>
    /// Sets in <paramref name="cpus"/> (a bit per CPU) the CPUs that the process's threads last ran on (the first
    /// few hundred threads); false when the OS cannot tell.
    /// </summary>
    bool MarkThreadCpus(Span<ulong> cpus);

    /// <summary>Throws an <see cref="AustinException"/> saying what is needed when the process's memory cannot be read.</summary>
    void CheckReadable();

    /// <summary>Waits for a launched process to exit and reaps it; true when it has. Attach mode: true when gone.</summary>
    bool WaitForExit(int milliseconds);

    /// <summary>The exit status of a launched process that has exited.</summary>
    int? ExitCode { get; }

    /// <summary>Ends a process that austin launched (SIGTERM, then SIGKILL) and reaps it; no-op when attached.</summary>
    void Terminate();

    /// <summary>The binaries mapped in the process now.</summary>
    IReadOnlyList<LoadedModule> Modules();

    /// <summary>Opens a module's symbol tables; null when the file cannot be read or is not a binary we know.</summary>
    IModuleSymbols? OpenSymbols(LoadedModule module);

    /// <summary>
    /// The address from which the function at <paramref name="function"/> loads the value it returns, when its
    /// machine code is a plain getter of a global (<c>return global;</c>, or <c>return global_struct.member;</c>
    /// through a GOT slot); 0 when it is not. Machine code is the architecture's and the compiler's: each platform
    /// decodes its own.
    /// </summary>
    ulong DecodeGetter(ulong function);

    /// <summary>The writable regions mapped from a module's file, plus the anonymous one right after (the rest of .bss).</summary>
    IReadOnlyList<(ulong Start, ulong End)> WritableRegions(LoadedModule module);
}
