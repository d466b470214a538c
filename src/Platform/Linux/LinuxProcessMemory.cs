// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Runtime.InteropServices;
using Austin.Interop.Linux;

namespace Austin.Platform.Linux;

/// <summary>
/// Reads another process with process_vm_readv(2): one system call per read, no ptrace stop. Where the system call
/// is not implemented (ENOSYS: qemu-user, which runs austin for another architecture, does not emulate it; some
/// sandboxes filter it out) every read goes through /proc/PID/mem instead, one pread(2) per range: the same rights,
/// the same bytes, more calls.
/// </summary>
internal sealed unsafe class LinuxProcessMemory(int pid) : IProcessMemory, IDisposable
{
    public int Pid { get; } = pid;

    /// <summary>errno of the last failed read (ESRCH: the process is gone; EPERM: not allowed; EFAULT: unmapped).</summary>
    public int LastError { get; private set; }

    /// <summary>The descriptor of /proc/PID/mem once process_vm_readv said ENOSYS; -1 before.</summary>
    private int _mem = -1;

    /// <summary>Whether reads go through /proc/PID/mem (process_vm_readv is not implemented here).</summary>
    public bool ThroughProcMem => _mem >= 0;

    public bool TryRead(ulong address, Span<byte> destination)
    {
        if (destination.IsEmpty) return true;
        if (address == 0 || address + (ulong)destination.Length < address) { LastError = Errno.EFAULT; return false; }
        if (_mem >= 0) return ReadProcMem(address, destination);
        fixed (byte* p = destination)
        {
            Libc.IoVec local = new() { Base = p, Length = (nuint)destination.Length };
            Libc.IoVec remote = new() { Base = (void*)address, Length = (nuint)destination.Length };
            nint n = Libc.ProcessVmReadv(Pid, &local, 1, &remote, 1, 0);
            if (n == destination.Length) return true;
            LastError = n < 0 ? Marshal.GetLastSystemError() : Errno.EFAULT;
            if (LastError == Errno.ENOSYS && OpenProcMem()) return ReadProcMem(address, destination);
            return false;
        }
    }

    /// <summary>Opens /proc/PID/mem for the reads to come; false (LastError says why) when it cannot be.</summary>
    private bool OpenProcMem()
    {
        int fd;
        fixed (byte* path = System.Text.Encoding.ASCII.GetBytes($"/proc/{Pid}/mem\0"))
            fd = Libc.Open(path, Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        if (fd < 0)
        {
            LastError = Marshal.GetLastSystemError();
            return false;
        }
        _mem = fd;
        return true;
    }

    /// <summary>One pread of /proc/PID/mem at the address; a short read is an unmapped byte (EFAULT, as process_vm_readv says).</summary>
    private bool ReadProcMem(ulong address, Span<byte> destination)
    {
        if (address > long.MaxValue) { LastError = Errno.EFAULT; return false; }
        fixed (byte* p = destination)
        {
            int done = 0;
            while (done < destination.Length)
            {
                nint n = Libc.Pread(_mem, p + done, (nuint)(destination.Length - done), (long)address + done);
                if (n > 0) { done += (int)n; continue; }
                int errno = n < 0 ? Marshal.GetLastSystemError() : Errno.EFAULT;
                if (errno == Errno.EINTR) continue;
                // The kernel says EIO for an unmapped page of /proc/PID/mem, where process_vm_readv says EFAULT.
                LastError = errno == Errno.EIO ? Errno.EFAULT : errno;
                return false;
            }
        }
        return true;
    }

    public void Dispose()
    {
        if (_mem >= 0) Libc.Close(_mem);
        _mem = -1;
    }

    /// <summary>IOV_MAX on Linux: the most iovecs one process_vm_readv takes.</summary>
    private const int MaxIovecs = 1024;

    public bool TryReadMany(ReadOnlySpan<ulong> addresses, int size, Span<byte> destination)
    {
        if (addresses.Length * size > destination.Length) return false;
        if (_mem >= 0)
        {
            for (int i = 0; i < addresses.Length; i++)
                if (!TryRead(addresses[i], destination.Slice(i * size, size))) return false;
            return true;
        }
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
                    if (LastError == Errno.ENOSYS && OpenProcMem()) return TryReadMany(addresses, size, destination);
                    return false;
                }
            }
        }
        return true;
    }

    public int ReadScatter(ReadOnlySpan<ulong> addresses, ReadOnlySpan<int> sizes, Span<byte> destination)
    {
        if (_mem >= 0)
        {
            int at = 0;
            for (int i = 0; i < addresses.Length; i++)
            {
                if (at + sizes[i] > destination.Length || !TryRead(addresses[i], destination.Slice(at, sizes[i]))) return i;
                at += sizes[i];
            }
            return addresses.Length;
        }
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
                if (LastError == Errno.ENOSYS && OpenProcMem()) return done + ReadScatter(addresses[done..], sizes[done..], destination[(int)offset..]);
                return done;
            }
        }
        return done;
    }
}
