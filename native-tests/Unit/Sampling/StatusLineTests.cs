// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.IO;
using Austin.Sampling;
using NUnit.Framework;

namespace Austin.Tests.Unit.Sampling;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class StatusLineTests
{
    [Test]
    public void The_line_says_elapsed_time_samples_rate_and_bad_share_and_is_redrawn_in_place()
    {
        var stats = new SamplingStatistics { StartNs = 1_000_000_000, Samples = 24_000, ThreadSamples = 48_000, BadSamples = 12 };
        var terminal = new StringWriter();
        var status = new StatusLine(terminal);
        status.Update(13_000_000_000, stats);
        status.Update(13_100_000_000, stats);   // within the period: not redrawn
        status.Clear();
        Assert.That(terminal.ToString(), Is.EqualTo("\r\u001b[Kaustin: 12.0 s, 24,000 samples, 2,000/s, 0.03 % bad\r\u001b[K"));
    }

    [Test]
    public void Formatting_the_line_allocates_nothing()
    {
        var stats = new SamplingStatistics { StartNs = 0, Samples = 10, ThreadSamples = 10 };
        Span<char> line = stackalloc char[160];
        StatusLine.Format(line, 1_000_000_000, stats);
        var buffer = new char[160];
        // The fewest of three rounds: a promotion by the tiered JIT allocates once, a Format that allocates every time.
        Assert.That(Tests.Support.Allocations.Fewest(3, () =>
        {
            for (int i = 0; i < 100; i++) StatusLine.Format(buffer, 1_000_000_000 + i, stats);
        }), Is.Zero);
    }
}
