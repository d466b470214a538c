// SPDX-License-Identifier: GPL-3.0-or-later
using System;

namespace Austin.Platform;

/// <summary>
/// The OS thread ids behind the thread handles a runtime stores: CPython up to 3.10 keeps only
/// <c>PyThread_get_thread_ident()</c> (pthread_self() on POSIX, the thread id itself on Windows), and -s needs the
/// OS's id to ask the OS whether the thread runs. How a handle maps to an id is the platform's knowledge.
/// </summary>
internal interface INativeThreadIds
{
    /// <summary>Learns the mapping from the handles of the live threads; false when it cannot be told.</summary>
    bool Learn(IProcessMemory memory, ReadOnlySpan<ulong> handles);

    /// <summary>The OS thread id of <paramref name="handle"/>, read through <paramref name="memory"/>; 0 when unknown.</summary>
    ulong Of(IProcessMemory memory, ulong handle);
}
