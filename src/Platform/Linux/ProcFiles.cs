// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using Austin.Interop.Linux;

namespace Austin.Platform.Linux;

/// <summary>
/// Paths under /proc built in a caller's stack buffer, and small /proc files read into one: what the sampling loop
/// looks at between samples must not make garbage.
/// </summary>
internal static unsafe class ProcFiles
{
    /// <summary>Room for "/proc/PID/task/TID/children" and the like, NUL included.</summary>
    public const int PathCapacity = 96;

    /// <summary>Writes "/proc/<paramref name="pid"/><paramref name="tail"/>" and a NUL into <paramref name="path"/>.</summary>
    public static void PathOf(byte* path, int pid, ReadOnlySpan<byte> tail)
    {
        int length = Append(path, 0, "/proc/"u8);
        length = AppendNumber(path, length, pid);
        length = Append(path, length, tail);
        path[length] = 0;
    }

    /// <summary>Writes "/proc/<paramref name="pid"/>/task/<paramref name="tid"/><paramref name="tail"/>" and a NUL.</summary>
    public static void TaskPathOf(byte* path, int pid, int tid, ReadOnlySpan<byte> tail)
    {
        int length = Append(path, 0, "/proc/"u8);
        length = AppendNumber(path, length, pid);
        length = Append(path, length, "/task/"u8);
        length = AppendNumber(path, length, tid);
        length = Append(path, length, tail);
        path[length] = 0;
    }

    /// <summary>Reads the start of the file at <paramref name="path"/> into <paramref name="buffer"/>; the bytes read, or -1.</summary>
    public static int Read(byte* path, Span<byte> buffer)
    {
        int fd = Libc.Open(path, Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        if (fd < 0) return -1;
        nint n;
        fixed (byte* into = buffer) n = Libc.Pread(fd, into, (nuint)buffer.Length, 0);
        Libc.Close(fd);
        return (int)n;
    }

    /// <summary>
    /// The process state letter of /proc/PID/stat ('R', 'S', 'Z'...), or 0 when the process is gone. The command
    /// name before it may hold spaces and parentheses, so the state is found after the last ')'.
    /// </summary>
    public static byte State(int pid, out int parentPid)
    {
        parentPid = 0;
        byte* path = stackalloc byte[PathCapacity];
        PathOf(path, pid, "/stat"u8);
        Span<byte> text = stackalloc byte[512];
        int n = Read(path, text);
        if (n <= 0) return 0;
        ReadOnlySpan<byte> line = text[..n];
        int paren = line.LastIndexOf((byte)')');
        if (paren < 0 || paren + 2 >= n) return 0;
        // ") S 1234 ...": the state, then the parent's PID (field 4).
        line = line[(paren + 2)..];
        byte state = line[0];
        int at = 1;
        while (at < line.Length && line[at] == (byte)' ') at++;
        while (at < line.Length && line[at] is >= (byte)'0' and <= (byte)'9') parentPid = parentPid * 10 + (line[at++] - '0');
        return state;
    }

    /// <summary>A decimal PID or TID from a NUL-terminated directory entry name; false for anything else.</summary>
    public static bool TryParse(byte* name, out int value)
    {
        value = 0;
        int i = 0;
        for (; name[i] != 0; i++)
        {
            if (name[i] is < (byte)'0' or > (byte)'9' || i >= 9) return false;
            value = value * 10 + (name[i] - '0');
        }
        return i > 0;
    }

    public static int Append(byte* buffer, int at, ReadOnlySpan<byte> text)
    {
        text.CopyTo(new Span<byte>(buffer + at, text.Length));
        return at + text.Length;
    }

    public static int AppendNumber(byte* buffer, int at, int value)
    {
        Span<byte> digits = stackalloc byte[10];
        int n = 0;
        do { digits[n++] = (byte)('0' + value % 10); value /= 10; } while (value > 0);
        while (n > 0) buffer[at++] = digits[--n];
        return at;
    }
}
