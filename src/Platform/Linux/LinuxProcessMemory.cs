// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Runtime.InteropServices;
using Austin.Interop.Linux;

namespace Austin.Platform.Linux;

/// <summary>Reads another process with process_vm_readv(2): one system call per read, no ptrace stop.</summary>
internal sealed unsafe class LinuxProcessMemory(int pid) : IProcessMemory
{
    public int Pid { get; } = pid;

    /// <summary>errno of the last failed read (ESRCH: the process is gone; EPERM: not allowed; EFAULT: unmapped).</summary>
    public int LastError { get; private set; }

    public bool TryRead(ulong address, Span<byte> destination)
    {
        if (destination.IsEmpty) return true;
        if (address == 0 || address + (ulong)destination.Length < address) { LastError = Errno.EFAULT; return false; }
        fixed (byte* p = destination)
        {
            Libc.IoVec local = new() { Base = p, Length = (nuint)destination.Length };
            Libc.IoVec remote = new() { Base = (void*)address, Length = (nuint)destination.Length };
            nint n = Libc.ProcessVmReadv(Pid, &local, 1, &remote, 1, 0);
            if (n == destination.Length) return true;
            LastError = n < 0 ? Marshal.GetLastSystemError() : Errno.EFAULT;
            return false;
        }
    }
}
