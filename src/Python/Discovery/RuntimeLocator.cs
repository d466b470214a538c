// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using Austin.Platform;
using Austin.Python.Abi;

namespace Austin.Python.Discovery;

/// <summary>Where a CPython runtime lives in a process, as discovery found it: everything a walker needs to start.</summary>
internal sealed record RuntimeAnchor(Layout Layout, ulong InterpreterHeadPointer, ulong CodeType, ulong ThreadStateCurrent, LoadedModule Module);

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
/// version; the anchor (_PyRuntime symbol or .PyRuntime section for 3.7+, interp_head for older ones, else
/// the address PyInterpreterState_Head() returns, decoded from its machine code).
/// </summary>
internal static class RuntimeLocator
{
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
            bool hasRuntime = symbols.TryGetSymbol("_PyRuntime", out ulong pyRuntime) || symbols.TryGetSection(".PyRuntime", out pyRuntime);
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

            Span<byte> debug = stackalloc byte[DebugOffsets.Size314];
            if (!hasRuntime || !process.Memory.TryRead(pyRuntime, debug)) debug.Clear();

            PythonVersion? version = VersionDetector.Detect(process.Memory, symbols, debug, () => ScanVersion(process, module));
            if (version is not PythonVersion v) continue;
            if (!VersionTable.IsSupported(v))
                throw new AustinException(ExitCodes.DataError, $"Python {v} is not supported (austin supports 2.7 and 3.3 to 3.14)");
            Layout? layout = VersionTable.For(v);
            if (layout is null)
                throw new AustinException(ExitCodes.DataError, $"Python {v} is not supported");
            if (DebugOffsets.HasCookie(debug))
                layout = DebugOffsets.Apply(layout, debug) ?? layout;

            if (layout.RuntimeInterpretersHead >= 0 && hasRuntime)
                headPointer = pyRuntime + (ulong)layout.RuntimeInterpretersHead;
            else if (layout.RuntimeInterpretersHead < 0 && hasInterpHead)
                headPointer = interpHead;
            else if (hasHeadFunction)
                headPointer = DecodeHeadFunction(process.Memory, headFunction);
            if (headPointer == 0) continue;

            symbols.TryGetSymbol("PyCode_Type", out ulong codeType);
            symbols.TryGetSymbol("_PyThreadState_Current", out ulong threadStateCurrent);
            if (!HasThreads(process.Memory, layout, headPointer)) continue;
            anchor = new RuntimeAnchor(layout, headPointer, codeType, threadStateCurrent, module);
            return LocateStatus.Ready;
        }
        // Right after an exec the kernel has named the new executable but not mapped it yet (the parent of a vfork
        // resumes at that point): nothing can be told of it, so it counts as loading, not as "no Python".
        if (sawRuntime) return LocateStatus.NotReady;
        return sawLauncher || !sawExecutable ? LocateStatus.Loading : LocateStatus.NoPython;
    }

    /// <summary>Whether the head interpreter has a first thread state: the runtime is initialised enough to sample.</summary>
    private static bool HasThreads(IProcessMemory memory, Layout layout, ulong headPointer) =>
        memory.TryReadPointer(headPointer, out ulong interp) && interp != 0 &&
        memory.TryReadPointer(interp + (ulong)layout.InterpThreadsHead, out ulong thread) && thread != 0;

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
    /// PyInterpreterState_Head() is "return the head" and compiles, in the builds seen (internals doc §2.5), to
    /// <c>mov rax,[rip+d32]; ret</c> (the address of interp_head, or of _PyRuntime.interpreters.head in a
    /// static build) or, in a shared 3.7+ build, <c>mov rax,[rip+d32]</c> (a GOT slot holding &amp;_PyRuntime),
    /// <c>mov rax,[rax+d8|d32]; ret</c>. Anything else: 0.
    /// </summary>
    internal static ulong DecodeHeadFunction(IProcessMemory memory, ulong function)
    {
        Span<byte> code = stackalloc byte[16];
        if (!memory.TryRead(function, code)) return 0;
        return DecodeHeadFunction(code, function, slot => memory.TryReadPointer(slot, out ulong v) ? v : 0);
    }

    internal static ulong DecodeHeadFunction(ReadOnlySpan<byte> code, ulong function, Func<ulong, ulong> readPointer)
    {
        if (code.Length < 12 || code[0] != 0x48 || code[1] != 0x8b || code[2] != 0x05) return 0;
        ulong target = function + 7 + (ulong)(long)BitConverter.ToInt32(code[3..7]);
        if (code[7] == 0xc3) return target;
        if (code[7] != 0x48 || code[8] != 0x8b) return 0;
        ulong runtime = readPointer(target);
        if (runtime == 0) return 0;
        if (code[9] == 0x40 && code[11] == 0xc3) return runtime + (ulong)(sbyte)code[10];
        if (code[9] == 0x80 && code.Length >= 15 && code[14] == 0xc3) return runtime + (ulong)(long)BitConverter.ToInt32(code[10..14]);
        return 0;
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
