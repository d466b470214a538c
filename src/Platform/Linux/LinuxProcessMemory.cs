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

    /// <summary>IOV_MAX on Linux: the most iovecs one process_vm_readv takes.</summary>
    private const int MaxIovecs = 1024;

    public bool TryReadMany(ReadOnlySpan<ulong> addresses, int size, Span<byte> destination)
    {
        if (addresses.Length * size > destination.Length) return false;
        Libc.IoVec* remote = stackalloc Libc.IoVec[Math.Min(addresses.Length, MaxIovecs)];
        fixed (byte* p = destination)
        {
            // One remote iovec per object and one local iovec for all of them: a single copy per batch.
            for (int start = 0; start < addresses.Length; start += MaxIovecs)
            {
                int n = Math.Min(MaxIovecs, addresses.Length - start);
                for (int i = 0; i < n; i++)
                {
                    ulong a = addresses[start + i];
                    if (a == 0) { LastError = Errno.EFAULT; return false; }
                    remote[i] = new Libc.IoVec { Base = (void*)a, Length = (nuint)size };
                }
                Libc.IoVec local = new() { Base = p + (long)start * size, Length = (nuint)(n * size) };
                nint read = Libc.ProcessVmReadv(Pid, &local, 1, remote, (nuint)n, 0);
                if (read != (nint)n * size)
                {
                    LastError = read < 0 ? Marshal.GetLastSystemError() : Errno.EFAULT;
                    return false;
                }
            }
        }
        return true;
    }

    public int ReadScatter(ReadOnlySpan<ulong> addresses, ReadOnlySpan<int> sizes, Span<byte> destination)
    {
        Libc.IoVec* remote = stackalloc Libc.IoVec[Math.Min(addresses.Length, MaxIovecs)];
        int done = 0;
        long offset = 0;
        fixed (byte* p = destination)
        {
            while (done < addresses.Length)
            {
                int n = Math.Min(MaxIovecs, addresses.Length - done);
                long bytes = 0;
                for (int i = 0; i < n; i++)
                {
                    remote[i] = new Libc.IoVec { Base = (void*)addresses[done + i], Length = (nuint)sizes[done + i] };
                    bytes += sizes[done + i];
                }
                if (offset + bytes > destination.Length) return done;
                Libc.IoVec local = new() { Base = p + offset, Length = (nuint)bytes };
                nint read = Libc.ProcessVmReadv(Pid, &local, 1, remote, (nuint)n, 0);
                if (read == bytes) { done += n; offset += bytes; continue; }
                // A partial read stops at the first remote iovec that failed: count the ones read whole.
                long left = Math.Max(0, (long)read);
                for (int i = 0; i < n && left >= sizes[done]; i++) { left -= sizes[done]; done++; }
                LastError = read < 0 ? Marshal.GetLastSystemError() : Errno.EFAULT;
                return done;
            }
        }
        return done;
    }
}
