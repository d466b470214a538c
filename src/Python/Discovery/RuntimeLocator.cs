// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using Austin.Platform;
using Austin.Python.Abi;

namespace Austin.Python.Discovery;

/// <summary>Where a CPython runtime lives in a process, as discovery found it: everything a walker needs to start.</summary>
/// <param name="GcCollecting">Where the runtime-wide garbage collector flag lies (≤3.8), 0 when each interpreter has its own or none is known.</param>
internal sealed record RuntimeAnchor(Layout Layout, ulong InterpreterHeadPointer, ulong CodeType, ulong ThreadStateCurrent, LoadedModule Module,
    ulong GcCollecting = 0)
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(RuntimeAnchor);
}

/// <summary>What one look at the target found.</summary>
internal enum LocateStatus
{
    /// <summary>The runtime is found and has at least one thread: sampling can start.</summary>
    Ready,
    /// <summary>No Python runtime mapped (yet): a wrapper still running, or not Python at all.</summary>
    NoPython,
    /// <summary>
    /// The program's executable calls Python's API (Py_BytesMain, _Py_UnixMain, Py_Main, Py_Initialize...) but its
    /// runtime is not mapped yet: the dynamic loader is still at work. Also while the executable itself is not
    /// mapped yet.
    /// </summary>
    Loading,
    /// <summary>A runtime is mapped but not initialised yet.</summary>
    NotReady,
}

/// <summary>
/// Finds the CPython runtime in a process (internals doc §2): libpython first, then the executable; the
/// version; the anchor (_PyRuntime symbol or PyRuntime section for 3.7+, interp_head for older ones, else
/// the address PyInterpreterState_Head() returns, which "return the head" loads from: the platform decodes it).
/// </summary>
internal static class RuntimeLocator
{
    /// <summary>
    /// The section CPython puts _PyRuntime in (3.10+ with GCC or Clang: Python/pylifecycle.c; 3.14's
    /// GENERATE_DEBUG_SECTION, Include/internal/pycore_debug_offsets.h), as the attribute names it: each binary
    /// format spells it its own way.
    /// </summary>
    private const string RuntimeSection = "PyRuntime";

    public static LocateStatus TryLocate(ITargetProcess process, out RuntimeAnchor? anchor)
    {
        anchor = null;
        bool sawRuntime = false, sawLauncher = false, sawExecutable = false;
        string? executable = process.ExecutablePath;
        foreach (LoadedModule module in Candidates(process))
        {
            IModuleSymbols? symbols = process.OpenSymbols(module);
            sawExecutable |= module.Path == executable && symbols is not null;
            if (symbols is null) continue;
            ulong headPointer = 0;
            bool hasRuntime = symbols.TryGetSymbol("_PyRuntime", out ulong pyRuntime) || symbols.TryGetDataSection(RuntimeSection, out pyRuntime);
            bool hasInterpHead = symbols.TryGetSymbol("interp_head", out ulong interpHead);
            bool hasHeadFunction = symbols.TryGetSymbol("PyInterpreterState_Head", out ulong headFunction);
            if (!hasRuntime && !hasInterpHead && !hasHeadFunction)
            {
                // A launcher calls Py_BytesMain (3.8+), _Py_UnixMain (3.7) or Py_Main; an embedding program calls
                // Py_Initialize: any Python API it imports makes it Python, waiting for the loader to map libpython.
                sawLauncher |= symbols.NamesSymbolStartingWith("Py_") || symbols.NamesSymbolStartingWith("_Py");
                continue;
            }
            sawRuntime = true;

            Span<byte> debug = stackalloc byte[DebugOffsets.MaxSize];
            bool runtimeRead = hasRuntime && process.Memory.TryRead(pyRuntime, debug);
            if (!runtimeRead) debug.Clear();

            PythonVersion? version = VersionDetector.Detect(process.Memory, symbols, debug, () => ScanVersion(process, module));
            if (version is not PythonVersion v) continue;
            if (!VersionTable.IsSupported(v))
                throw new AustinException(ExitCodes.DataError, $"Python {v} is not supported (austin supports 2.7 and 3.3 to 3.15)");
            Layout? layout = TargetAbi.For(process.Os, process.Architecture).LayoutOf(v);
            if (layout is null)
                throw new AustinException(ExitCodes.DataError, $"Python {v} is not supported");
            // Right after an exec the loader maps libpython's whole extent first, then its data segment over it: a read
            // in between finds other bytes where _PyRuntime's cookie will be (seen once, launching 3.15t beside two busy
            // loops). Look again for a little while before saying the build has no offsets.
            for (long until = Environment.TickCount64 + 50; layout.NeedsDebugOffsets && runtimeRead && !DebugOffsets.HasCookie(debug)
                     && Environment.TickCount64 < until;)
            {
                System.Threading.Thread.Yield();
                runtimeRead = process.Memory.TryRead(pyRuntime, debug);
            }
            // 3.13+: the target's own offsets, or an error naming the version (never another version's offsets).
            if (DebugOffsets.HasCookie(debug))
                layout = DebugOffsets.Apply(layout, debug);
            else if (layout.NeedsDebugOffsets && runtimeRead)
                throw new AustinException(ExitCodes.DataError, $"Python {v} publishes no debug offsets (_Py_DebugOffsets) at _PyRuntime, and austin reads {v.Major}.{v.Minor} only through them");
            else if (layout.NeedsDebugOffsets)
                continue;   // _PyRuntime could not be read (yet): nothing is known of this runtime
            // Py_TRACE_REFS (every --with-pydebug build up to 3.7, on request after) puts two pointers in front of
            // every object: the table's offsets would read the wrong fields. From 3.13 the target's own offsets say so.
            else if (symbols.TryGetSymbol("_Py_PrintReferences", out _))
                throw new AustinException(ExitCodes.DataError, $"Python {v} is a debug build that traces references (Py_TRACE_REFS): its objects have a larger header, which austin reads only from 3.13 (through _Py_DebugOffsets)");

            if (layout.Runtime.InterpretersHead >= 0 && hasRuntime)
                headPointer = pyRuntime + (ulong)layout.Runtime.InterpretersHead;
            else if (layout.Runtime.InterpretersHead < 0 && hasInterpHead)
                headPointer = interpHead;
            else if (hasHeadFunction)
                headPointer = process.DecodeGetter(headFunction);
            if (headPointer == 0) continue;

            symbols.TryGetSymbol("PyCode_Type", out ulong codeType);
            symbols.TryGetSymbol("_PyThreadState_Current", out ulong threadStateCurrent);
            if (!HasThreads(process.Memory, layout, headPointer)) continue;
            anchor = new RuntimeAnchor(layout, headPointer, codeType, threadStateCurrent, module, RuntimeGcCollecting(symbols, layout, headPointer));
            return LocateStatus.Ready;
        }
        // Right after an exec the kernel has named the new executable but not mapped it yet (the parent of a vfork
        // resumes at that point): nothing can be told of it, so it counts as loading, not as "no Python".
        if (sawRuntime) return LocateStatus.NotReady;
        return sawLauncher || !sawExecutable ? LocateStatus.Loading : LocateStatus.NoPython;
    }

    /// <summary>
    /// Whether <paramref name="anchor"/>, found in another process, holds in <paramref name="process"/> too: the
    /// binary that holds the runtime is mapped at the same address, and the runtime has a thread. A forked child has its
    /// parent's mappings, so its runtime is where its parent's is: no symbol table to read again. Anything else (an
    /// exec'd program, another build) is <see cref="LocateStatus.NoPython"/> here, for the full search to decide.
    /// </summary>
    public static LocateStatus TryReuse(ITargetProcess process, RuntimeAnchor anchor)
    {
        bool mapped = false;
        foreach (LoadedModule module in process.Modules())
            mapped |= module == anchor.Module;
        if (!mapped) return LocateStatus.NoPython;
        return HasThreads(process.Memory, anchor.Layout, anchor.InterpreterHeadPointer) ? LocateStatus.Ready : LocateStatus.NotReady;
    }

    /// <summary>
    /// The garbage collector's flag when it is the runtime's: _PyRuntime.gc.collecting (3.7-3.8, found from the head
    /// pointer, which lies in _PyRuntime), or gcmodule.c's <c>static int collecting</c> (≤3.6), which only a full
    /// symbol table names (pyenv's builds keep it; stripped builds do not). 0 from 3.9, where each interpreter has one.
    /// </summary>
    private static ulong RuntimeGcCollecting(IModuleSymbols symbols, Layout layout, ulong headPointer)
    {
        if (layout.Runtime.GcCollecting >= 0 && layout.Runtime.InterpretersHead >= 0)
            return headPointer - (ulong)layout.Runtime.InterpretersHead + (ulong)layout.Runtime.GcCollecting;
        if (layout.Runtime.InterpretersHead < 0 && layout.Interpreter.GcCollecting < 0 && symbols.TryGetSymbol("collecting", out ulong collecting))
            return collecting;
        return 0;
    }

    /// <summary>Whether the head interpreter has a first thread state: the runtime is initialised enough to sample.</summary>
    private static bool HasThreads(IProcessMemory memory, Layout layout, ulong headPointer) =>
        memory.TryReadPointer(headPointer, out ulong interp) && interp != 0 &&
        memory.TryReadPointer(interp + (ulong)layout.Interpreter.ThreadsHead, out ulong thread) && thread != 0;

    /// <summary>libpython first (the executable of a shared build is a stub), then the executable itself.</summary>
    private static IEnumerable<LoadedModule> Candidates(ITargetProcess process)
    {
        IReadOnlyList<LoadedModule> modules = process.Modules();
        foreach (LoadedModule m in modules)
            if (VersionDetector.IsLibPython(m.Path)) yield return m;
        string? exe = process.ExecutablePath;
        foreach (LoadedModule m in modules)
            if (exe is not null && m.Path == exe && !VersionDetector.IsLibPython(m.Path)) yield return m;
    }

    /// <summary>
    /// The full version (X.Y.Z) of a runtime whose version came from a file name (X.Y only), from the sys.version
    /// text; null while it is not there yet (it is written during start-up, after the first thread state).
    /// </summary>
    public static PythonVersion? FullVersion(ITargetProcess process, RuntimeAnchor anchor)
    {
        PythonVersion v = anchor.Layout.Version;
        if (v.Micro >= 0) return v;
        if (ScanVersion(process, anchor.Module) is not PythonVersion full) return null;
        return full.Major == v.Major && full.Minor == v.Minor ? full : null;
    }

    /// <summary>Last resort for the version: the sys.version text in the module's writable memory.</summary>
    private static PythonVersion? ScanVersion(ITargetProcess process, LoadedModule module)
    {
        byte[] block = new byte[64 * 1024];
        foreach ((ulong start, ulong end) in process.WritableRegions(module))
        {
            for (ulong at = start; at < end && at - start < (16UL << 20); at += (ulong)block.Length - 256)
            {
                int size = (int)Math.Min((ulong)block.Length, end - at);
                if (!process.Memory.TryRead(at, block.AsSpan(0, size))) continue;
                if (VersionDetector.FindVersionText(block.AsSpan(0, size)) is PythonVersion v) return v;
            }
        }
        return null;
    }
}
