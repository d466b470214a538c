// SPDX-License-Identifier: GPL-3.0-or-later
using Austin.Interop.Linux;

namespace Austin.Platform.Linux;

/// <summary>
/// The entries of a directory whose names are numbers (/proc, /proc/PID/task), read with getdents64 into a caller's
/// buffer: no allocation, whatever the number of entries.
/// </summary>
internal unsafe ref struct NumericDirectory
{
    /// <summary>The size of the buffer the caller gives.</summary>
    public const int BufferSize = 4096;

    private readonly int _fd;
    private readonly byte* _buffer;
    private int _size;
    private int _at;

    private NumericDirectory(int fd, byte* buffer)
    {
        _fd = fd;
        _buffer = buffer;
    }

    /// <summary>Opens the directory at <paramref name="path"/> (NUL-terminated); <see cref="IsOpen"/> says whether it could.</summary>
    public static NumericDirectory Open(byte* path, byte* buffer) =>
        new(Libc.Open(path, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0), buffer);

    public readonly bool IsOpen => _fd >= 0;

    /// <summary>The next entry whose name is a number; false at the end.</summary>
    public bool Next(out int value)
    {
        value = 0;
        if (_fd < 0) return false;
        while (true)
        {
            if (_at + 19 >= _size)
            {
                nint read = Libc.Getdents64(_fd, _buffer, BufferSize);
                if (read <= 0) return false;
                (_size, _at) = ((int)read, 0);
            }
            // struct linux_dirent64 { u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[]; }
            ushort recordLength = *(ushort*)(_buffer + _at + 16);
            if (recordLength == 0)
            {
                _size = 0;
                continue;
            }
            byte* name = _buffer + _at + 19;
            _at += recordLength;
            if (ProcFiles.TryParse(name, out value)) return true;
        }
    }

    public readonly void Dispose()
    {
        if (_fd >= 0) Libc.Close(_fd);
    }
}
