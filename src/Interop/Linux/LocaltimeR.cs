// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

internal static unsafe partial class Libc
{
    /// <summary>struct tm of &lt;time.h&gt; (glibc).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Tm
    {
        public int Sec;
        public int Min;
        public int Hour;
        public int MDay;
        public int Mon;
        public int Year;
        public int WDay;
        public int YDay;
        public int IsDst;
        public long GmtOff;
        public byte* Zone;
    }

    /// <summary>localtime_r(3): <paramref name="time"/> (seconds since the epoch) in the local time zone.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "localtime_r")]
    public static partial Tm* LocaltimeR(long* time, Tm* result);
}
