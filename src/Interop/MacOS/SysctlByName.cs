// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.MacOS;

internal static unsafe partial class Libc
{
    /// <summary>sysctlbyname(3): reads a kernel variable by name ("hw.memsize": the physical memory in bytes, a uint64).</summary>
    [LibraryImport(Libraries.LibSystem, EntryPoint = "sysctlbyname", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SysctlByName(string name, void* value, ref nuint size, void* newValue, nuint newSize);
}
