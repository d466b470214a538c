// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

internal static partial class SystemNative
{
    /// <summary>The callback for every enabled signal: (signal number, PosixSignal value); nonzero means handled.</summary>
    [LibraryImport(Libraries.SystemNative, EntryPoint = "SystemNative_SetPosixSignalHandler")]
    public static unsafe partial void SetPosixSignalHandler(delegate* unmanaged<int, int, int> handler);
}
