// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Buffers.Binary;

namespace Austin.Binary;

/// <summary>
/// A loaded symbol table and its string table. Lookups compare UTF-8 bytes in place: no string is made
/// per symbol. Every name offset is checked against the string table, every name must end with a NUL
/// inside it; entries that break either rule are skipped.
/// </summary>
internal sealed class ElfSymbolTable(ReadOnlyMemory<byte> symbols, ReadOnlyMemory<byte> strings)
{
    public static readonly ElfSymbolTable Empty = new(ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty);

    /// <summary>Number of entries, including the null symbol at index 0.</summary>
    public int Count => symbols.Length / ElfSymbol.EntrySize;

    /// <summary>The first defined symbol (<c>st_shndx != SHN_UNDEF</c>) called <paramref name="name"/>.</summary>
    public bool TryFind(ReadOnlySpan<byte> name, out ElfSymbol symbol)
    {
        symbol = default;
        if (name.IsEmpty)
            return false;
        ReadOnlySpan<byte> syms = symbols.Span, strs = strings.Span;
        byte first = name[0];
        int count = Count;
        for (int i = 1; i < count; i++) // 0 is the null symbol
        {
            ReadOnlySpan<byte> entry = syms.Slice(i * ElfSymbol.EntrySize, ElfSymbol.EntrySize);
            uint offset = BinaryPrimitives.ReadUInt32LittleEndian(entry);
            // Cheap rejections first: the first byte, then the terminator, then the whole name.
            if (offset >= (uint)strs.Length || strs[(int)offset] != first)
                continue;
            ReadOnlySpan<byte> candidate = strs[(int)offset..];
            if (candidate.Length <= name.Length || candidate[name.Length] != 0 || !candidate[..name.Length].SequenceEqual(name))
                continue;
            ElfSymbol found = ElfSymbol.Read(entry);
            if (!found.IsDefined)
                continue;
            symbol = found;
            return true;
        }
        return false;
    }

    public ElfSymbolEnumerator GetEnumerator() => new(symbols.Span, strings.Span);
}

/// <summary>One symbol with its name, as the enumerator yields it.</summary>
internal readonly ref struct ElfSymbolEntry(int index, ReadOnlySpan<byte> name, ElfSymbol symbol)
{
    public int Index { get; } = index;

    /// <summary>UTF-8 name without its NUL; empty when the name offset or terminator is invalid.</summary>
    public ReadOnlySpan<byte> Name { get; } = name;

    public ElfSymbol Symbol { get; } = symbol;
}

/// <summary>Walks every entry after the null symbol, allocation-free.</summary>
internal ref struct ElfSymbolEnumerator(ReadOnlySpan<byte> symbols, ReadOnlySpan<byte> strings)
{
    private readonly ReadOnlySpan<byte> _symbols = symbols;
    private readonly ReadOnlySpan<byte> _strings = strings;
    private int _index;

    public readonly ElfSymbolEntry Current
    {
        get
        {
            ReadOnlySpan<byte> entry = _symbols.Slice(_index * ElfSymbol.EntrySize, ElfSymbol.EntrySize);
            return new ElfSymbolEntry(_index, NameAt(BinaryPrimitives.ReadUInt32LittleEndian(entry)), ElfSymbol.Read(entry));
        }
    }

    public bool MoveNext()
    {
        if (_index + 1 >= _symbols.Length / ElfSymbol.EntrySize)
            return false;
        _index++;
        return true;
    }

    public readonly ElfSymbolEnumerator GetEnumerator() => this;

    private readonly ReadOnlySpan<byte> NameAt(uint offset)
    {
        if (offset >= (uint)_strings.Length)
            return default;
        ReadOnlySpan<byte> rest = _strings[(int)offset..];
        int end = rest.IndexOf((byte)0);
        return end < 0 ? default : rest[..end];
    }
}
