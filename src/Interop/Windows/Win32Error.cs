// SPDX-License-Identifier: GPL-3.0-or-later
namespace Austin.Interop.Windows;

/// <summary>The GetLastError() values austin reacts to (winerror.h).</summary>
internal static class Win32Error
{
    public const int ERROR_FILE_NOT_FOUND = 2;
    public const int ERROR_PATH_NOT_FOUND = 3;
    public const int ERROR_ACCESS_DENIED = 5;
    public const int ERROR_INVALID_PARAMETER = 87;
    public const int ERROR_BAD_EXE_FORMAT = 193;
    public const int ERROR_PARTIAL_COPY = 299;
}
