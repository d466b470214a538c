// SPDX-License-Identifier: GPL-3.0-or-later
namespace Austin.Interop.Windows;

/// <summary>Native library names, in one place. psapi's functions are kernel32's K32* exports since Windows 7.</summary>
internal static class Libraries
{
    public const string Kernel32 = "kernel32";
    public const string NtDll = "ntdll";
}
