// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

internal static unsafe partial class Libc
{
    /// <summary>struct addrinfo of glibc's &lt;netdb.h&gt; (ai_addr before ai_canonname, unlike the BSDs).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct AddrInfo
    {
        public int Flags;
        public int Family;
        public int SockType;
        public int Protocol;
        public uint AddrLen;
        public byte* Addr;
        public byte* CanonName;
        public AddrInfo* Next;
    }

    /// <summary>getaddrinfo(3): returns 0 or an EAI_* code (not errno).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "getaddrinfo")]
    public static partial int GetAddrInfo(byte* node, byte* service, AddrInfo* hints, AddrInfo** result);
}
