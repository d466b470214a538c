// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using Austin.Platform;

namespace Austin.Tests;

/// <summary>
/// A synthetic address space: sparse 4 KiB pages, readable where mapped. Reads behave like
/// process_vm_readv as <c>LinuxProcessMemory</c> uses it (an empty read succeeds; address 0, a wrap past
/// 2^64 or any unmapped byte fails), except that a failed read poisons the destination instead of leaving
/// it untouched, so that code which trusts a buffer after a failed read is caught.
/// </summary>
/// <remarks>
/// Not thread-safe: one instance per test case. The page table can be swapped wholesale
/// (<see cref="AdoptPagesOf"/>, no allocation) from <see cref="BeforeRead"/>, to model a target that
/// changes while it is being read.
/// </remarks>
internal sealed class FakeMemory : IProcessMemory
{
    public const int PageSize = 4096;
    private const byte Poison = 0xA5;

    private Dictionary<ulong, byte[]> _pages = new();

    /// <summary>Reads attempted so far (successful or not).</summary>
    public long Reads { get; private set; }

    /// <summary>Bytes requested so far.</summary>
    public long BytesRequested { get; private set; }

    /// <summary>The longest single read requested.</summary>
    public int LargestRead { get; private set; }

    /// <summary>
    /// Reads allowed before every further read fails (as if the process had gone): turns a runaway walk into
    /// a quick, detectable failure instead of a hung test. <see cref="long.MaxValue"/> by default.
    /// </summary>
    public long ReadBudget { get; set; } = long.MaxValue;

    /// <summary>True once a read was refused because <see cref="ReadBudget"/> was spent.</summary>
    public bool BudgetExhausted { get; private set; }

    /// <summary>Called before each read with the number of reads done so far.</summary>
    public Action<long>? BeforeRead { get; set; }

    public IEnumerable<ulong> MappedPages => _pages.Keys.OrderBy(p => p).Select(p => p * PageSize);

    public int PageCount => _pages.Count;

    public bool TryRead(ulong address, Span<byte> destination)
    {
        BeforeRead?.Invoke(Reads);
        Reads++;
        BytesRequested += destination.Length;
        LargestRead = Math.Max(LargestRead, destination.Length);
        if (Reads > ReadBudget)
        {
            BudgetExhausted = true;
            destination.Fill(Poison);
            return false;
        }
        if (destination.IsEmpty) return true;
        if (address == 0 || address + (ulong)destination.Length < address || !TryCopy(address, destination))
        {
            destination.Fill(Poison);
            return false;
        }
        return true;
    }

    private bool TryCopy(ulong address, Span<byte> destination)
    {
        int done = 0;
        while (done < destination.Length)
        {
            ulong at = address + (ulong)done;
            if (!_pages.TryGetValue(at / PageSize, out byte[]? page)) return false;
            int offset = (int)(at % PageSize);
            int n = Math.Min(PageSize - offset, destination.Length - done);
            page.AsSpan(offset, n).CopyTo(destination[done..]);
            done += n;
        }
        return true;
    }

    /// <summary>Maps (zero-filled) every page touched by [address, address + length).</summary>
    public void Map(ulong address, long length)
    {
        if (length <= 0) return;
        for (ulong p = address / PageSize; p <= (address + (ulong)length - 1) / PageSize; p++)
            if (!_pages.ContainsKey(p)) _pages[p] = new byte[PageSize];
    }

    /// <summary>Unmaps the page holding <paramref name="address"/>.</summary>
    public void Unmap(ulong address) => _pages.Remove(address / PageSize);

    public bool IsMapped(ulong address) => _pages.ContainsKey(address / PageSize);

    /// <summary>Writes bytes, mapping pages as needed.</summary>
    public void Write(ulong address, ReadOnlySpan<byte> bytes)
    {
        Map(address, bytes.Length);
        WriteMapped(address, bytes);
    }

    /// <summary>Writes only the bytes that fall on mapped pages (a mutation never maps memory).</summary>
    public void WriteMapped(ulong address, ReadOnlySpan<byte> bytes)
    {
        for (int i = 0; i < bytes.Length; i++)
        {
            ulong at = address + (ulong)i;
            if (_pages.TryGetValue(at / PageSize, out byte[]? page)) page[at % PageSize] = bytes[i];
        }
    }

    public void WriteU64(ulong address, ulong value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, value);
        Write(address, b);
    }

    public void WriteI64(ulong address, long value) => WriteU64(address, (ulong)value);

    public void WriteU32(ulong address, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        Write(address, b);
    }

    public void WriteI32(ulong address, int value) => WriteU32(address, (uint)value);

    public void WriteU8(ulong address, byte value) => Write(address, [value]);

    /// <summary>The byte at <paramref name="address"/>, or null when unmapped.</summary>
    public byte? Peek(ulong address) =>
        _pages.TryGetValue(address / PageSize, out byte[]? page) ? page[address % PageSize] : null;

    /// <summary>A deep copy of the pages (counters and hooks are not copied).</summary>
    public FakeMemory Clone()
    {
        var copy = new FakeMemory();
        foreach ((ulong p, byte[] page) in _pages) copy._pages[p] = (byte[])page.Clone();
        return copy;
    }

    /// <summary>Makes this memory show exactly <paramref name="other"/>'s pages (shared, not copied).</summary>
    public void AdoptPagesOf(FakeMemory other) => _pages = other._pages;

    /// <summary>Resets the counters and the budget flag (not the budget).</summary>
    public void ResetCounters()
    {
        Reads = 0;
        BytesRequested = 0;
        LargestRead = 0;
        BudgetExhausted = false;
    }
}
