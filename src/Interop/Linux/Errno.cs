// SPDX-License-Identifier: GPL-3.0-or-later
namespace Austin.Interop.Linux;

/// <summary>The errno values austin reacts to.</summary>
internal static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int ESRCH = 3;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int EAGAIN = 11;
    public const int ECHILD = 10;
    public const int EFAULT = 14;
    public const int EACCES = 13;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    public const int EPIPE = 32;
    public const int ENOSYS = 38;
}
