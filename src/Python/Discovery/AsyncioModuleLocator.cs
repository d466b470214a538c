// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.IO;
using Austin.Platform;

namespace Austin.Python.Discovery;

/// <summary>
/// Finds the table the _asyncio module publishes for tools outside the process (3.14+, _Py_AsyncioModuleDebugOffsets):
/// in its section AsyncioDebug, whose symbol is _AsyncioDebug in 3.14's extension module (_asyncio.cpython-314*.so,
/// mapped when asyncio is first imported) and _Py_AsyncioDebug from 3.15, where the module is built into libpython or
/// the executable. The symbol is local (a full symbol table has it); the section stays in a stripped binary.
/// </summary>
internal sealed class AsyncioModuleLocator(ITargetProcess process, LoadedModule runtime)
{
    private const string Section = "AsyncioDebug";
    private bool _runtimeLooked;
    // The last extension module looked into in vain: not opened again until another one is mapped.
    private LoadedModule? _lookedInto;

    /// <summary>The address of the module's table, or 0 while it is not mapped (asyncio not imported yet). Allocates: call it now and then.</summary>
    public ulong Find()
    {
        if (!_runtimeLooked)
        {
            _runtimeLooked = true;
            ulong builtIn = TableIn(runtime);
            if (builtIn != 0) return builtIn;
        }
        foreach (LoadedModule module in process.Modules())
        {
            if (!Path.GetFileName(module.Path).StartsWith("_asyncio.", StringComparison.Ordinal) || module == _lookedInto) continue;
            _lookedInto = module;
            ulong table = TableIn(module);
            if (table != 0) return table;
        }
        return 0;
    }

    private ulong TableIn(LoadedModule module)
    {
        IModuleSymbols? symbols = process.OpenSymbols(module);
        if (symbols is null) return 0;
        if (symbols.TryGetSymbol("_Py_AsyncioDebug", out ulong table) || symbols.TryGetSymbol("_AsyncioDebug", out table)
            || symbols.TryGetDataSection(Section, out table))
            return table;
        return 0;
    }
}
