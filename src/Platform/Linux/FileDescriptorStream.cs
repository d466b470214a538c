// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.IO;
using System.Runtime.InteropServices;
using Austin.Interop.Linux;

namespace Austin.Platform.Linux;

/// <summary>
/// A write-only stream over a file descriptor that writes with plain write(2): at the descriptor's offset,
/// which the shell and every process that inherited it share. .NET's FileStream writes a regular file with
/// pwrite at an offset of its own, so `{ echo A; austin ...; echo B; } > f` would overwrite A's neighbours
/// and splice the lines of a child writing to the same file; and its console stream swallows EPIPE.
/// </summary>
internal sealed unsafe class FileDescriptorStream(int fd, bool ownsDescriptor, bool ignoreBrokenPipe = false) : Stream
{
    private int _fd = fd;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => _fd >= 0;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <summary>
    /// Writes every byte, retrying short writes and EINTR; a failure is an IOException whose HResult is the errno,
    /// except EPIPE when the stream ignores a reader that went away (standard output and error as text, like .NET's
    /// console: `austin --help | head -1` is no error).
    /// </summary>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        fixed (byte* start = buffer)
        {
            int done = 0;
            while (done < buffer.Length)
            {
                nint n = Libc.Write(_fd, start + done, (nuint)(buffer.Length - done));
                if (n >= 0)
                {
                    done += (int)n;
                    continue;
                }
                int errno = Marshal.GetLastSystemError();
                if (errno == Errno.EINTR) continue;
                if (errno == Errno.EPIPE && ignoreBrokenPipe) return;   // as .NET's console streams do
                throw new IOException(Marshal.GetPInvokeErrorMessage(errno), errno);
            }
        }
    }

    public override void Flush() { }   // nothing is buffered here

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (_fd >= 0 && ownsDescriptor) Libc.Close(_fd);
        _fd = -1;
        base.Dispose(disposing);
    }
}
