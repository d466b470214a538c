// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.IO;
using System.IO.Compression;
using System.Text;
using Austin.Output;
using NUnit.Framework;

namespace Austin.Tests.Unit.Output;

/// <summary>The pprof file's gzip wrapping, without zlib: what zlib's own reader makes of it.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class StoredGzipTests
{
    [Test]
    public void The_checksum_is_the_standard_CRC32() =>
        Assert.That(StoredGzip.Crc32(Encoding.ASCII.GetBytes("123456789")), Is.EqualTo(0xCBF43926u));

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(65_535)]
    [TestCase(65_536)]
    [TestCase(200_001)]
    public void Zlib_reads_back_exactly_what_was_written(int length)
    {
        byte[] data = new byte[length];
        new Random(length).NextBytes(data);
        using var file = new MemoryStream();
        StoredGzip.Write(file, data);

        file.Position = 0;
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var back = new MemoryStream();
        gzip.CopyTo(back);   // checks the trailer's CRC and length too
        Assert.That(back.ToArray(), Is.EqualTo(data));
    }
}
