// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Austin.Platform;

namespace Austin.Tests;

/// <summary>
/// A target process made of a <see cref="FakeMemory"/> and modules whose symbols the test names: enough for
/// discovery (RuntimeLocator) and for the sampling loop, nothing of a real process. What the OS would say of it
/// (whether it exited, its resident memory, which threads run) is set by the test.
/// </summary>
internal sealed class FakeTargetProcess(FakeMemory memory, TargetOs os = TargetOs.Linux, Architecture architecture = Architecture.X64) : ITargetProcess
{
    private readonly List<FakeModuleSymbols> _modules = [];
    private FakeMemory _memory = memory;

    /// <summary>The process runs another program from now on: new memory, no module, another executable.</summary>
    public void Exec(FakeMemory newMemory, string executable)
    {
        _memory = newMemory;
        _modules.Clear();
        ExecutablePath = executable;
    }

    /// <summary>Adds a module mapped at <paramref name="address"/> whose symbols are <paramref name="symbols"/>.</summary>
    public void AddModule(string path, ulong address, Dictionary<string, ulong> symbols) =>
        _modules.Add(new FakeModuleSymbols(new LoadedModule(path, address), symbols));

    public int Pid { get; init; } = 4242;
    public IProcessMemory Memory => _memory;
    public TargetOs Os => os;
    public Architecture Architecture => architecture;

    /// <summary>Set by a test to make the process end (its memory should become unreadable too).</summary>
    public bool HasExited { get; set; }

    /// <summary>Set by a test to make the process exec.</summary>
    public string? ExecutablePath { get; set; } = "/usr/bin/fake";

    public bool RunsExecutable(string? path) => !HasExited && path is not null && path == ExecutablePath;
    public int? ExitCode => null;

    public IReadOnlyList<LoadedModule> Modules() => _modules.ConvertAll(m => m.Module);

    public IModuleSymbols? OpenSymbols(LoadedModule module) => _modules.Find(m => m.Module == module);

    public ulong DecodeGetter(ulong function) => 0;

    public IReadOnlyList<(ulong Start, ulong End)> WritableRegions(LoadedModule module) => [];

    /// <summary>The resident memory the next reads return, in order (the last one repeats); none: unknown.</summary>
    public Queue<long> ResidentKb { get; } = new();
    private long _lastResident = -1;

    public bool TryReadResidentKb(out long kb)
    {
        if (ResidentKb.Count > 0) _lastResident = ResidentKb.Dequeue();
        kb = _lastResident;
        return kb >= 0;
    }

    /// <summary>The OS thread ids the OS has on a CPU.</summary>
    public HashSet<ulong> RunningThreads { get; } = [];
    public bool IsThreadRunning(ulong tid) => RunningThreads.Contains(tid);
    public bool MarkThreadCpus(Span<ulong> cpus) => false;
    public bool HasThread(int tid) => false;
    public INativeThreadIds NativeThreadIds { get; } = new NoThreadIds();
    public void Forward(StopSignal signal) { }
    public void CheckReadable() { }
    public bool WaitForExit(int milliseconds) => false;
    public void Terminate() { }
    public void Dispose() { }

    private sealed class NoThreadIds : INativeThreadIds
    {
        public bool Learn(IProcessMemory memory, ReadOnlySpan<ulong> handles) => false;
        public ulong Of(IProcessMemory memory, ulong handle) => 0;
    }

    private sealed class FakeModuleSymbols(LoadedModule module, Dictionary<string, ulong> symbols) : IModuleSymbols
    {
        public LoadedModule Module => module;

        public bool TryGetSymbol(string name, out ulong address) => symbols.TryGetValue(name, out address);

        public bool TryGetDataSection(string name, out ulong address) { address = 0; return false; }

        public bool NamesSymbolStartingWith(string prefix) => false;
    }
}
