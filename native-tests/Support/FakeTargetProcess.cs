// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Austin.Platform;

namespace Austin.Tests;

/// <summary>
/// A target process made of a <see cref="FakeMemory"/> and modules whose symbols the test names: enough for
/// discovery (RuntimeLocator), nothing of a real process.
/// </summary>
internal sealed class FakeTargetProcess(FakeMemory memory, TargetOs os = TargetOs.Linux, Architecture architecture = Architecture.X64) : ITargetProcess
{
    private readonly List<FakeModuleSymbols> _modules = [];

    /// <summary>Adds a module mapped at <paramref name="address"/> whose symbols are <paramref name="symbols"/>.</summary>
    public void AddModule(string path, ulong address, Dictionary<string, ulong> symbols) =>
        _modules.Add(new FakeModuleSymbols(new LoadedModule(path, address), symbols));

    public int Pid => 4242;
    public IProcessMemory Memory => memory;
    public TargetOs Os => os;
    public Architecture Architecture => architecture;
    public bool HasExited => false;
    public string? ExecutablePath => "/usr/bin/fake";
    public int? ExitCode => null;

    public IReadOnlyList<LoadedModule> Modules() => _modules.ConvertAll(m => m.Module);

    public IModuleSymbols? OpenSymbols(LoadedModule module) => _modules.Find(m => m.Module == module);

    public ulong DecodeGetter(ulong function) => 0;

    public IReadOnlyList<(ulong Start, ulong End)> WritableRegions(LoadedModule module) => [];

    public bool TryReadResidentKb(out long kb) { kb = 0; return false; }
    /// <summary>The threads the OS runs (none unless the test says).</summary>
    public Func<ulong, bool> Running { get; set; } = _ => false;
    public bool IsThreadRunning(ulong tid) => Running(tid);
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
