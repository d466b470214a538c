// SPDX-License-Identifier: GPL-3.0-or-later
namespace Austin.Interop.MacOS;

/// <summary>kern_return_t values austin tells apart (mach/kern_return.h).</summary>
internal static class KernReturn
{
    public const int KERN_SUCCESS = 0;
    public const int KERN_INVALID_ADDRESS = 1;
    public const int KERN_PROTECTION_FAILURE = 2;
    public const int KERN_INVALID_ARGUMENT = 4;
    public const int KERN_FAILURE = 5;
}
