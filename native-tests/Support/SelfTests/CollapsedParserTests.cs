// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using NUnit.Framework;

namespace Austin.Tests.Support;

/// <summary>The output parser, on hand-written lines: what it accepts, how it splits, what it refuses.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class CollapsedParserTests
{
    [Test]
    public void ANormalLineGivesTheThreadTheFramesOutermostFirstAndTheMetric()
    {
        Sample sample = Collapsed.ParseLine("Thread 7f3a2b1c0700;<module> (main.py);L12;outer (main.py);L5;leaf (lib/x.py);L42 1003", CollapsedFormat.Normal);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(sample.ThreadId, Is.EqualTo("7f3a2b1c0700"));
            Assert.That(sample.Frames, Is.EqualTo(new[]
            {
                new Frame("<module>", "main.py", 12),
                new Frame("outer", "main.py", 5),
                new Frame("leaf", "lib/x.py", 42),
            }));
            Assert.That(sample.Metrics, Is.EqualTo(new[] { 1003L }));
            Assert.That(sample.IsBad, Is.False);
            Assert.That(sample.Leaf, Is.EqualTo(new Frame("leaf", "lib/x.py", 42)));
        }
    }

    [Test]
    public void TheGcFrameOfMinusGIsAMarkNotAFrameInBothFormatsAndAfterABadSample()
    {
        Sample normal = Collapsed.ParseLine("Thread 1f;f (a.py);L1;:GC: 1000", CollapsedFormat.Normal);
        Sample alternative = Collapsed.ParseLine("Thread 1f;f (a.py:1);:GC: 1000", CollapsedFormat.Alternative);
        Sample empty = Collapsed.ParseLine("Thread 1f;:GC: 1000", CollapsedFormat.Normal);
        Sample bad = Collapsed.ParseLine("Thread 1f;Bad sample;:GC: 1000", CollapsedFormat.Normal);
        Sample plain = Collapsed.ParseLine("Thread 1f;f (a.py);L1 1000", CollapsedFormat.Normal);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((normal.Gc, normal.Frames), Is.EqualTo((true, new[] { new Frame("f", "a.py", 1) })));
            Assert.That((alternative.Gc, alternative.Frames), Is.EqualTo((true, new[] { new Frame("f", "a.py", 1) })));
            Assert.That((empty.Gc, empty.Frames.Count, empty.IsBad), Is.EqualTo((true, 0, false)));
            Assert.That((bad.Gc, bad.IsBad), Is.EqualTo((true, true)));
            Assert.That(plain.Gc, Is.False);
            Assert.That(Collapsed.Render(normal, CollapsedFormat.Normal), Is.EqualTo("Thread 1f;f (a.py);L1;:GC: 1000"));
        }
    }

    [Test]
    public void AnAlternativeLineGivesTheSameFrames()
    {
        Sample sample = Collapsed.ParseLine("Thread 7f3a2b1c0700;<module> (main.py:12);Klass.method (main.py:5) 1003", CollapsedFormat.Alternative);

        Assert.That(sample.Frames, Is.EqualTo(new[] { new Frame("<module>", "main.py", 12), new Frame("Klass.method", "main.py", 5) }));
    }

    [Test]
    public void FullMetricsAreThreeSignedIntegers()
    {
        Sample sample = Collapsed.ParseLine("Thread 1f;f (a.py);L1 1000 0 -64", CollapsedFormat.Normal, metricCount: 3);

        Assert.That(sample.Metrics, Is.EqualTo(new[] { 1000L, 0L, -64L }));
    }

    [Test]
    public void AThreadWithoutPythonFramesHasNoFrames()
    {
        Sample sample = Collapsed.ParseLine("Thread 1f 250", CollapsedFormat.Normal);

        Assert.That((sample.ThreadId, sample.Frames.Count, sample.IsBad, sample.Metrics[0]), Is.EqualTo(("1f", 0, false, 250L)));
    }

    [Test]
    public void AThreadWithoutPythonFramesIsReadWithThreeMetricsToo()
    {
        Sample sample = Collapsed.ParseLine("Thread 1234 250 8 0", CollapsedFormat.Alternative, metricCount: 3);

        Assert.That((sample.ThreadId, sample.Frames.Count, sample.Metrics.Count), Is.EqualTo(("1234", 0, 3)));
    }

    [TestCase(CollapsedFormat.Normal)]
    [TestCase(CollapsedFormat.Alternative)]
    public void ABadSampleIsFlaggedAndHasNoFrames(CollapsedFormat format)
    {
        Sample sample = Collapsed.ParseLine("Thread 7f00aa;Bad sample 511", format);

        Assert.That((sample.ThreadId, sample.IsBad, sample.Frames.Count, sample.Metrics[0]), Is.EqualTo(("7f00aa", true, 0, 511L)));
    }

    // File names as stored: spaces, parentheses, colons, semicolons, non-ASCII.
    [TestCase("<exec payload (austin e2e)>")]
    [TestCase("/home/me/My Project (copy)/x.py")]
    [TestCase(@"C:\Program Files (x86)\Python\lib\threading.py")]
    [TestCase("/srv/a;b/c.py")]
    [TestCase("/srv/a:1/c.py")]
    [TestCase("/tmp/\u00fcn\u00efcode_m\u00f3dule.py")]
    [TestCase("")]
    public void AFileNameComesBackAsPrintedInBothFormats(string file)
    {
        var frames = new[] { new Frame("f", file, 7), new Frame("na\u00efve_\u00fcn\u00efcode", file, 9), new Frame("\U00020000", "b.py", 1) };
        var sample = new Sample("ab", frames, false, [5L], 1);

        using (Assert.EnterMultipleScope())
        {
            foreach (CollapsedFormat format in new[] { CollapsedFormat.Normal, CollapsedFormat.Alternative })
                Assert.That(Collapsed.ParseLine(Collapsed.Render(sample, format), format).Frames, Is.EqualTo(frames), format.ToString());
        }
    }

    [Test]
    public void AFunctionNameEndsAtTheFirstSpaceAndParenthesis()
    {
        // The documented limit: "(" after a space belongs to the file name, so file names may contain " (".
        Sample sample = Collapsed.ParseLine("Thread 1;f (dir (1)/a.py);L3 1", CollapsedFormat.Normal);

        Assert.That(sample.Frames[0], Is.EqualTo(new Frame("f", "dir (1)/a.py", 3)));
    }

    [Test]
    public void WholeOutputsAreSplitIntoLinesWithTheirNumbers()
    {
        IReadOnlyList<Sample> samples = Collapsed.Parse("Thread 1;f (a.py);L1 10\nThread 2 20\nThread 1;Bad sample 30\n", CollapsedFormat.Normal);

        Assert.That(samples.Count, Is.EqualTo(3));
        Assert.That(new[] { samples[0].LineNumber, samples[1].LineNumber, samples[2].LineNumber }, Is.EqualTo(new[] { 1, 2, 3 }));
    }

    [Test]
    public void IdenticalStacksShareOneFrameList()
    {
        IReadOnlyList<Sample> samples = Collapsed.Parse("Thread 1;f (a.py);L1 10\nThread 1;f (a.py);L1 11\n", CollapsedFormat.Normal);

        Assert.That(samples[1].Frames, Is.SameAs(samples[0].Frames));
    }

    [Test]
    public void AnEmptyOutputHasNoSamples() => Assert.That(Collapsed.Parse("", CollapsedFormat.Normal), Is.Empty);

    [TestCase("Thread 1;f (a.py);L1 10\nThread 2 20", 2, TestName = "A last line without its newline is refused")]
    [TestCase("Thread 1;f (a.py);L1 10\n\n", 2, TestName = "An empty line is refused")]
    [TestCase("austin: starting\nThread 1 1\n", 1, TestName = "A banner is refused")]
    public void AnOutputWithALineThatIsNotASampleIsRefusedNamingTheLine(string output, int badLine)
    {
        CollapsedFormatException? error = Assert.Throws<CollapsedFormatException>(() => Collapsed.Parse(output, CollapsedFormat.Normal));

        Assert.That(error!.LineNumber, Is.EqualTo(badLine));
        Assert.That(error.Message, Does.Contain(error.Line));
    }

    [TestCase("Thread 1;f (a.py);L1", TestName = "A line without a metric is refused")]
    [TestCase("Thread 1;f (a.py);L1 1.5", TestName = "A fractional metric is refused")]
    [TestCase("Thread 1;f (a.py);L1 +5", TestName = "A metric with a plus sign is refused")]
    [TestCase("thread 1;f (a.py);L1 5", TestName = "A lowercase Thread is refused")]
    [TestCase("Thread 7F;f (a.py);L1 5", TestName = "An uppercase thread id is refused")]
    [TestCase("Thread 0x7f;f (a.py);L1 5", TestName = "A thread id with 0x is refused")]
    [TestCase("Thread ;f (a.py);L1 5", TestName = "An empty thread id is refused")]
    [TestCase("Thread 1;f (a.py) 5", TestName = "A frame without its line is refused")]
    [TestCase("Thread 1;f (a.py);L 5", TestName = "An empty line number is refused")]
    [TestCase("Thread 1;f (a.py);L-1 5", TestName = "A negative line number is refused")]
    [TestCase("Thread 1;f a.py;L1 5", TestName = "A frame without parentheses is refused")]
    [TestCase("Thread 1; (a.py);L1 5", TestName = "A frame without a function name is refused")]
    [TestCase("Thread 1;L1 5", TestName = "A line number without a frame is refused")]
    [TestCase("Thread 1; 5", TestName = "An empty stack is refused")]
    [TestCase("Thread 1;f (a.py);L1;g (b.py);L2 5\r", TestName = "A carriage return is refused")]
    [TestCase("Thread 1;f (a.py:1) 5", TestName = "An alternative frame in the normal format is refused")]
    public void AMalformedNormalLineIsRefused(string line) =>
        Assert.Throws<CollapsedFormatException>(() => Collapsed.ParseLine(line, CollapsedFormat.Normal));

    [TestCase("Thread 1;f (a.py);L1 5", TestName = "A normal frame in the alternative format is refused")]
    [TestCase("Thread 1;f (a.py:) 5", TestName = "An alternative frame without a line number is refused")]
    [TestCase("Thread 1;f (a.py:x) 5", TestName = "An alternative frame with a word for a line is refused")]
    [TestCase("Thread 1;f a.py:1 5", TestName = "An alternative frame without parentheses is refused")]
    public void AMalformedAlternativeLineIsRefused(string line) =>
        Assert.Throws<CollapsedFormatException>(() => Collapsed.ParseLine(line, CollapsedFormat.Alternative));

    [Test]
    public void ThreeMetricsAreRequiredWhenThreeAreExpected() =>
        Assert.Throws<CollapsedFormatException>(() => Collapsed.ParseLine("Thread 1;f (a.py);L1 5", CollapsedFormat.Normal, metricCount: 3));

    [Test]
    public void OnlyOneOrThreeMetricsCanBeExpected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Collapsed.ParseLine("Thread 1 5 6", CollapsedFormat.Normal, metricCount: 2));
}
