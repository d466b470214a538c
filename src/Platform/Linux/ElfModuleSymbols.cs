// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Text;
using Austin.Binary;

namespace Austin.Platform.Linux;

/// <summary>An ELF module's symbols and sections, relocated by its load bias in the target.</summary>
internal sealed class ElfModuleSymbols(LoadedModule module, ElfFile elf, ulong bias) : IModuleSymbols, IDisposable
{
    public LoadedModule Module => module;

    public ulong Bias => bias;

    public bool TryGetSymbol(string name, out ulong address)
    {
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(name.Length)];
        int length = Encoding.UTF8.GetBytes(name, utf8);
        // .dynsym first (survives strip), then .symtab for statics such as interp_head.
        if (elf.TryFindSymbol(utf8[..length], out ElfSymbol symbol) && symbol.IsDefined && symbol.Value != 0)
        {
            address = unchecked(bias + symbol.Value);
            return true;
        }
        address = 0;
        return false;
    }

    /// <summary>GCC and Clang name an ELF section after the attribute's name with a dot in front (".PyRuntime").</summary>
    public bool TryGetDataSection(string name, out ulong address)
    {
        Span<byte> utf8 = stackalloc byte[1 + Encoding.UTF8.GetMaxByteCount(name.Length)];
        utf8[0] = (byte)'.';
        int length = 1 + Encoding.UTF8.GetBytes(name, utf8[1..]);
        if (elf.TryFindSection(utf8[..length], out ElfSection section) && section.Address != 0)
        {
            address = unchecked(bias + section.Address);
            return true;
        }
        address = 0;
        return false;
    }

    public bool NamesSymbolStartingWith(string prefix)
    {
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(prefix.Length)];
        ReadOnlySpan<byte> wanted = utf8[..Encoding.UTF8.GetBytes(prefix, utf8)];
        foreach (ElfSymbolEntry entry in elf.EnumerateSymbols(ElfSymbolTableKind.Dynamic))
            if (entry.Name.StartsWith(wanted)) return true;
        return false;
    }

    public void Dispose() => elf.Dispose();
}
