// SPDX-License-Identifier: GPL-3.0-or-later
using System;

namespace Austin;

/// <summary>
/// An anticipated failure that a user can cause (bad PID, not Python, no permission...).
/// Program prints <c>austin: Message</c> on one line and exits with <see cref="ExitCode"/>; never a stack trace.
/// </summary>
internal sealed class AustinException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>Exit statuses. Usage errors follow argp (EX_USAGE); the rest follow sysexits.h where one fits.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 64;          // EX_USAGE: bad command line
    public const int DataError = 65;      // EX_DATAERR: the target is not a (supported) Python; --convert's file holds no samples
    public const int NoInput = 66;        // EX_NOINPUT: --convert's file cannot be read
    public const int NoProcess = 69;      // EX_UNAVAILABLE: no such process, or it went away before it could be sampled
    public const int Internal = 70;       // EX_SOFTWARE: a bug in austin
    public const int CantCreate = 73;     // EX_CANTCREAT: output file cannot be written
    public const int IoError = 74;        // EX_IOERR: writing samples failed
    public const int NoPermission = 77;   // EX_NOPERM: not allowed to read the target
    public const int NotExecutable = 126; // shell convention: command found but cannot be executed
    public const int NotFound = 127;      // shell convention: command not found
}
