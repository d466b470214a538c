// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using Austin.Platform.Linux;
using Austin.Platform.MacOS;

namespace Austin.Platform;

/// <summary>Chooses the platform layer of the running OS.</summary>
internal static class Platforms
{
    public static IPlatform Current() =>
        OperatingSystem.IsLinux() ? new LinuxPlatform()
        : OperatingSystem.IsMacOS() ? new MacPlatform()
        : throw new AustinException(ExitCodes.Failure, "this build of austin supports Linux and macOS only (Windows is planned)");
}
