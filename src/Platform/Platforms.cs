// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using Austin.Platform.Linux;
using Austin.Platform.Windows;

namespace Austin.Platform;

/// <summary>Chooses the platform layer of the running OS.</summary>
internal static class Platforms
{
    public static IPlatform Current()
    {
        if (OperatingSystem.IsLinux()) return new LinuxPlatform();
        if (OperatingSystem.IsWindows()) return new WindowsPlatform();
        throw new AustinException(ExitCodes.Failure, "this build of austin supports Linux and Windows only (macOS is planned)");
    }
}
