// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Runtime.InteropServices;
using Austin.Interop.Windows;

namespace Austin.Platform.Windows;

/// <summary>Reads another process with ReadProcessMemory: one call per read, the process is not stopped.</summary>
internal sealed unsafe class WindowsProcessMemory(nint process) : IProcessMemory
{
    /// <summary>GetLastError() of the last failed read (ERROR_PARTIAL_COPY: unmapped; ERROR_ACCESS_DENIED: not allowed).</summary>
    public int LastError { get; private set; }

    public bool TryRead(ulong address, Span<byte> destination)
    {
        if (destination.IsEmpty) return true;
        if (address == 0 || address + (ulong)destination.Length < address) { LastError = Win32Error.ERROR_PARTIAL_COPY; return false; }
        fixed (byte* p = destination)
        {
            if (Kernel32.ReadProcessMemory(process, address, p, (nuint)destination.Length, out nuint read) && read == (nuint)destination.Length)
                return true;
            LastError = Marshal.GetLastPInvokeError();
            return false;
        }
    }
}
