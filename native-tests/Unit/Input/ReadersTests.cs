// SPDX-License-Identifier: GPL-3.0-or-later
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Austin.Input;
using Austin.Samples;
using NUnit.Framework;

namespace Austin.Tests.Unit.Input;

/// <summary>The readers of recorded samples, on files written by hand after the formats' definitions.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ReadersTests
{
    private sealed record Read(int Pid, long Iid, ulong Tid, string Stack, long Time, long Memory, bool Bad, bool Idle);

    private sealed class Recorder : ISampleSink
    {
        public readonly List<Read> Samples = [];
        public void Add(in ThreadSample s) => Samples.Add(new Read(s.Pid, s.InterpreterId, s.ThreadId,
            string.Join(";", s.Frames.ToArray().Select(f => $"{f.Function.Name}@{f.Function.File}:{f.Line}")), s.Metrics.Time, s.Metrics.MemoryDelta, s.IsBad, s.Idle));
    }

    private static (ISampleReader Reader, List<Read> Samples) ReadAll(byte[] file, MetricMode single = MetricMode.Time)
    {
        ISampleReader reader = SampleFiles.Open(new MemoryStream(file), single);
        reader.ReadHeader();
        var recorder = new Recorder();
        reader.Read(recorder);
        return (reader, recorder.Samples);
    }

    [Test]
    public void Collapsed_files_in_both_formats_read_back_as_their_samples()
    {
        string file = "not a sample\nThread 7f01;main (app.py);L3;work (lib/x.py);L10 600\nThread 7f01;main (app.py:4);w (C:\\x.py:7) 5\n" +
                      "Process 12;Thread 2 40\nThread 3;Bad sample 9\n";
        (ISampleReader reader, List<Read> samples) = ReadAll(Encoding.UTF8.GetBytes(file));
        Assert.That(reader, Is.InstanceOf<CollapsedFileReader>());
        Assert.That(samples, Is.EqualTo(new[]
        {
            new Read(0, 0, 0x7f01, "main@app.py:3;work@lib/x.py:10", 600, 0, false, false),
            new Read(0, 0, 0x7f01, "main@app.py:4;w@C:\\x.py:7", 5, 0, false, false),
            new Read(12, 0, 2, "", 40, 0, false, false),
            new Read(0, 0, 3, "", 9, 0, true, false),
        }));
        Assert.That(reader.SkippedLines, Is.EqualTo(1));
    }

    [Test]
    public void The_garbage_collectors_mark_reads_back_as_the_samples_state_in_every_format()
    {
        var recorder = new Recorder();
        var gc = new List<bool>();
        foreach (string file in new[] { "Thread 1;f (a.py);L2;:GC: 10\n", "# mode: wall\nP1;T0:1;a.py:f:2;:GC: 10\n" })
        {
            ISampleReader reader = SampleFiles.Open(new MemoryStream(Encoding.UTF8.GetBytes(file)), MetricMode.Time);
            reader.ReadHeader();
            reader.Read(new GcRecorder(gc));
        }
        Assert.That(gc, Is.EqualTo(new[] { true, true }));
    }

    private sealed class GcRecorder(List<bool> gc) : ISampleSink
    {
        public void Add(in ThreadSample s)
        {
            Assert.That(s.Frames.ToArray().Select(f => f.Function.Name), Is.EqualTo(new[] { "f" }));
            gc.Add(s.GcCollecting);
        }
    }

    [Test]
    public void A_file_recorded_with_children_says_so_after_its_header_in_every_format()
    {
        bool MultiProcess(string file)
        {
            ISampleReader reader = SampleFiles.Open(new MemoryStream(Encoding.UTF8.GetBytes(file)), MetricMode.Time);
            reader.ReadHeader();
            return reader.MultiProcess;
        }
        Assert.That(MultiProcess("Process 12;Thread 1;f (a.py);L2 10\n"), Is.True, "collapsed, -C");
        Assert.That(MultiProcess("Thread 1;f (a.py);L2 10\n"), Is.False, "collapsed");
        Assert.That(MultiProcess("# austin: 3.7.0\n# mode: wall\n# multiprocess: on\n\nP1;T0:1;a.py:f:2 10\n"), Is.True, "3.x text, -C");
        Assert.That(MultiProcess("# austin: 3.7.0\n# mode: wall\n\nP1;T0:1;a.py:f:2 10\n"), Is.False, "3.x text");
    }

    [Test]
    public void Collapsed_lines_with_three_metrics_are_full_metrics()
    {
        (ISampleReader reader, List<Read> samples) = ReadAll(Encoding.UTF8.GetBytes("Thread 1 100 0 -3\nThread 1;f (a.py);L2 100 7 0\n"));
        Assert.That(reader.Mode, Is.EqualTo(MetricMode.Full));
        Assert.That(samples.Select(s => (s.Time, s.Memory)), Is.EqualTo(new[] { (100L, -3L), (100L, 7L) }));
    }

    [Test]
    public void The_3x_text_format_reads_its_metadata_and_its_lines()
    {
        string file = "# austin: 3.7.0\n# interval: 100\n# mode: full\n\nP42;T0:5c1a;/a/app.py:main:3;/a/app.py:work:10 100,1,-2048\n" +
                      "P42;T1:5c1b;:INVALID: 50,0,0\nP42;T0:5c1a;C:\\w\\x.py:f:2;:GC: 7,0,4096\n\n# duration: 1234\n";
        (ISampleReader reader, List<Read> samples) = ReadAll(Encoding.UTF8.GetBytes(file));
        Assert.That(reader, Is.InstanceOf<Austin3TextReader>());
        Assert.That(reader.Mode, Is.EqualTo(MetricMode.Full));
        Assert.That(samples, Is.EqualTo(new[]
        {
            new Read(42, 0, 0x5c1a, "main@/a/app.py:3;work@/a/app.py:10", 100, -2, false, true),
            new Read(42, 1, 0x5c1b, "", 50, 0, true, false),
            new Read(42, 0, 0x5c1a, "f@C:\\w\\x.py:2", 7, 4, false, false),
        }));
        Assert.That(reader.Metadata["duration"], Is.EqualTo("1234"));
        Assert.That(reader.Metadata["austin"], Is.EqualTo("3.7.0"));
    }

    /// <summary>mojo.h's integer encoding.</summary>
    private static void Integer(List<byte> b, long value)
    {
        bool negative = value < 0;
        ulong m = (ulong)(negative ? -value : value);
        byte first = (byte)(m & 0x3f | (negative ? 0x40u : 0));
        m >>= 6;
        if (m != 0) first |= 0x80;
        b.Add(first);
        while (m != 0)
        {
            byte next = (byte)(m & 0x7f);
            m >>= 7;
            if (m != 0) next |= 0x80;
            b.Add(next);
        }
    }

    private static void String(List<byte> b, string s)
    {
        b.AddRange(Encoding.UTF8.GetBytes(s));
        b.Add(0);
    }

    [Test]
    public void Mojo_reads_its_metadata_strings_frames_and_metrics()
    {
        var b = new List<byte>(Encoding.ASCII.GetBytes("MOJ"));
        Integer(b, 3);
        b.Add(1); String(b, "mode"); String(b, "memory");
        b.Add(2); Integer(b, 42); Integer(b, 0); String(b, "7f01");                       // stack
        b.Add(11); Integer(b, 2); String(b, "/a/app.py");                                  // strings
        b.Add(11); Integer(b, 3); String(b, "main");
        b.Add(11); Integer(b, 4); String(b, "work");
        b.Add(3); Integer(b, 1); Integer(b, 2); Integer(b, 4); Integer(b, 10); Integer(b, 10); Integer(b, 5); Integer(b, 9);  // work:10, innermost first
        b.Add(3); Integer(b, 2); Integer(b, 2); Integer(b, 3); Integer(b, 300); Integer(b, 300); Integer(b, 1); Integer(b, 4); // main:300
        b.Add(5); Integer(b, 2); b.Add(5); Integer(b, 1);                                  // refs, outermost first
        b.Add(10); Integer(b, -8192);                                                      // memory
        b.Add(2); Integer(b, 42); Integer(b, 0); String(b, "7f02");
        b.Add(4);                                                                          // invalid
        b.Add(10); Integer(b, 1024);
        b.Add(1); String(b, "duration"); String(b, "99");

        (ISampleReader reader, List<Read> samples) = ReadAll([.. b]);
        Assert.That(reader, Is.InstanceOf<MojoReader>());
        Assert.That(reader.Mode, Is.EqualTo(MetricMode.Memory));
        Assert.That(samples, Is.EqualTo(new[]
        {
            new Read(42, 0, 0x7f01, "main@/a/app.py:300;work@/a/app.py:10", 0, -8, false, false),
            new Read(42, 0, 0x7f02, "", 0, 1, true, false),
        }));
        Assert.That(reader.Metadata["duration"], Is.EqualTo("99"));
    }

    [Test]
    public void A_mojo_file_cut_short_ends_in_an_error_after_its_samples()
    {
        var b = new List<byte>(Encoding.ASCII.GetBytes("MOJ"));
        Integer(b, 3);
        b.Add(2); Integer(b, 1); Integer(b, 0); String(b, "1");
        b.Add(9); Integer(b, 100);
        b.Add(2); Integer(b, 1);
        ISampleReader reader = SampleFiles.Open(new MemoryStream([.. b]), MetricMode.Time);
        reader.ReadHeader();
        var recorder = new Recorder();
        Assert.Throws<EndOfStreamException>(() => reader.Read(recorder));
        Assert.That(recorder.Samples.Single().Time, Is.EqualTo(100));
    }
}
