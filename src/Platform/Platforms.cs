// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using Austin.Platform.Linux;
using Austin.Platform.MacOS;
using Austin.Platform.Windows;

namespace Austin.Platform;

/// <summary>Chooses the platform layer of the running OS.</summary>
internal static class Platforms
{
    public static IPlatform Current() =>
        OperatingSystem.IsLinux() ? new LinuxPlatform()
        : OperatingSystem.IsMacOS() ? new MacPlatform()
        : OperatingSystem.IsWindows() ? new WindowsPlatform()
        : throw new AustinException(ExitCodes.Failure, "this build of austin supports Linux, macOS and Windows only");
}
