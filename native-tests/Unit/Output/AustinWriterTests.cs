// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.IO;
using System.Linq;
using Austin.Output;
using Austin.Samples;
using Austin.Tests.Support.Austin3;
using CsCheck;
using NUnit.Framework;

namespace Austin.Tests.Unit.Output;

/// <summary>The C austin 3.x's text format, against text worked out by hand from 3.7's README and events.h.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
internal sealed class AustinWriterTests
{
    private static readonly Function Outer = new("outer", "/a.py", 9);
    private static readonly Function Leaf = new("Klass.leaf", "/b b.py", 19);
    private static readonly Frame[] Stack = [new(Outer, 10), new(Leaf, 20, 20, 5, 9)];

    [Test]
    public void A_wall_profile_is_the_header_a_blank_line_the_samples_a_blank_line_the_footer_and_a_blank_line()
    {
        using var h = new WriterHarness(OutputFormat.Austin, MetricMode.Time);
        h.Sample(1234, 4321, Stack, time: 100).Sample(1234, 4322, [], time: 63, iid: 1).End(durationUs: 5000);
        Assert.That(h.Text(), Is.EqualTo(
            "# austin: 3.7.0\n# interval: 100\n# mode: wall\n\n" +
            "P1234;T0:4321;/a.py:outer:10;/b b.py:Klass.leaf:20 100\n" +
            "P1234;T1:4322 63\n" +
            "\n# duration: 5000\n\n"));
    }

    [Test]
    public void The_sleepless_mode_is_called_cpu()
    {
        using var h = new WriterHarness(OutputFormat.Austin, MetricMode.Time, sleepless: true);
        Assert.That(h.Text(), Is.EqualTo("# austin: 3.7.0\n# interval: 100\n# mode: cpu\n\n"));
    }

    [Test]
    public void The_memory_mode_gives_the_machine_s_memory_and_signed_deltas_in_bytes()
    {
        using var h = new WriterHarness(OutputFormat.Austin, MetricMode.Memory);
        h.Sample(5, 6, [new(Outer, 1)], time: 100, memoryKb: -3).Sample(5, 6, [new(Outer, 1)], time: 100, memoryKb: 4);
        Assert.That(h.Text(), Is.EqualTo(
            "# austin: 3.7.0\n# interval: 100\n# mode: memory\n# memory: 16000000\n\n" +
            "P5;T0:6;/a.py:outer:1 -3072\nP5;T0:6;/a.py:outer:1 4096\n"));
    }

    [Test]
    public void Full_metrics_are_the_time_the_idle_flag_and_the_memory_in_bytes_separated_by_commas()
    {
        using var h = new WriterHarness(OutputFormat.Austin, MetricMode.Full);
        h.Sample(5, 6, [], time: 100, memoryKb: -3, idle: true).Sample(5, 7, [], time: 99);
        Assert.That(h.Text(), Does.EndWith("\n\nP5;T0:6 100,1,-3072\nP5;T0:7 99,0,0\n"));
    }

    [Test]
    public void An_unreadable_stack_ends_with_INVALID_and_a_collection_with_GC()
    {
        using var h = new WriterHarness(OutputFormat.Austin, MetricMode.Time);
        h.Sample(5, 6, [], time: 1, bad: true).Sample(5, 6, [new(Outer, 2)], time: 2, gc: true);
        Assert.That(h.Text(), Does.EndWith("\n\nP5;T0:6;:INVALID: 1\nP5;T0:6;/a.py:outer:2;:GC: 2\n"));
    }

    [Test]
    public void A_thread_whose_OS_id_is_unknown_shows_the_id_CPython_stores()
    {
        using var h = new WriterHarness(OutputFormat.Austin, MetricMode.Time);
        h.Sample(5, 0, [], time: 1, threadId: 140000);
        Assert.That(h.Text(), Does.EndWith("\n\nP5;T0:140000 1\n"));
    }

    [Test]
    public void With_pipe_the_python_version_comes_once_where_it_is_learnt_and_the_statistics_end_the_footer()
    {
        using var h = new WriterHarness(OutputFormat.Austin, MetricMode.Time, pipe: true);
        h.Sample(5, 6, [], time: 1);
        h.Writer.WriteMetadata("python", "3.8.18");
        h.Writer.WriteMetadata("python", "3.8.18");
        h.End(durationUs: 9, samples: 10, threadSamples: 30, bad: 1, overruns: 2, minNs: 3000, meanNs: 4500, maxNs: 9999, gcUs: 5);
        Assert.That(h.Text(), Is.EqualTo(
            "# austin: 3.7.0\n# interval: 100\n# mode: wall\n\nP5;T0:6 1\n# python: 3.8.18\n" +
            "\n# duration: 9\n# gc: 5\n# sampling: 3,4,9\n# saturation: 2/10\n# errors: 1/30\n\n"));
    }

    [Test]
    public void Without_pipe_the_python_version_is_not_written()
    {
        using var h = new WriterHarness(OutputFormat.Austin, MetricMode.Time, python: "3.12.1");
        h.Writer.WriteMetadata("python", "3.12.1");
        h.End(durationUs: 9, samples: 10);
        Assert.That(h.Text(), Is.EqualTo("# austin: 3.7.0\n# interval: 100\n# mode: wall\n\n\n# duration: 9\n\n"));
    }

    [Test]
    public void The_parser_gives_back_what_the_writer_was_given()
    {
        Function[] functions = [new("f", "/x.py"), new("Klass.g", "/we ird;dir/y:z.py"), new("<module>", "<frozen importlib._bootstrap>")];
        Gen<Frame> frame = Gen.Select(Gen.Int[0, functions.Length - 1], Gen.Int[0, 5000], (f, line) => new Frame(functions[f], line));
        var sample = Gen.Select(Gen.Int[1, 99999], Gen.ULong[1, 1UL << 40], frame.Array[0, 30], Gen.Long[0, 1_000_000], Gen.Long[-100_000, 100_000], Gen.Bool, Gen.Bool, Gen.Bool);
        foreach (MetricMode mode in Enum.GetValues<MetricMode>())
        {
            sample.Array[1, 20].Sample(samples =>
            {
                using var h = new WriterHarness(OutputFormat.Austin, mode);
                foreach (var (pid, tid, frames, time, memory, idle, bad, gc) in samples)
                    h.Sample(pid, tid, bad ? [] : frames, time, memory, idle, bad, gc);
                h.End();
                Profile3 profile = AustinText.Parse(h.Text());
                Assert.That(profile.Samples, Has.Count.EqualTo(samples.Length));
                for (int i = 0; i < samples.Length; i++)
                {
                    var (pid, tid, frames, time, memory, idle, bad, gc) = samples[i];
                    Sample3 s = profile.Samples[i];
                    Assert.That((s.Pid, s.ThreadId, s.Invalid, s.Gc), Is.EqualTo((pid, tid, bad, gc)));
                    Assert.That(s.Frames, Is.EqualTo(bad ? Array.Empty<Frame3>() : frames.Select(f => new Frame3(f.Function.File, f.Function.Name, f.Line)).ToArray()));
                    Assert.That(s.Time, Is.EqualTo(mode == MetricMode.Memory ? null : time));
                    Assert.That(s.Memory, Is.EqualTo(mode == MetricMode.Time ? null : memory * 1024));
                    Assert.That(s.Idle, Is.EqualTo(mode == MetricMode.Full ? idle : null));
                }
                Assert.That(profile.Keys, Is.EqualTo(mode == MetricMode.Time
                    ? new[] { "austin", "interval", "mode", "duration" }
                    : new[] { "austin", "interval", "mode", "memory", "duration" }));
            }, iter: 200);
        }
    }

    [Test]
    public void A_stack_seen_before_is_written_without_allocating()
    {
        Frame[] deep = Enumerable.Range(0, 300).Select(i => new Frame(i % 2 == 0 ? Outer : Leaf, i)).ToArray();
        using var writer = new AustinWriter(Stream.Null, MetricMode.Full);
        writer.Begin(new ProfileMetadata { AustinVersion = "0.7.0", Mode = MetricMode.Full, IntervalUs = 100 });
        writer.Write(new ThreadSample(1, 0, 3, 2, true, false, false, deep, new SampleMetrics(100, -4)));
        long allocated = Austin.Tests.Support.Allocations.Fewest(3, () =>
        {
            for (int i = 0; i < 1000; i++)
                writer.Write(new ThreadSample(1, 0, 3, 2, true, i % 2 == 0, i % 3 == 0, deep, new SampleMetrics(100, -4)));
        });
        Assert.That(allocated, Is.Zero);
    }
}
