// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.IO;
using System.IO.Compression;
using System.Text;
using Austin.Output;
using NUnit.Framework;

namespace Austin.Tests.Unit.Output;

/// <summary>The pprof file's gzip, without zlib: what zlib's own reader makes of it, and how small.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class GzipTests
{
    [Test]
    public void The_checksum_is_the_standard_CRC32() =>
        Assert.That(Gzip.Crc32(Encoding.ASCII.GetBytes("123456789")), Is.EqualTo(0xCBF43926u));

    [TestCase(0, false)]
    [TestCase(1, false)]
    [TestCase(2, true)]
    [TestCase(65_536, false)]
    [TestCase(200_001, true)]
    [TestCase(1_000_000, true)]
    public void Zlib_reads_back_exactly_what_was_written(int length, bool repetitive)
    {
        byte[] data = repetitive ? Repetitive(length) : new byte[length];
        if (!repetitive) new Random(length).NextBytes(data);
        byte[] written = Compressed(data);
        Assert.That(Decompressed(written), Is.EqualTo(data));
    }

    [Test]
    public void Repeated_text_shrinks_as_zlib_makes_it_shrink()
    {
        byte[] data = Repetitive(500_000);
        int ours = Compressed(data).Length;
        using var zlib = new MemoryStream();
        using (var gzip = new GZipStream(zlib, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(data);
        Assert.That(ours, Is.LessThan(Math.Max(3 * zlib.Length, data.Length / 10)), $"ours {ours} bytes, zlib {zlib.Length}, of {data.Length}");
    }

    [Test]
    public void Runs_longer_than_a_match_and_matches_at_the_window_s_far_end_are_read_back()
    {
        byte[] data = new byte[3 * 32 * 1024 + 777];
        var random = new Random(7);
        random.NextBytes(data.AsSpan(0, 32 * 1024));
        data.AsSpan(0, 32 * 1024).CopyTo(data.AsSpan(32 * 1024));   // the same 32 KB again: distance 32768
        data.AsSpan(64 * 1024).Fill((byte)'a');                        // one long run: matches of 258 at distance 1
        Assert.That(Decompressed(Compressed(data)), Is.EqualTo(data));
    }

    private static byte[] Compressed(byte[] data)
    {
        using var file = new MemoryStream();
        Gzip.Write(file, data);
        return file.ToArray();
    }

    private static byte[] Decompressed(byte[] file)
    {
        using var gzip = new GZipStream(new MemoryStream(file), CompressionMode.Decompress);
        using var back = new MemoryStream();
        gzip.CopyTo(back);   // zlib checks the trailer's CRC and length too
        return back.ToArray();
    }

    /// <summary>Text like a profile's: function and file names that recur, with numbers that vary.</summary>
    private static byte[] Repetitive(int length)
    {
        var random = new Random(length);
        var text = new StringBuilder();
        string[] names = ["fetch_rows", "parse_header", "render_template", "<module>", "wait_for_the_end"];
        while (text.Length < length)
            text.Append(names[random.Next(names.Length)]).Append(" (/srv/app/module.py:").Append(random.Next(1, 400)).Append(");");
        return Encoding.ASCII.GetBytes(text.ToString(0, length));
    }
}
