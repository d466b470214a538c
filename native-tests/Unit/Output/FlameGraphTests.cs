// SPDX-License-Identifier: GPL-3.0-or-later
using System.Collections.Generic;
using Austin.Output;
using NUnit.Framework;

namespace Austin.Tests.Unit.Output;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class FlameGraphTests
{
    [TestCase("/home/me/app.py", nameof(FlameKind.User))]
    [TestCase("app.py", nameof(FlameKind.User))]
    [TestCase("<string>", nameof(FlameKind.User))]
    [TestCase("/usr/lib/python3.11/threading.py", nameof(FlameKind.StandardLibrary))]
    [TestCase("/root/.pyenv/versions/2.7.18/lib/python2.7/json/decoder.py", nameof(FlameKind.StandardLibrary))]
    [TestCase("/opt/py/lib64/python3.9/asyncio/events.py", nameof(FlameKind.StandardLibrary))]
    [TestCase("<frozen importlib._bootstrap>", nameof(FlameKind.StandardLibrary))]
    [TestCase(@"C:\Python312\Lib\threading.py", nameof(FlameKind.StandardLibrary))]
    [TestCase("/usr/lib/python3/dist-packages/requests/api.py", nameof(FlameKind.ThirdParty))]
    [TestCase("/home/me/venv/lib/python3.12/site-packages/numpy/core/numeric.py", nameof(FlameKind.ThirdParty))]
    [TestCase("/home/me/python3/lib/app.py", nameof(FlameKind.User))]
    public void Whose_code_a_file_holds_shows_in_its_path(string file, string kind) =>
        Assert.That(FlameGraph.Classify(file).ToString(), Is.EqualTo(kind));

    [Test]
    public void The_normal_format_draws_a_function_then_its_lines_and_the_alternative_one_frame_per_line()
    {
        string[] lines =
        [
            "Thread 1;main (app.py);L3;work (app.py);L10 60",
            "Thread 1;main (app.py);L4;work (app.py);L11 40",
        ];
        var tree = new StackTree();
        var sink = new TreeSink(tree);
        var reader = new Austin.Input.CollapsedReader();
        foreach (string line in lines) reader.TryParse(line, sink);

        FlameGraph normal = FlameGraph.Build(tree, alternative: false, showProcesses: false);
        Assert.That(normal.Label, Is.EqualTo(new[] { "all", "Thread 1", "main (app.py)", "L3", "work (app.py)", "L10", "L4", "work (app.py)", "L11" }));
        Assert.That(normal.Depth, Is.EqualTo(new[] { 0, 1, 2, 3, 4, 5, 3, 4, 5 }));
        Assert.That(normal.Total[2].Time, Is.EqualTo(100), "main sums its lines");

        FlameGraph alternative = FlameGraph.Build(tree, alternative: true, showProcesses: false);
        Assert.That(alternative.Label, Is.EqualTo(new[] { "all", "Thread 1", "main (app.py:3)", "work (app.py:10)", "main (app.py:4)", "work (app.py:11)" }));
    }

    /// <summary>A tree of these lines, each list read by its own reader (its own Function objects, as two processes have).</summary>
    private static StackTree Tree(params string[][] readers)
    {
        var tree = new StackTree();
        var sink = new TreeSink(tree);
        foreach (string[] lines in readers)
        {
            var reader = new Austin.Input.CollapsedReader();
            foreach (string line in lines) reader.TryParse(line, sink);
        }
        return tree;
    }

    [Test]
    public void With_processes_each_is_a_frame_on_the_root_under_its_threads()
    {
        StackTree tree = Tree(["Process 12;Thread 1;work (app.py);L10 60", "Process 9;Thread 1;work (app.py);L10 40"]);
        FlameGraph graph = FlameGraph.Build(tree, alternative: false, showProcesses: true);
        Assert.That(graph.Label, Is.EqualTo(new[] { "all", "Process 12", "Thread 1", "work (app.py)", "L10", "Process 9", "Thread 1", "work (app.py)", "L10" }));
        Assert.That(graph.Depth, Is.EqualTo(new[] { 0, 1, 2, 3, 4, 1, 2, 3, 4 }));
        Assert.That(graph.Kind[1], Is.EqualTo(FlameKind.Process));
        Assert.That(graph.Total[1].Time, Is.EqualTo(60));
        Assert.That(graph.Total[5].Time, Is.EqualTo(40));

        FlameGraph one = FlameGraph.Build(Tree(["Process 12;Thread 1;work (app.py);L10 60"]), alternative: false, showProcesses: true);
        Assert.That(one.Label, Is.EqualTo(new[] { "all", "Process 12", "Thread 1", "work (app.py)", "L10" }), "-C shows the process even when it is the only one");
    }

    [Test]
    public void Two_code_objects_of_one_function_are_one_frame_with_their_children_merged()
    {
        StackTree tree = Tree(
            ["Thread 1;main (app.py);L3;work (app.py);L10;leaf (app.py);L1 60", "Thread 1;main (app.py);L3;work (app.py);L11 5"],
            ["Thread 1;main (app.py);L3;work (app.py);L10;leaf (app.py);L1 30", "Thread 1;main (app.py);L3;work (app.py);L10;other (app.py);L2 5"]);
        FlameGraph normal = FlameGraph.Build(tree, alternative: false, showProcesses: false);
        Assert.That(normal.Label, Is.EqualTo(new[] { "all", "Thread 1", "main (app.py)", "L3", "work (app.py)", "L10", "leaf (app.py)", "L1", "other (app.py)", "L2", "L11" }));
        Assert.That(normal.Total[4].Time, Is.EqualTo(100));
        Assert.That(normal.Total[6].Time, Is.EqualTo(90), "leaf() of both readers' work() is one frame");

        FlameGraph alternative = FlameGraph.Build(tree, alternative: true, showProcesses: false);
        Assert.That(alternative.Label, Is.EqualTo(new[] { "all", "Thread 1", "main (app.py:3)", "work (app.py:10)", "leaf (app.py:1)", "other (app.py:2)", "work (app.py:11)" }));
        Assert.That(alternative.Total[4].Time, Is.EqualTo(90));
    }

    [Test]
    public void Frames_narrower_than_a_tenth_of_a_pixel_are_left_out_as_one_frame_of_their_sums()
    {
        var lines = new List<string> { "Thread 1;main (app.py);L1 1000000" };
        for (int i = 0; i < 100; i++) lines.Add($"Thread 1;main (app.py);L1;f{i} (app.py);L2 1");
        lines.Add("Thread 1;main (app.py);L1;wide (app.py);L2 100");
        StackTree tree = Tree([.. lines]);
        FlameGraph graph = FlameGraph.Build(tree, alternative: false, showProcesses: false, Measure.Time);
        // 100 µs of 1,000,200 is 0.012 pixel of 1,180 wide... and wide() is 100 µs too: the limit is 0.1 pixel, 85 µs.
        Assert.That(graph.Label, Is.EqualTo(new[] { "all", "Thread 1", "main (app.py)", "L1", "wide (app.py)", "L2", "" }));
        Assert.That(graph.Kind[6], Is.EqualTo(FlameKind.Elided));
        Assert.That(graph.Line[6], Is.EqualTo(100), "the elided frame says how many it stands for");
        Assert.That(graph.Total[6].Time, Is.EqualTo(100));
        Assert.That(graph.Depth[6], Is.EqualTo(4));
        Assert.That(graph.Total[0].Time, Is.EqualTo(1_000_200), "the parents keep their exact sums");

        Assert.That(FlameGraph.Build(tree, alternative: false, showProcesses: false).Count, Is.EqualTo(4 + 2 * 101), "no measures: every frame");
    }

    [Test]
    public void The_collectors_mark_is_a_frame_without_lines()
    {
        StackTree tree = Tree(["Thread 1;main (app.py);L3;:GC: 70", "Thread 1;main (app.py);L3 30"]);
        Assert.That(FlameGraph.Build(tree, alternative: false, showProcesses: false).Label, Is.EqualTo(new[] { "all", "Thread 1", "main (app.py)", "L3", ":GC:" }));
        Assert.That(FlameGraph.Build(tree, alternative: true, showProcesses: false).Label, Is.EqualTo(new[] { "all", "Thread 1", "main (app.py:3)", ":GC:" }));
    }

    private sealed class TreeSink(StackTree tree) : Austin.Input.ISampleSink
    {
        public void Add(in Austin.Samples.ThreadSample sample) => tree.Add(sample);
    }
}
