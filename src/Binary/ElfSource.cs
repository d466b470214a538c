// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.IO;
using Microsoft.Win32.SafeHandles;

namespace Austin.Binary;

/// <summary>
/// Where an <see cref="ElfFile"/> reads from: a file read piecewise (a libpython is 6–30 MB and only
/// its headers and symbol tables are needed) or an image already in memory. Never throws.
/// </summary>
internal abstract class ElfSource : IDisposable
{
    public abstract long Length { get; }

    /// <summary>
    /// Exactly <paramref name="count"/> bytes at <paramref name="offset"/>, or false when the range is
    /// not inside the source or reading failed. Callers bound <paramref name="count"/>; the range check
    /// comes before any allocation.
    /// </summary>
    public abstract bool TryRead(ulong offset, int count, out ReadOnlyMemory<byte> data);

    public virtual void Dispose()
    {
    }

    /// <summary>Whether <c>[offset, offset + size)</c> lies inside a source of <paramref name="length"/> bytes, without overflow.</summary>
    public static bool Contains(long length, ulong offset, ulong size) =>
        length >= 0 && offset <= (ulong)length && size <= (ulong)length - offset;
}

/// <summary>An image in memory (tests, or a file read some other way).</summary>
internal sealed class MemoryElfSource(ReadOnlyMemory<byte> image) : ElfSource
{
    public override long Length => image.Length;

    public override bool TryRead(ulong offset, int count, out ReadOnlyMemory<byte> data)
    {
        if (count < 0 || !Contains(image.Length, offset, (ulong)count))
        {
            data = default;
            return false;
        }
        data = image.Slice((int)offset, count);
        return true;
    }
}

/// <summary>A file read with positional reads (<see cref="RandomAccess"/>), never as a whole.</summary>
internal sealed class FileElfSource : ElfSource
{
    private readonly SafeFileHandle _handle;
    private readonly long _length;

    private FileElfSource(SafeFileHandle handle, long length)
    {
        _handle = handle;
        _length = length;
    }

    public override long Length => _length;

    /// <summary>Opens <paramref name="path"/> for reading; false (and no handle left open) when it cannot be.</summary>
    public static bool TryOpen(string path, out FileElfSource? source)
    {
        source = null;
        SafeFileHandle? handle = null;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            source = new FileElfSource(handle, RandomAccess.GetLength(handle));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            handle?.Dispose();
            return false;
        }
    }

    public override bool TryRead(ulong offset, int count, out ReadOnlyMemory<byte> data)
    {
        data = default;
        if (count < 0 || _handle.IsClosed || !Contains(_length, offset, (ulong)count))
            return false;
        byte[] buffer = new byte[count];
        try
        {
            int done = 0;
            while (done < count)
            {
                int n = RandomAccess.Read(_handle, buffer.AsSpan(done), (long)offset + done);
                if (n <= 0)
                    return false; // the file shrank under us
                done += n;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ObjectDisposedException)
        {
            return false;
        }
        data = buffer;
        return true;
    }

    public override void Dispose() => _handle.Dispose();
}
