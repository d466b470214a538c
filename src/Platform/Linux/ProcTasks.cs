// SPDX-License-Identifier: GPL-3.0-or-later
using System;

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
        byte* path = stackalloc byte[ProcFiles.PathCapacity];
        ProcFiles.PathOf(path, pid, "/task"u8);
        byte* entries = stackalloc byte[NumericDirectory.BufferSize];
        using NumericDirectory tasks = NumericDirectory.Open(path, entries);
        if (!tasks.IsOpen) return -1;
        int seen = 0;
        while (seen < maxThreads && tasks.Next(out int tid))
        {
            int cpu = LastCpu(pid, tid);
            if (cpu >= 0 && cpu < cpus.Length * 64) cpus[cpu / 64] |= 1UL << (cpu % 64);
            seen++;
        }
        return seen;
    }

    /// <summary>Field 39 of /proc/PID/task/TID/stat ("processor"): the CPU the thread last ran on, or -1.</summary>
    private static int LastCpu(int pid, int tid)
    {
        byte* path = stackalloc byte[ProcFiles.PathCapacity];
        ProcFiles.TaskPathOf(path, pid, tid, "/stat"u8);
        byte* text = stackalloc byte[1024];
        int n = ProcFiles.Read(path, new Span<byte>(text, 1024));
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
}
