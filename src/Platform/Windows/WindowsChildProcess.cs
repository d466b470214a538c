// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.IO;
using System.Runtime.InteropServices;
using Austin.Interop.Windows;
using Microsoft.Win32.SafeHandles;

namespace Austin.Platform.Windows;

/// <summary>
/// A program austin started with CreateProcessW. It shares austin's console (Ctrl+C reaches both), its standard
/// input and error are austin's, and its standard output is austin's too, or NUL when the samples use austin's
/// standard output (as every C austin does), so that nothing it prints lands among the samples.
/// </summary>
internal static unsafe class WindowsChildProcess
{
    /// <summary>
    /// Starts <paramref name="command"/>; returns GetLastError() on failure, 0 on success. <paramref name="detach"/>
    /// gives it NUL for all three standard handles (the console belongs to a full-screen view).
    /// </summary>
    public static int TryStart(string[] command, bool discardStandardOutput, bool detach, out Kernel32.ProcessInformation started)
    {
        started = default;
        SafeFileHandle? nul = null;
        try
        {
            nint stdin = Kernel32.GetStdHandle(Kernel32.STD_INPUT_HANDLE);
            nint stdout = Kernel32.GetStdHandle(Kernel32.STD_OUTPUT_HANDLE);
            nint stderr = Kernel32.GetStdHandle(Kernel32.STD_ERROR_HANDLE);
            if (discardStandardOutput || detach)
            {
                nul = File.OpenHandle("NUL", FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
                stdout = nul.DangerousGetHandle();
                if (detach) stdin = stderr = stdout;
            }
            var startup = new Kernel32.StartupInfo
            {
                cb = (uint)sizeof(Kernel32.StartupInfo),
                dwFlags = Kernel32.STARTF_USESTDHANDLES,
                hStdInput = Inheritable(stdin),
                hStdOutput = Inheritable(stdout),
                hStdError = Inheritable(stderr),
            };
            // CreateProcessW may write into the command line: it gets a copy of its own, NUL-terminated.
            char[] line = (WindowsCommandLine.Join(command) + "\0").ToCharArray();
            Kernel32.ProcessInformation information;
            fixed (char* commandLine = line)
            {
                if (!Kernel32.CreateProcess(null, commandLine, null, null, inheritHandles: true, 0, null, null, &startup, &information))
                    return Marshal.GetLastPInvokeError();
            }
            Kernel32.CloseHandle(information.hThread);
            started = information;
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Win32Error.ERROR_FILE_NOT_FOUND;
        }
        finally
        {
            nul?.Dispose();
        }
    }

    /// <summary>The child inherits only the handles marked inheritable; a console's pseudo handles need no mark.</summary>
    private static nint Inheritable(nint handle)
    {
        if (handle != 0 && handle != -1) Kernel32.SetHandleInformation(handle, Kernel32.HANDLE_FLAG_INHERIT, Kernel32.HANDLE_FLAG_INHERIT);
        return handle;
    }
}
