// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Austin.Output;
using Austin.Samples;
using Austin.Tests.Support.Austin3;
using CsCheck;
using NUnit.Framework;

namespace Austin.Tests.Unit.Output;

/// <summary>
/// The MOJO writer against bytes worked out by hand from mojo.h (C austin 3.7), and against the tests' own MOJO
/// reader (Support/Austin3), which is written from the format's description and also reads the C austin's files.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
internal sealed class MojoWriterTests
{
    private static readonly Function Outer = new("outer", "/a.py", 9);
    private static readonly Function Leaf = new("leaf", "/b.py", 19);
    private static readonly Frame[] Stack = [new(Outer, 10), new(Leaf, 20, 20, 5, 9)];

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    private static string Z(string s) => Convert.ToHexString(Encoding.UTF8.GetBytes(s)) + "00";

    private static string Meta(string key, string value) => "01" + Z(key) + Z(value);

    private static void AssertBytes(byte[] actual, string expectedHex)
    {
        string a = Convert.ToHexString(actual), e = expectedHex.Replace(" ", "").ToUpperInvariant();
        Assert.That(a, Is.EqualTo(e), $"first difference at byte {Enumerable.Range(0, Math.Min(a.Length, e.Length) / 2).FirstOrDefault(i => a.Substring(2 * i, 2) != e.Substring(2 * i, 2), -1)}");
    }

    [TestCase(0L, "00")]
    [TestCase(63L, "3f")]
    [TestCase(64L, "8001")]
    [TestCase(100L, "a401")]
    [TestCase(1234L, "9213")]
    [TestCase(8191L, "bf7f")]
    [TestCase(8192L, "808001")]
    [TestCase(-1L, "41")]
    [TestCase(-2048L, "c020")]
    [TestCase(long.MaxValue, "bfffffffffffffffff01")]
    public void Integers_are_six_bits_with_sign_and_continuation_then_seven_bit_groups(long value, string hex)
    {
        byte[] buffer = new byte[10];
        int n = MojoWriter.Encode(value, buffer);
        Assert.That(Convert.ToHexString(buffer, 0, n), Is.EqualTo(hex.ToUpperInvariant()));
    }

    [Test]
    public void A_wall_profile_is_the_header_the_metadata_the_new_frames_the_references_and_the_time()
    {
        using var h = new WriterHarness(OutputFormat.Mojo, MetricMode.Time);
        h.Sample(1234, 0x1a2b, Stack, time: 100).Sample(1234, 0x1a2b, Stack, time: 63).End(durationUs: 5000);
        string expected =
            "4d4f4a 03" + Meta("austin", "3.7.0") + Meta("interval", "100") + Meta("mode", "wall") +
            // STACK pid 1234, iid 0, tid "1a2b"
            "02 9213 00" + Z("1a2b") +
            // the innermost frame first: its file and name as strings 2 and 3, then FRAME 1 with its location
            "0b 02" + Z("/b.py") + "0b 03" + Z("leaf") + "03 01 02 03 14 14 05 09" +
            "0b 04" + Z("/a.py") + "0b 05" + Z("outer") + "03 02 04 05 0a 00 00 00" +
            // references outermost first, then the time
            "05 02 05 01 09 a401" +
            // the same stack again: references only
            "02 9213 00" + Z("1a2b") + "05 02 05 01 09 3f" +
            Meta("duration", "5000");
        AssertBytes(h.Bytes(), expected);
    }

    [Test]
    public void Full_metrics_are_the_time_the_idle_mark_and_the_memory_in_bytes_with_its_sign()
    {
        using var h = new WriterHarness(OutputFormat.Mojo, MetricMode.Full);
        h.Sample(7, 8, [], time: 7, memoryKb: -2, idle: true).Sample(7, 9, [], time: 5, memoryKb: 1);
        string expected = "4d4f4a 03" + Meta("austin", "3.7.0") + Meta("interval", "100") + Meta("mode", "full") + Meta("memory", "16000000") +
            "02 07 00" + Z("8") + "09 07 08 0a c020" +
            "02 07 00" + Z("9") + "09 05 0a 8010";
        AssertBytes(h.Bytes(), expected);
    }

    [Test]
    public void The_memory_mode_writes_the_memory_metric_alone()
    {
        using var h = new WriterHarness(OutputFormat.Mojo, MetricMode.Memory);
        h.Sample(7, 8, [], time: 7, memoryKb: 3);
        AssertBytes(h.Bytes(), "4d4f4a 03" + Meta("austin", "3.7.0") + Meta("interval", "100") + Meta("mode", "memory") + Meta("memory", "16000000") +
            "02 07 00" + Z("8") + "0a 8030");
    }

    [Test]
    public void An_unreadable_stack_is_marked_invalid_and_a_collection_is_marked_gc()
    {
        using var h = new WriterHarness(OutputFormat.Mojo, MetricMode.Time);
        h.Sample(7, 8, [], time: 1, bad: true).Sample(7, 8, [new(Outer, 3)], time: 2, gc: true);
        AssertBytes(h.Bytes(), "4d4f4a 03" + Meta("austin", "3.7.0") + Meta("interval", "100") + Meta("mode", "wall") +
            "02 07 00" + Z("8") + "04 09 01" +
            "02 07 00" + Z("8") + "0b 02" + Z("/a.py") + "0b 03" + Z("outer") + "03 01 02 03 03 00 00 00" + "05 01 07 09 02");
    }

    [Test]
    public void A_file_is_one_string_for_all_its_functions_and_each_process_gets_its_own_definitions()
    {
        var a = new Function("a", "/same.py");
        var b = new Function("b", "/same.py");
        using var h = new WriterHarness(OutputFormat.Mojo, MetricMode.Time);
        h.Sample(1, 1, [new(a, 1), new(b, 2)], time: 1).Sample(2, 2, [new(a, 1)], time: 1);
        Profile3 profile = MojoReader.Read(h.Bytes());
        Assert.That(profile.Samples.Select(s => string.Join(";", s.Frames)), Is.EqualTo(new[] { "/same.py:a:1;/same.py:b:2", "/same.py:a:1" }));
        byte[] bytes = h.Bytes();
        Assert.That(Count(bytes, Encoding.UTF8.GetBytes("/same.py\0")), Is.EqualTo(2), "one definition of the file per process");
    }

    [Test]
    public void With_pipe_the_python_version_is_in_the_header_once_and_the_statistics_in_the_footer()
    {
        using var h = new WriterHarness(OutputFormat.Mojo, MetricMode.Time, pipe: true, python: "3.11.7");
        h.Writer.WriteMetadata("python", "3.11.7");
        h.End(durationUs: 9, samples: 10, threadSamples: 30, bad: 1, overruns: 2, minNs: 3000, meanNs: 4500, maxNs: 9999);
        Profile3 profile = MojoReader.Read(h.Bytes());
        Assert.That(profile.Metadata.Select(m => $"{m.Key}={m.Value}"), Is.EqualTo(new[]
        {
            "austin=3.7.0", "interval=100", "mode=wall", "python=3.11.7", "duration=9", "sampling=3,4,9", "saturation=2/10", "errors=1/30",
        }));
    }

    [Test]
    public void Without_pipe_there_is_no_python_version_and_no_statistics_but_the_gc_time_with_g()
    {
        using var h = new WriterHarness(OutputFormat.Mojo, MetricMode.Time, python: "3.11.7", children: true);
        h.Writer.WriteMetadata("python", "3.11.7");
        h.End(durationUs: 9, samples: 10, gcUs: 77);
        Assert.That(MojoReader.Read(h.Bytes()).Metadata.Select(m => $"{m.Key}={m.Value}"),
            Is.EqualTo(new[] { "austin=3.7.0", "interval=100", "mode=wall", "multiprocess=on", "duration=9", "gc=77" }));
    }

    [Test]
    public void The_reader_gives_back_what_the_writer_was_given()
    {
        Function[] functions = Enumerable.Range(0, 6).Select(i => new Function($"f{i}", i % 2 == 0 ? "/even.py" : "/odd;:x.py", i)).ToArray();
        Gen<Frame> frame = Gen.Select(Gen.Int[0, functions.Length - 1], Gen.Int[0, 5000], Gen.Int[0, 3], Gen.Int[0, 120],
            (f, line, extra, column) => new Frame(functions[f], line, column == 0 ? 0 : line + extra, column, column == 0 ? 0 : column + extra));
        var sample = Gen.Select(Gen.Int[1, 3], Gen.Long[0, 3], Gen.ULong[1, 1UL << 40], frame.Array[0, 40],
            Gen.Select(Gen.Long[0, 1_000_000], Gen.Long[-100_000, 100_000], Gen.Bool, Gen.Bool), Gen.Bool);
        foreach (MetricMode mode in Enum.GetValues<MetricMode>())
        {
            sample.Array[1, 30].Sample(samples =>
            {
                using var h = new WriterHarness(OutputFormat.Mojo, mode);
                foreach (var (pid, iid, tid, frames, (time, memory, idle, gc), bad) in samples)
                    h.Sample(pid, tid, bad ? [] : frames, time, memory, idle, bad, gc, iid);
                Profile3 profile = MojoReader.Read(h.Bytes());
                Assert.That(profile.Samples, Has.Count.EqualTo(samples.Length));
                for (int i = 0; i < samples.Length; i++)
                {
                    var (pid, iid, tid, frames, (time, memory, idle, gc), bad) = samples[i];
                    Sample3 s = profile.Samples[i];
                    Frame3[] expected = bad ? [] : frames.Select(f => new Frame3(f.Function.File, f.Function.Name, f.Line, f.EndLine, f.Column, f.EndColumn)).ToArray();
                    Assert.That((s.Pid, s.InterpreterId, s.ThreadId, s.Invalid, s.Gc), Is.EqualTo((pid, iid, tid, bad, gc)));
                    Assert.That(s.Frames, Is.EqualTo(expected));
                    Assert.That(s.Time, Is.EqualTo(mode == MetricMode.Memory ? null : time));
                    Assert.That(s.Memory, Is.EqualTo(mode == MetricMode.Time ? null : memory * 1024));
                    Assert.That(s.Idle, Is.EqualTo(mode == MetricMode.Full ? idle : null));
                }
            }, iter: 200);
        }
    }

    [Test]
    public void A_stack_seen_before_is_written_without_allocating()
    {
        Frame[] deep = Enumerable.Range(0, 300).Select(i => new Frame(i % 2 == 0 ? Outer : Leaf, i)).ToArray();
        using var writer = new MojoWriter(Stream.Null, MetricMode.Full);
        writer.Begin(new ProfileMetadata { AustinVersion = "0.7.0", Mode = MetricMode.Full, IntervalUs = 100 });
        writer.Write(new ThreadSample(1, 0, 3, 2, true, false, false, deep, new SampleMetrics(100, -4)));
        long allocated = Austin.Tests.Support.Allocations.Fewest(3, () =>
        {
            for (int i = 0; i < 1000; i++)
                writer.Write(new ThreadSample(1, 0, 3, 2, true, i % 2 == 0, false, deep, new SampleMetrics(100, -4)));
        });
        Assert.That(allocated, Is.Zero);
    }

    private static int Count(byte[] haystack, byte[] needle)
    {
        int n = 0;
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) n++;
        return n;
    }
}
