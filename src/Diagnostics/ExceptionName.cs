// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.IO;

namespace Austin.Diagnostics;

/// <summary>
/// An exception's type name for a message. The binary carries no reflection data (austin.csproj: --reflectiondata:none),
/// so Type.Name and Exception.ToString() have nothing to read and throw: the names austin can meet are listed here.
/// </summary>
internal static class ExceptionName
{
    public static string Of(Exception e) => e switch
    {
        AustinException => nameof(AustinException),
        FileNotFoundException => nameof(FileNotFoundException),
        DirectoryNotFoundException => nameof(DirectoryNotFoundException),
        EndOfStreamException => nameof(EndOfStreamException),
        PathTooLongException => nameof(PathTooLongException),
        IOException => nameof(IOException),
        UnauthorizedAccessException => nameof(UnauthorizedAccessException),
        OutOfMemoryException => nameof(OutOfMemoryException),
        IndexOutOfRangeException => nameof(IndexOutOfRangeException),
        NullReferenceException => nameof(NullReferenceException),
        InvalidCastException => nameof(InvalidCastException),
        OverflowException => nameof(OverflowException),
        DivideByZeroException => nameof(DivideByZeroException),
        ArgumentOutOfRangeException => nameof(ArgumentOutOfRangeException),
        ArgumentNullException => nameof(ArgumentNullException),
        ArgumentException => nameof(ArgumentException),
        ObjectDisposedException => nameof(ObjectDisposedException),
        InvalidOperationException => nameof(InvalidOperationException),
        FormatException => nameof(FormatException),
        KeyNotFoundException => nameof(KeyNotFoundException),
        PlatformNotSupportedException => nameof(PlatformNotSupportedException),
        NotSupportedException => nameof(NotSupportedException),
        NotImplementedException => nameof(NotImplementedException),
        TimeoutException => nameof(TimeoutException),
        OperationCanceledException => nameof(OperationCanceledException),
        System.Threading.ThreadInterruptedException => nameof(System.Threading.ThreadInterruptedException),
        _ => nameof(Exception),
    };

    /// <summary>What Exception.ToString() says, without the stack trace (there is none: StackTraceSupport=false).</summary>
    public static string Describe(Exception e) =>
        e.InnerException is Exception inner ? $"{Of(e)}: {e.Message} ---> {Describe(inner)}" : $"{Of(e)}: {e.Message}";
}
