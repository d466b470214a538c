// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Windows;

internal static unsafe partial class Kernel32
{
    /// <summary>Windows 10 1803+: a timer that is not rounded to the system's clock tick (15.6 ms by default).</summary>
    public const uint CREATE_WAITABLE_TIMER_HIGH_RESOLUTION = 0x2;
    public const uint TIMER_ALL_ACCESS = 0x1F0003;

    [LibraryImport(Libraries.Kernel32, EntryPoint = "CreateWaitableTimerExW", SetLastError = true)]
    public static partial nint CreateWaitableTimerEx(void* attributes, char* name, uint flags, uint desiredAccess);

    // SetWaitableTimer only makes sense with a timer CreateWaitableTimerExW made, so it shares its file.
    /// <summary>SetWaitableTimer: <paramref name="dueTime"/> in 100 ns units, negative for a time relative to now.</summary>
    [LibraryImport(Libraries.Kernel32, EntryPoint = "SetWaitableTimer", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool SetWaitableTimer(nint timer, in long dueTime, int period, void* completionRoutine, void* argument,
        [MarshalAs(UnmanagedType.Bool)] bool resume);
}
