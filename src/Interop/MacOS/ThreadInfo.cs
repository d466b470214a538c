// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.MacOS;

internal static unsafe partial class Mach
{
    public const int THREAD_BASIC_INFO = 3;
    public const int THREAD_IDENTIFIER_INFO = 4;

    /// <summary>THREAD_BASIC_INFO_COUNT: thread_basic_info is 40 bytes; run_state is its 7th int (offset 24).</summary>
    public const uint THREAD_BASIC_INFO_COUNT = 10;
    public const int RunStateIndex = 6;
    public const int TH_STATE_RUNNING = 1;

    /// <summary>THREAD_IDENTIFIER_INFO_COUNT: thread_id (the system-wide id), thread_handle (pthread_t), dispatch_qaddr.</summary>
    public const uint THREAD_IDENTIFIER_INFO_COUNT = 6;

    /// <summary>thread_info (mach/thread_act.h): a flavour of information about a thread port, into ints.</summary>
    [LibraryImport(Libraries.LibSystem, EntryPoint = "thread_info")]
    public static partial int ThreadInfo(uint thread, int flavor, int* info, ref uint count);
}
