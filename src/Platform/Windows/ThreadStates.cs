// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Austin.Interop.Windows;

namespace Austin.Platform.Windows;

/// <summary>
/// Which threads of a process are on a CPU or ready for one (for -s), from NtQuerySystemInformation's process list,
/// as the C austin reads it on Windows. One query lists every thread: it is taken again when a thread is asked
/// about a second time (the next sample), not once per thread.
/// </summary>
internal sealed unsafe class ThreadStates(int pid)
{
    private const uint Ready = 1, Running = 2;   // KTHREAD_STATE
    private readonly Dictionary<ulong, bool> _running = new();
    private readonly HashSet<ulong> _asked = new();
    private byte[] _buffer = new byte[256 * 1024];

    public bool IsRunning(ulong tid)
    {
        if (!_asked.Add(tid) || _running.Count == 0)
        {
            _asked.Clear();
            _asked.Add(tid);
            Refresh();
        }
        return _running.TryGetValue(tid, out bool running) && running;
    }

    private void Refresh()
    {
        _running.Clear();
        if (Query(ref _buffer)) Parse(_buffer);
    }

    /// <summary>NtQuerySystemInformation(SystemProcessInformation) into <paramref name="buffer"/>, grown when too small.</summary>
    public static bool Query(ref byte[] buffer)
    {
        for (int attempt = 0; attempt < 4; attempt++)
        {
            int status;
            uint needed;
            fixed (byte* p = buffer)
                status = NtDll.NtQuerySystemInformation(NtDll.SystemProcessInformation, p, (uint)buffer.Length, out needed);
            if (status == NtDll.STATUS_INFO_LENGTH_MISMATCH)
            {
                buffer = new byte[Math.Max(buffer.Length * 2, (int)Math.Min(needed + 65536, 64u << 20))];
                continue;
            }
            return status >= 0;
        }
        return false;
    }

    /// <summary>
    /// Writes the PIDs of the processes whose parent is one of <paramref name="parents"/> from a process list that
    /// <see cref="Query"/> filled; returns how many (those past the span's end are dropped).
    /// </summary>
    public static int Children(ReadOnlySpan<byte> list, ReadOnlySpan<int> parents, Span<int> children)
    {
        int found = 0, at = 0;
        while (at + NtDll.ProcessSize <= list.Length)
        {
            ReadOnlySpan<byte> process = list[at..];
            long parent = MemoryMarshal.Read<long>(process[NtDll.ProcessInheritedFromUniqueProcessId..]);
            long pid = MemoryMarshal.Read<long>(process[NtDll.ProcessUniqueProcessId..]);
            if (pid != 0 && parents.Contains((int)parent) && found < children.Length) children[found++] = (int)pid;
            int next = MemoryMarshal.Read<int>(process);
            if (next <= 0) break;
            at += next;
        }
        return found;
    }

    private void Parse(ReadOnlySpan<byte> list)
    {
        int at = 0;
        while (at + NtDll.ProcessSize <= list.Length)
        {
            ReadOnlySpan<byte> process = list[at..];
            if (MemoryMarshal.Read<long>(process[NtDll.ProcessUniqueProcessId..]) == pid)
            {
                int threads = MemoryMarshal.Read<int>(process[NtDll.ProcessNumberOfThreads..]);
                for (int i = 0; i < threads; i++)
                {
                    int entry = NtDll.ProcessSize + i * NtDll.ThreadSize;
                    if (entry + NtDll.ThreadSize > process.Length) break;
                    ulong tid = MemoryMarshal.Read<ulong>(process[(entry + NtDll.ThreadUniqueThread)..]);
                    uint state = MemoryMarshal.Read<uint>(process[(entry + NtDll.ThreadState)..]);
                    _running[tid] = state is Ready or Running;
                }
                return;
            }
            int next = MemoryMarshal.Read<int>(process);
            if (next <= 0) return;
            at += next;
        }
    }
}
