// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Windows;

internal static unsafe partial class Kernel32
{
    public const uint STARTF_USESTDHANDLES = 0x0100;
    public const uint CREATE_UNICODE_ENVIRONMENT = 0x0400;

    [StructLayout(LayoutKind.Sequential)]
    public struct StartupInfo
    {
        public uint cb;
        public char* lpReserved;
        public char* lpDesktop;
        public char* lpTitle;
        public uint dwX, dwY, dwXSize, dwYSize, dwXCountChars, dwYCountChars, dwFillAttribute, dwFlags;
        public ushort wShowWindow, cbReserved2;
        public byte* lpReserved2;
        public nint hStdInput, hStdOutput, hStdError;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct ProcessInformation
    {
        public nint hProcess;
        public nint hThread;
        public int dwProcessId;
        public int dwThreadId;
    }

    /// <summary>
    /// CreateProcessW. With no application name, the first token of the (writable) command line is the program,
    /// searched as Windows searches (the application's directory, the current one, the system's, then PATH; .exe added).
    /// </summary>
    [LibraryImport(Libraries.Kernel32, EntryPoint = "CreateProcessW", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool CreateProcess(char* applicationName, char* commandLine, void* processAttributes, void* threadAttributes,
        [MarshalAs(UnmanagedType.Bool)] bool inheritHandles, uint creationFlags, void* environment, char* currentDirectory,
        StartupInfo* startupInfo, ProcessInformation* processInformation);
}
