// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Austin.Platform;

/// <summary>Another process's memory, read without stopping it. The one thing the CPython model needs of an OS.</summary>
internal interface IProcessMemory
{
    /// <summary>Copies <paramref name="destination"/>.Length bytes from <paramref name="address"/>; false if any byte is unreadable.</summary>
    bool TryRead(ulong address, Span<byte> destination);

    /// <summary>
    /// Reads <paramref name="size"/> bytes at each of <paramref name="addresses"/> into consecutive slots of
    /// <paramref name="destination"/>, in as few system calls as the OS allows; false if any byte is unreadable.
    /// </summary>
    bool TryReadMany(ReadOnlySpan<ulong> addresses, int size, Span<byte> destination)
    {
        for (int i = 0; i < addresses.Length; i++)
            if (!TryRead(addresses[i], destination.Slice(i * size, size))) return false;
        return true;
    }

    /// <summary>
    /// Reads <paramref name="sizes"/>[i] bytes at each of <paramref name="addresses"/>[i] into consecutive parts of
    /// <paramref name="destination"/>, stopping at the first one that cannot be read; returns how many were read whole.
    /// </summary>
    int ReadScatter(ReadOnlySpan<ulong> addresses, ReadOnlySpan<int> sizes, Span<byte> destination)
    {
        int offset = 0;
        for (int i = 0; i < addresses.Length; i++)
        {
            if (!TryRead(addresses[i], destination.Slice(offset, sizes[i]))) return i;
            offset += sizes[i];
        }
        return addresses.Length;
    }
}

/// <summary>Typed reads written once over <see cref="IProcessMemory"/>.</summary>
internal static class ProcessMemoryExtensions
{
    public static bool TryRead<T>(this IProcessMemory memory, ulong address, out T value) where T : unmanaged
    {
        value = default;
        return memory.TryRead(address, MemoryMarshal.AsBytes(new Span<T>(ref value)));
    }

    public static bool TryReadPointer(this IProcessMemory memory, ulong address, out ulong value) =>
        memory.TryRead(address, out value);

    /// <summary>Reads a NUL-terminated C string of at most <paramref name="buffer"/>.Length bytes; returns its length or -1.</summary>
    public static int TryReadCString(this IProcessMemory memory, ulong address, Span<byte> buffer)
    {
        // Read in small steps: a C string can end right before an unmapped page.
        int total = 0;
        while (total < buffer.Length)
        {
            int chunk = Math.Min(64, buffer.Length - total);
            Span<byte> part = buffer.Slice(total, chunk);
            if (!memory.TryRead(address + (ulong)total, part))
            {
                // Retry byte by byte up to the end of the page.
                for (int i = 0; i < chunk; i++)
                {
                    if (!memory.TryRead(address + (ulong)(total + i), part.Slice(i, 1))) return -1;
                    if (part[i] == 0) return total + i;
                }
            }
            int nul = part.IndexOf((byte)0);
            if (nul >= 0) return total + nul;
            total += chunk;
        }
        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong U64(this ReadOnlySpan<byte> span, int offset) => MemoryMarshal.Read<ulong>(span.Slice(offset, 8));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32(this ReadOnlySpan<byte> span, int offset) => MemoryMarshal.Read<int>(span.Slice(offset, 4));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong U64(this Span<byte> span, int offset) => MemoryMarshal.Read<ulong>(span.Slice(offset, 8));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32(this Span<byte> span, int offset) => MemoryMarshal.Read<int>(span.Slice(offset, 4));
}
