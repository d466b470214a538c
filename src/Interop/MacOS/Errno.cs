// SPDX-License-Identifier: GPL-3.0-or-later
namespace Austin.Interop.MacOS;

/// <summary>The errno values austin tells apart (sys/errno.h; the low ones are the same as Linux's).</summary>
internal static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int ESRCH = 3;
    public const int EACCES = 13;
    public const int ECHILD = 10;
    public const int EISDIR = 21;
}
