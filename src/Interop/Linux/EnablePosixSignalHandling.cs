// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

internal static partial class SystemNative
{
    /// <summary>Routes a signal to the callback (an ignored signal stays ignored); false with errno on failure.</summary>
    [LibraryImport(Libraries.SystemNative, EntryPoint = "SystemNative_EnablePosixSignalHandling", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool EnablePosixSignalHandling(int signal);
}
