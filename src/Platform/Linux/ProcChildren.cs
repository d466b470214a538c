// SPDX-License-Identifier: GPL-3.0-or-later
using System;

namespace Austin.Platform.Linux;

/// <summary>
/// The child processes of a few processes, read without allocating. Each thread's children are listed in
/// /proc/PID/task/TID/children (Linux 3.5+ built with CONFIG_PROC_CHILDREN, as the major distributions' kernels are):
/// a handful of small reads per process. Where that file does not exist, every /proc/PID/stat is read once for its
/// parent PID: hundreds of reads, which is why the scan is the fallback only.
/// </summary>
internal static unsafe class ProcChildren
{
    /// <summary>Set when a kernel has no children files: the scan of /proc is used from then on.</summary>
    private static bool s_noChildrenFiles;

    /// <summary>
    /// Writes into <paramref name="children"/> the PIDs of the processes whose parent is one of
    /// <paramref name="parents"/>; returns how many (those beyond the span's length are dropped).
    /// </summary>
    public static int List(ReadOnlySpan<int> parents, Span<int> children)
    {
        if (!s_noChildrenFiles)
        {
            int found = 0;
            foreach (int parent in parents)
            {
                if (!AddChildrenOf(parent, children, ref found)) goto Scan;
            }
            return found;
        }
    Scan:
        s_noChildrenFiles = true;
        return ScanParents(parents, children);
    }

    /// <summary>Adds the children of every thread of <paramref name="pid"/>; false when the kernel has no children files.</summary>
    private static bool AddChildrenOf(int pid, Span<int> children, ref int found)
    {
        byte* path = stackalloc byte[ProcFiles.PathCapacity];
        ProcFiles.PathOf(path, pid, "/task"u8);
        byte* entries = stackalloc byte[NumericDirectory.BufferSize];
        using NumericDirectory tasks = NumericDirectory.Open(path, entries);
        if (!tasks.IsOpen) return true;   // gone: no children
        Span<byte> text = stackalloc byte[4096];
        bool first = true;
        while (tasks.Next(out int tid))
        {
            ProcFiles.TaskPathOf(path, pid, tid, "/children"u8);
            int n = ProcFiles.Read(path, text);
            if (n < 0)
            {
                // The first thread of a live process has the file where the kernel makes it: its absence says the kernel
                // has none (a thread that has just exited may lack it too, but never the first one listed, the leader).
                if (first && ProcFiles.State(pid, out _) != 0) return false;
                continue;
            }
            first = false;
            // "123 456 ": at 4096 bytes the list is cut (hundreds of children of one thread); the rest waits for the next scan.
            int value = 0, digits = 0;
            foreach (byte b in text[..n])
            {
                if (b is >= (byte)'0' and <= (byte)'9')
                {
                    value = value * 10 + (b - '0');
                    digits++;
                    continue;
                }
                if (digits > 0 && found < children.Length) children[found++] = value;
                (value, digits) = (0, 0);
            }
            if (digits > 0 && n < text.Length && found < children.Length) children[found++] = value;   // not a cut number
        }
        return true;
    }

    /// <summary>The fallback: every process's parent, from its /proc/PID/stat.</summary>
    public static int ScanParents(ReadOnlySpan<int> parents, Span<int> children)
    {
        byte* path = stackalloc byte[ProcFiles.PathCapacity];
        "/proc\0"u8.CopyTo(new Span<byte>(path, ProcFiles.PathCapacity));
        byte* entries = stackalloc byte[NumericDirectory.BufferSize];
        using NumericDirectory processes = NumericDirectory.Open(path, entries);
        int found = 0;
        while (found < children.Length && processes.Next(out int pid))
        {
            if (ProcFiles.State(pid, out int parent) != 0 && parents.Contains(parent)) children[found++] = pid;
        }
        return found;
    }
}
