// SPDX-License-Identifier: GPL-3.0-or-later
namespace Austin.Interop.Linux;

/// <summary>Native library names, in one place.</summary>
internal static class Libraries
{
    public const string Libc = "libc";
    /// <summary>The runtime's native layer, linked into the NativeAOT binary.</summary>
    public const string SystemNative = "libSystem.Native";
}
