// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

internal static unsafe partial class Libc
{
    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    /// <summary>process_vm_readv(2): copies from another process's memory without stopping it.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "process_vm_readv", SetLastError = true)]
    public static partial nint ProcessVmReadv(int pid, IoVec* localIov, nuint localIovCount, IoVec* remoteIov, nuint remoteIovCount, nuint flags);
}
