// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using Austin.Binary;

namespace Austin.Platform.MacOS;

/// <summary>
/// A Mach-O module's symbols and sections, moved by its slide in the target: dyld loads the image's Mach header at
/// <see cref="LoadedModule.LowestAddress"/>, and the header is the start of __TEXT.
/// </summary>
internal sealed class MachOModuleSymbols : IModuleSymbols, IDisposable
{
    private readonly MachOFile _file;

    private MachOModuleSymbols(LoadedModule module, MachOFile file, ulong slide)
    {
        Module = module;
        _file = file;
        Slide = slide;
    }

    /// <summary>The module's symbols, or null when its file has no __TEXT segment to slide from.</summary>
    public static MachOModuleSymbols? Of(LoadedModule module, MachOFile file)
    {
        if (!file.TryGetTextAddress(out ulong text)) return null;
        return new MachOModuleSymbols(module, file, unchecked(module.LowestAddress - text));
    }

    public LoadedModule Module { get; }

    public ulong Slide { get; }

    public bool TryGetSymbol(string name, out ulong address)
    {
        if (_file.TryFindSymbol(name, out ulong value))
        {
            address = unchecked(value + Slide);
            return true;
        }
        address = 0;
        return false;
    }

    public bool TryGetDataSection(string name, out ulong address)
    {
        if (_file.TryFindDataSection(name, out MachOSection section) && section.Address != 0)
        {
            address = unchecked(section.Address + Slide);
            return true;
        }
        address = 0;
        return false;
    }

    public bool NamesSymbolStartingWith(string prefix) => _file.NamesExternalStartingWith(prefix);

    public void Dispose() => _file.Dispose();
}
