// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.MacOS;

internal static partial class Libc
{
    public const nint SIG_DFL = 0;

    /// <summary>signal(3): sets a signal's disposition (only ever to SIG_DFL here).</summary>
    [LibraryImport(Libraries.LibSystem, EntryPoint = "signal")]
    public static partial nint Signal(int signal, nint handler);
}
