// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

internal static partial class Libc
{
    public const int PR_SET_TIMERSLACK = 29;

    /// <summary>prctl(2) with one argument.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "prctl")]
    public static partial int Prctl(int option, nuint argument);
}
