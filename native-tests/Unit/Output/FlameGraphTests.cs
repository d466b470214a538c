// SPDX-License-Identifier: GPL-3.0-or-later
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

        FlameGraph normal = FlameGraph.Build(tree, alternative: false);
        Assert.That(normal.Label, Is.EqualTo(new[] { "all", "Thread 1", "main (app.py)", "L3", "work (app.py)", "L10", "L4", "work (app.py)", "L11" }));
        Assert.That(normal.Depth, Is.EqualTo(new[] { 0, 1, 2, 3, 4, 5, 3, 4, 5 }));
        Assert.That(normal.Total[2].Time, Is.EqualTo(100), "main sums its lines");

        FlameGraph alternative = FlameGraph.Build(tree, alternative: true);
        Assert.That(alternative.Label, Is.EqualTo(new[] { "all", "Thread 1", "main (app.py:3)", "work (app.py:10)", "main (app.py:4)", "work (app.py:11)" }));
    }

    private sealed class TreeSink(StackTree tree) : Austin.Input.ISampleSink
    {
        public void Add(in Austin.Samples.ThreadSample sample) => tree.Add(sample);
    }
}
