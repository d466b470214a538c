// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Windows;

internal static unsafe partial class NtDll
{
    /// <summary>SystemProcessInformation: every process, each followed by its threads with their scheduling state.</summary>
    public const int SystemProcessInformation = 5;
    public const int STATUS_INFO_LENGTH_MISMATCH = unchecked((int)0xC0000004);

    // The parts of SYSTEM_PROCESS_INFORMATION and SYSTEM_THREAD_INFORMATION (winternl.h, x64) that austin reads.
    public const int ProcessNextEntryOffset = 0;        // ULONG
    public const int ProcessNumberOfThreads = 4;        // ULONG
    public const int ProcessUniqueProcessId = 0x50;     // HANDLE
    public const int ProcessInheritedFromUniqueProcessId = 0x58;   // HANDLE: the parent's PID
    public const int ProcessSize = 0x100;               // the thread entries follow
    public const int ThreadSize = 0x50;
    public const int ThreadUniqueThread = 0x30;         // CLIENT_ID.UniqueThread (UniqueProcess at 0x28)
    public const int ThreadState = 0x44;                // KTHREAD_STATE: 1 Ready, 2 Running

    [LibraryImport(Libraries.NtDll, EntryPoint = "NtQuerySystemInformation")]
    public static partial int NtQuerySystemInformation(int informationClass, void* information, uint length, out uint returnLength);
}
