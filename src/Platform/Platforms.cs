// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.IO;
using System.Text;
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

    /// <summary>
    /// Standard output and error for text (help, messages), UTF-8, flushed at every write, safe to share between
    /// threads, and silent when the reader went away. On Linux over write(2) rather than System.Console, which
    /// brings terminfo, key parsing and its own encodings, 136 KB of the binary; elsewhere System.Console's.
    /// </summary>
    public static TextWriter StandardOutputText { get; } = TextOn(1);

    /// <inheritdoc cref="StandardOutputText"/>
    public static TextWriter StandardErrorText { get; } = TextOn(2);

    private static TextWriter TextOn(int fd) =>
        !OperatingSystem.IsLinux() ? (fd == 1 ? Console.Out : Console.Error)
        : TextWriter.Synchronized(new StreamWriter(new FileDescriptorStream(fd, ownsDescriptor: false, ignoreBrokenPipe: true),
            new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 256) { AutoFlush = true });
}
