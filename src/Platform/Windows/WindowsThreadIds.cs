// SPDX-License-Identifier: GPL-3.0-or-later
using System;

namespace Austin.Platform.Windows;

/// <summary>
/// On Windows PyThread_get_thread_ident() is GetCurrentThreadId() (Python/thread_nt.h): the handle CPython stores is
/// the OS thread id itself.
/// </summary>
internal sealed class WindowsThreadIds : INativeThreadIds
{
    public static WindowsThreadIds Instance { get; } = new();

    public bool Learn(IProcessMemory memory, ReadOnlySpan<ulong> handles) => true;

    public ulong Of(IProcessMemory memory, ulong handle) => handle;
}
