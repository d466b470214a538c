// SPDX-License-Identifier: GPL-3.0-or-later
namespace Austin.Interop.MacOS;

/// <summary>Native library names, in one place: the C library, Mach and libproc are all libSystem on macOS.</summary>
internal static class Libraries
{
    public const string LibSystem = "/usr/lib/libSystem.B.dylib";
}
