// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

/// <summary>
/// The .NET runtime's own native signal layer (System.Native, linked into every NativeAOT binary), without the managed
/// PosixSignalRegistration on top, which runs each handler on a new thread or the thread pool (about 50 KB of the
/// binary for three flags). Its handlers write the signal to a pipe; a native thread reads it and calls the one
/// callback given to <see cref="SetPosixSignalHandler"/>, outside signal context.
/// </summary>
internal static partial class SystemNative
{
    /// <summary>Starts the signal-reading thread once (later calls return at once); false with errno on failure.</summary>
    [LibraryImport(Libraries.SystemNative, EntryPoint = "SystemNative_InitializeTerminalAndSignalHandling", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool InitializeSignalHandling();
}
