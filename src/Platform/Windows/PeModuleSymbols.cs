// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using Austin.Binary;

namespace Austin.Platform.Windows;

/// <summary>
/// A PE module's exports and sections, at the base where Windows mapped it (its HMODULE): an image is mapped
/// whole, so base + RVA is the address in the target, whatever ASLR chose.
/// </summary>
internal sealed class PeModuleSymbols(LoadedModule module, PeFile pe) : IModuleSymbols, IDisposable
{
    public LoadedModule Module => module;

    /// <summary>
    /// The export table: python3X.dll exports its data (PyAPI_DATA: _PyRuntime, Py_Version, PyCode_Type) and API
    /// functions; statics such as interp_head are not there (no symbol table survives in a release DLL).
    /// </summary>
    public bool TryGetSymbol(string name, out ulong address)
    {
        address = pe.TryGetExport(name, out uint rva) ? module.LowestAddress + rva : 0;
        return address != 0;
    }

    /// <summary>MSVC's <c>__declspec(allocate("PyRuntime"))</c>: an image section named by the first 8 characters.</summary>
    public bool TryGetDataSection(string name, out ulong address)
    {
        address = pe.TryFindSection(name, out PeSection section) && section.VirtualAddress != 0 ? module.LowestAddress + section.VirtualAddress : 0;
        return address != 0;
    }

    public bool NamesSymbolStartingWith(string prefix)
    {
        foreach (string name in pe.ExportNames)
            if (name.StartsWith(prefix, StringComparison.Ordinal)) return true;
        foreach (string name in pe.ImportNames)
            if (name.StartsWith(prefix, StringComparison.Ordinal)) return true;
        return false;
    }

    public void Dispose() => pe.Dispose();
}
