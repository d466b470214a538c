// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

internal static unsafe partial class Libc
{
    /// <summary>Room for sigset_t (128 bytes in glibc).</summary>
    public const int SigSetSize = 128;

    /// <summary>sigemptyset(3).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "sigemptyset")]
    public static partial int SigEmptySet(void* set);

    /// <summary>sigaddset(3).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "sigaddset")]
    public static partial int SigAddSet(void* set, int signal);
}
