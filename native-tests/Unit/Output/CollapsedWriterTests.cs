// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.IO;
using System.Linq;
using System.Text;
using Austin.Output;
using Austin.Samples;
using NUnit.Framework;

namespace Austin.Tests.Unit.Output;

/// <summary>
/// The collapsed writer copies a thread's text when its stack is the one of its previous sample: whatever the
/// threads, processes and stacks, the output must be what formatting every line anew gives.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class CollapsedWriterTests
{
    private static readonly Function[] Functions = Enumerable.Range(0, 6).Select(i => new Function($"f{i}", $"/srv/m{i % 2}.py")).ToArray();

    [TestCase(false)]
    [TestCase(true)]
    public void Repeated_changed_and_colliding_stacks_of_many_threads_are_written_as_if_formatted_anew(bool alternative)
    {
        var random = new Random(1234);
        // 40 threads in two processes: more than the writer remembers, so that threads share its slots.
        (int Pid, ulong Thread)[] threads = Enumerable.Range(0, 40).Select(i => (100 + i % 2, 0x7f0000001000UL + (ulong)i * 0x800000)).ToArray();
        var stacks = new Frame[threads.Length][];
        for (int t = 0; t < threads.Length; t++) stacks[t] = Stack(random);

        using var stream = new MemoryStream();
        var expected = new StringBuilder();
        using (var writer = new CollapsedWriter(stream, alternative, MetricMode.Time))
        {
            writer.Begin(new ProfileMetadata { AustinVersion = "0.7.0", Mode = MetricMode.Time, IntervalUs = 100, Children = true });
            // Enough lines to fill the 64 KB buffer many times, so that some lines are split by its writes.
            for (int n = 0; n < 20_000; n++)
            {
                int t = random.Next(threads.Length);
                int change = random.Next(10);
                if (change == 0) stacks[t] = Stack(random);                                         // a new stack
                else if (change == 1 && stacks[t].Length > 0)                                       // the top line moved
                    stacks[t][0] = stacks[t][0] with { Line = stacks[t][0].Line + 1 };
                else if (change == 2 && stacks[t].Length > 0)                                       // same line, other function
                    stacks[t][^1] = stacks[t][^1] with { Function = Functions[random.Next(Functions.Length)] };
                writer.Write(new ThreadSample(threads[t].Pid, 0, threads[t].Thread, 0, false, false, false, stacks[t], new SampleMetrics(n, 0)));
                expected.Append($"Process {threads[t].Pid};Thread {threads[t].Thread:x}");
                foreach (Frame f in stacks[t])
                    expected.Append(alternative ? $";{f.Function.Name} ({f.Function.File}:{f.Line})" : $";{f.Function.Name} ({f.Function.File});L{f.Line}");
                expected.Append($" {n}\n");
            }
            writer.Flush();
        }
        string[] written = Encoding.UTF8.GetString(stream.ToArray()).Split('\n');
        string[] wanted = expected.ToString().Split('\n');
        int first = Enumerable.Range(0, Math.Min(written.Length, wanted.Length)).FirstOrDefault(i => written[i] != wanted[i], -1);
        Assert.That(first, Is.EqualTo(-1), first < 0 ? "" : $"line {first}: written\n{written[first]}\ninstead of\n{wanted[first]}");
        Assert.That(written, Has.Length.EqualTo(wanted.Length));
    }

    private static Frame[] Stack(Random random) =>
        Enumerable.Range(0, random.Next(0, 30)).Select(_ => new Frame(Functions[random.Next(Functions.Length)], random.Next(1, 400))).ToArray();
}
