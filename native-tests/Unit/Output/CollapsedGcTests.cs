// SPDX-License-Identifier: GPL-3.0-or-later
using System.IO;
using System.Text;
using Austin.Output;
using Austin.Samples;
using NUnit.Framework;

namespace Austin.Tests.Unit.Output;

/// <summary>-g in the collapsed formats: the C austin 3.x's <c>:GC:</c> frame closes the stack while the collector runs.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class CollapsedGcTests
{
    private static readonly Function Run = new("run", "/srv/job.py");

    private static string Line(bool alternative, MetricMode mode, bool gc, bool bad = false, bool frames = true)
    {
        using var stream = new MemoryStream();
        using var writer = new CollapsedWriter(stream, alternative, mode);
        Frame[] stack = frames ? [new Frame(Run, 7)] : [];
        writer.Write(new ThreadSample(1, 0, 0xab, 0, false, false, bad, bad ? [] : stack, new SampleMetrics(500, 12)) { GcCollecting = gc });
        writer.Flush();
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Test]
    public void A_sample_taken_while_collecting_ends_its_stack_with_the_GC_frame_in_both_formats()
    {
        Assert.That(Line(false, MetricMode.Time, gc: true), Is.EqualTo("Thread ab;run (/srv/job.py);L7;:GC: 500\n"));
        Assert.That(Line(true, MetricMode.Time, gc: true), Is.EqualTo("Thread ab;run (/srv/job.py:7);:GC: 500\n"));
        Assert.That(Line(false, MetricMode.Full, gc: true), Is.EqualTo("Thread ab;run (/srv/job.py);L7;:GC: 500 12 0\n"));
    }

    [Test]
    public void Threads_without_frames_and_bad_samples_carry_it_too_and_other_samples_are_unchanged()
    {
        Assert.That(Line(false, MetricMode.Time, gc: true, frames: false), Is.EqualTo("Thread ab;:GC: 500\n"));
        Assert.That(Line(false, MetricMode.Time, gc: true, bad: true), Is.EqualTo("Thread ab;Bad sample;:GC: 500\n"));
        Assert.That(Line(false, MetricMode.Time, gc: false), Is.EqualTo("Thread ab;run (/srv/job.py);L7 500\n"));
    }
}
