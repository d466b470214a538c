// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using Austin.Interop.MacOS;

namespace Austin.Platform.MacOS;

/// <summary>
/// The threads of a task, by their system-wide thread id (what pthread_threadid_np returns, and CPython 3.11+ stores
/// as native_thread_id): task_threads, then thread_info(THREAD_IDENTIFIER_INFO) for the id and the pthread_t
/// (thread_handle), and THREAD_BASIC_INFO for whether one runs.
/// </summary>
internal sealed unsafe class MacThreads(uint task) : INativeThreadIds
{
    private readonly Dictionary<ulong, ulong> _idByHandle = new();

    /// <summary>Calls <paramref name="visit"/> with each thread's port, id and pthread_t until it returns true; true when one did.</summary>
    private bool Any(Func<uint, ulong, ulong, bool> visit)
    {
        if (Mach.TaskThreads(task, out uint* threads, out uint count) != KernReturn.KERN_SUCCESS) return false;
        bool found = false;
        uint self = MacPlatform.SelfTask;
        try
        {
            int* identifier = stackalloc int[(int)Mach.THREAD_IDENTIFIER_INFO_COUNT];
            for (uint i = 0; i < count && !found; i++)
            {
                uint size = Mach.THREAD_IDENTIFIER_INFO_COUNT;
                if (Mach.ThreadInfo(threads[i], Mach.THREAD_IDENTIFIER_INFO, identifier, ref size) != KernReturn.KERN_SUCCESS) continue;
                found = visit(threads[i], ((ulong*)identifier)[0], ((ulong*)identifier)[1]);
            }
        }
        finally
        {
            for (uint i = 0; i < count; i++) Mach.MachPortDeallocate(self, threads[i]);
            Mach.MachVmDeallocate(self, (ulong)threads, count * sizeof(uint));
        }
        return found;
    }

    public bool HasThread(ulong id) => Any((_, thread, _) => thread == id);

    public bool IsRunning(ulong id) => Any((port, thread, _) =>
    {
        if (thread != id) return false;
        int* basic = stackalloc int[(int)Mach.THREAD_BASIC_INFO_COUNT];
        uint size = Mach.THREAD_BASIC_INFO_COUNT;
        return Mach.ThreadInfo(port, Mach.THREAD_BASIC_INFO, basic, ref size) == KernReturn.KERN_SUCCESS && basic[Mach.RunStateIndex] == Mach.TH_STATE_RUNNING;
    });

    /// <summary>
    /// CPython up to 3.10 stores pthread_self(). The kernel knows each thread's TSD base as its thread_handle, which is
    /// inside struct _pthread at an offset libpthread's version decides: the offset is learned as the one difference
    /// that maps every live handle to a kernel thread (0 when the handle is the pthread_t itself).
    /// </summary>
    public bool Learn(IProcessMemory memory, ReadOnlySpan<ulong> handles)
    {
        var byKernelHandle = new Dictionary<ulong, ulong>();
        Any((_, thread, handle) => { byKernelHandle[handle] = thread; return false; });
        _idByHandle.Clear();
        if (handles.IsEmpty || byKernelHandle.Count == 0) return false;
        foreach (ulong kernelHandle in byKernelHandle.Keys)
        {
            ulong offset = unchecked(kernelHandle - handles[0]);
            if (offset >= 0x1000) continue;   // the TSD lies in the first page of struct _pthread
            bool all = true;
            foreach (ulong handle in handles) all &= byKernelHandle.ContainsKey(unchecked(handle + offset));
            if (!all) continue;
            foreach (ulong handle in handles) _idByHandle[handle] = byKernelHandle[unchecked(handle + offset)];
            return true;
        }
        return false;
    }

    public ulong Of(IProcessMemory memory, ulong handle) => _idByHandle.TryGetValue(handle, out ulong id) ? id : 0;
}
