// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;

namespace Austin.Platform.Linux;

/// <summary>
/// glibc's pthread_t is the address of its struct pthread, which holds the kernel TID at an offset of the glibc
/// build (0x2d0 on glibc 2.36 x86-64). The offset is learnt from the live threads: the one at which every thread's
/// struct pthread holds a distinct TID of the process, the main thread's being the PID. Other words of a struct
/// pthread can equal the PID, so one thread alone does not decide it.
/// </summary>
internal sealed class GlibcThreadIds(int pid, Func<int, bool> isThreadOfProcess) : INativeThreadIds
{
    private const int StructSize = 0x800;
    private int _tidOffset = 0x2d0;

    public bool Learn(IProcessMemory memory, ReadOnlySpan<ulong> handles)
    {
        var pthreads = new List<byte[]>();
        foreach (ulong handle in handles)
        {
            byte[] raw = new byte[StructSize];
            if (handle != 0 && memory.TryRead(handle, raw)) pthreads.Add(raw);
        }
        for (int offset = 0; offset + 4 <= StructSize; offset += 4)
        {
            var seen = new HashSet<int>();
            bool main = false, valid = pthreads.Count > 0;
            foreach (byte[] raw in pthreads)
            {
                int tid = BitConverter.ToInt32(raw, offset);
                main |= tid == pid;
                if (tid <= 0 || !seen.Add(tid) || (tid != pid && !isThreadOfProcess(tid))) { valid = false; break; }
            }
            if (valid && main)
            {
                _tidOffset = offset;
                return true;
            }
        }
        return false;
    }

    public ulong Of(IProcessMemory memory, ulong handle) =>
        handle != 0 && memory.TryRead(handle + (ulong)_tidOffset, out int tid) && tid > 0 ? (ulong)tid : 0;
}
