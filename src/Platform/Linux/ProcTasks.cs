// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using Austin.Interop.Linux;

namespace Austin.Platform.Linux;

/// <summary>
/// The threads of a process and the CPU each last ran on, from /proc/PID/task, read without allocating: the
/// sampling loop asks a few times a second and must not make garbage.
/// </summary>
internal static unsafe class ProcTasks
{
    /// <summary>
    /// Sets in <paramref name="cpus"/> (a bit per CPU) the CPU that each of the first <paramref name="maxThreads"/>
    /// threads of <paramref name="pid"/> last ran on. Returns how many threads were seen, or -1 when the process
    /// cannot be read.
    /// </summary>
    public static int MarkLastCpus(int pid, Span<ulong> cpus, int maxThreads)
    {
        byte* path = stackalloc byte[64];
        int length = Append(path, 0, "/proc/"u8);
        length = AppendNumber(path, length, pid);
        length = Append(path, length, "/task\0"u8);
        int directory = Libc.Open(path, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        if (directory < 0) return -1;
        const int BufferSize = 4096;
        byte* entries = stackalloc byte[BufferSize];
        int seen = 0;
        try
        {
            while (seen < maxThreads)
            {
                nint read = Libc.Getdents64(directory, entries, BufferSize);
                if (read <= 0) break;
                // struct linux_dirent64 { u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[]; }
                for (int at = 0; at + 19 < read && seen < maxThreads;)
                {
                    ushort recordLength = *(ushort*)(entries + at + 16);
                    if (recordLength == 0) break;
                    byte* name = entries + at + 19;
                    if (TryParse(name, out int tid))
                    {
                        int cpu = LastCpu(pid, tid);
                        if (cpu >= 0 && cpu < cpus.Length * 64) cpus[cpu / 64] |= 1UL << (cpu % 64);
                        seen++;
                    }
                    at += recordLength;
                }
            }
        }
        finally
        {
            Libc.Close(directory);
        }
        return seen;
    }

    /// <summary>Field 39 of /proc/PID/task/TID/stat ("processor"): the CPU the thread last ran on, or -1.</summary>
    private static int LastCpu(int pid, int tid)
    {
        byte* path = stackalloc byte[96];
        int length = Append(path, 0, "/proc/"u8);
        length = AppendNumber(path, length, pid);
        length = Append(path, length, "/task/"u8);
        length = AppendNumber(path, length, tid);
        length = Append(path, length, "/stat\0"u8);
        int fd = Libc.Open(path, Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        if (fd < 0) return -1;
        byte* text = stackalloc byte[1024];
        nint n = Libc.Pread(fd, text, 1024, 0);
        Libc.Close(fd);
        if (n <= 0) return -1;
        // "tid (comm) S ppid ...": the command may hold spaces and parentheses, so count from the last ')'.
        var line = new ReadOnlySpan<byte>(text, (int)n);
        int paren = line.LastIndexOf((byte)')');
        if (paren < 0) return -1;
        line = line[(paren + 1)..];
        // After ')' come fields 3 (state), 4, ...: field 39 is the 37th.
        for (int field = 3; field < 39; field++)
        {
            line = line.TrimStart((byte)' ');
            int space = line.IndexOf((byte)' ');
            if (space < 0) return -1;
            line = line[space..];
        }
        line = line.TrimStart((byte)' ');
        int value = 0, digits = 0;
        foreach (byte b in line)
        {
            if (b is < (byte)'0' or > (byte)'9') break;
            value = value * 10 + (b - '0');
            if (++digits > 6) return -1;
        }
        return digits > 0 ? value : -1;
    }

    private static bool TryParse(byte* name, out int value)
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

    private static int Append(byte* buffer, int at, ReadOnlySpan<byte> text)
    {
        text.CopyTo(new Span<byte>(buffer + at, text.Length));
        return at + text.Length;
    }

    private static int AppendNumber(byte* buffer, int at, int value)
    {
        Span<byte> digits = stackalloc byte[10];
        int n = 0;
        do { digits[n++] = (byte)('0' + value % 10); value /= 10; } while (value > 0);
        while (n > 0) buffer[at++] = digits[--n];
        return at;
    }
}
