// SPDX-License-Identifier: GPL-3.0-or-later
using System.IO;
using System.Linq;
using Austin.Input;
using Austin.Output;
using Austin.Samples;
using NUnit.Framework;

namespace Austin.Tests.Unit.Output;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class SummaryReportTests
{
    private static StackTree Tree(params string[] lines)
    {
        var tree = new StackTree();
        var reader = new CollapsedReader();
        var sink = new Sink(tree);
        foreach (string line in lines) reader.TryParse(line, sink);
        return tree;
    }

    private sealed class Sink(StackTree tree) : ISampleSink
    {
        public void Add(in ThreadSample sample) => tree.Add(sample);
    }

    [Test]
    public void Own_is_where_stacks_end_and_total_counts_a_recursive_function_once()
    {
        StackTree tree = Tree(
            "Thread 1;main (app.py);L1;fib (app.py);L5;fib (app.py);L5;fib (app.py);L6 700",
            "Thread 1;main (app.py);L2;work (app.py);L9 200",
            "Thread 1;main (app.py);L3 50",
            "Thread 2 40",
            "Thread 2;Bad sample 10");
        var rows = SummaryReport.Functions(tree, Measure.Time).ToDictionary(r => r.Name);
        Assert.That(rows["fib"].Own, Is.EqualTo(700));
        Assert.That(rows["fib"].Total, Is.EqualTo(700), "the recursion is counted once");
        Assert.That(rows["main"].Own, Is.EqualTo(50));
        Assert.That(rows["main"].Total, Is.EqualTo(950));
        Assert.That(rows["work"].Total, Is.EqualTo(200));
        Assert.That(rows["Bad sample"].Own, Is.EqualTo(10));
    }

    [Test]
    public void A_function_of_several_processes_is_one_row_and_the_figures_say_how_many_processes()
    {
        // Two readers: two sets of Function objects, as two processes sampled with -C have.
        var tree = new StackTree();
        var sink = new Sink(tree);
        new CollapsedReader().TryParse("Process 40;Thread 1;main (pool.py);L9;work (pool.py);L3 600", sink);
        new CollapsedReader().TryParse("Process 41;Thread 1;main (pool.py);L9;work (pool.py);L3 300", sink);
        new CollapsedReader().TryParse("Process 41;Thread 1;main (pool.py);L9 100", sink);
        var text = new StringWriter();
        SummaryReport.Write(text, tree, MetricMode.Time, Profiles.Statistics, 2, "python3 pool.py");
        Assert.That(text.ToString(), Is.EqualTo(
            "austin summary: python3 pool.py\n" +
            "  duration 2.00 s, 1,000 samples, 2,000 thread stacks, 1 bad (0.05 %), 3 overruns; total 0.00 s of thread time in 2 processes\n" +
            "  top 2 functions by own time\n" +
            "      own    total  function (file:line)\n" +
            "   90.00 %  90.00 %  work (pool.py)\n" +
            "   10.00 % 100.00 %  main (pool.py)\n" +
            "  top 2 functions by total time\n" +
            "    total      own  function (file:line)\n" +
            "  100.00 %  10.00 %  main (pool.py)\n" +
            "   90.00 %  90.00 %  work (pool.py)\n"));
    }

    [Test]
    public void The_summary_lists_the_top_functions_by_own_and_by_total_share_with_the_runs_figures()
    {
        StackTree tree = Tree(
            "Thread 1;main (app.py);L1;fib (app.py);L5;fib (app.py);L6 700",
            "Thread 1;main (app.py);L2;work (app.py);L9 200",
            "Thread 1;main (app.py);L3 100");
        var text = new StringWriter();
        SummaryReport.Write(text, tree, MetricMode.Time, Profiles.Statistics, 2, "python3 app.py");
        Assert.That(text.ToString(), Is.EqualTo(
            "austin summary: python3 app.py\n" +
            "  duration 2.00 s, 1,000 samples, 2,000 thread stacks, 1 bad (0.05 %), 3 overruns; total 0.00 s of thread time\n" +
            "  top 2 functions by own time\n" +
            "      own    total  function (file:line)\n" +
            "   70.00 %  70.00 %  fib (app.py)\n" +
            "   20.00 %  20.00 %  work (app.py)\n" +
            "  top 2 functions by total time\n" +
            "    total      own  function (file:line)\n" +
            "  100.00 %  10.00 %  main (app.py)\n" +
            "   70.00 %  70.00 %  fib (app.py)\n"));
    }
}
