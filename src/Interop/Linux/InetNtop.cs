// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

internal static unsafe partial class Libc
{
    /// <summary>inet_ntop(3): an IPv4 or IPv6 address as text, NUL-terminated in <paramref name="text"/>.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "inet_ntop", SetLastError = true)]
    public static partial byte* InetNtop(int family, byte* address, byte* text, uint size);
}
