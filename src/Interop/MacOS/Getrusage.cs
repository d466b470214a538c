// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.MacOS;

internal static unsafe partial class Libc
{
    public const int RUSAGE_SELF = 0;

    /// <summary>struct rusage is 144 bytes on 64-bit Darwin; ru_maxrss (bytes there, KB on Linux) follows the two timevals.</summary>
    public const int RusageSize = 144;
    public const int MaxRssOffset = 32;

    /// <summary>getrusage(2).</summary>
    [LibraryImport(Libraries.LibSystem, EntryPoint = "getrusage")]
    public static partial int Getrusage(int who, void* usage);
}
