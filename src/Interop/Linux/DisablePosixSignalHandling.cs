// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

internal static partial class SystemNative
{
    /// <summary>Gives a signal back its disposition from before <see cref="EnablePosixSignalHandling"/>.</summary>
    [LibraryImport(Libraries.SystemNative, EntryPoint = "SystemNative_DisablePosixSignalHandling")]
    public static partial void DisablePosixSignalHandling(int signal);
}
