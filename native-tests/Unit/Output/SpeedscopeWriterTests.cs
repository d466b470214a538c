// SPDX-License-Identifier: GPL-3.0-or-later
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Austin.Output;
using Austin.Samples;
using Json.Schema;
using OutputFormat = Austin.Output.OutputFormat;
using NUnit.Framework;

namespace Austin.Tests.Unit.Output;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class SpeedscopeWriterTests
{
    private static readonly string[] App =
    [
        "Thread 7f01;<module> (/home/u/app.py);L30;main (/home/u/app.py);L20;work (/home/u/app.py);L10 600",
        "Thread 7f01;<module> (/home/u/app.py);L30;main (/home/u/app.py);L21;work (/home/u/app.py);L11 300",
        "Thread 7f01;<module> (/home/u/app.py);L30;main (/home/u/app.py);L22 100",
        "Thread 7f02;run (/usr/lib/python3.11/threading.py);L900;work (/home/u/app.py);L10 400",
        "Thread 7f02 50",
        "Thread 7f02;Bad sample 5",
    ];

    private static JsonSchema Schema() => JsonSchema.FromText(File.ReadAllText(
        Path.Combine(Repo.Root(), "native-tests", "Support", "Viewers", "speedscope-file-format-schema.json")));

    private static void AssertValid(byte[] file)
    {
        using JsonDocument json = JsonDocument.Parse(file);
        EvaluationResults results = Schema().Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = Json.Schema.OutputFormat.List });
        Assert.That(results.IsValid, Is.True, string.Join("\n", (results.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
    }

    [TestCase(nameof(MetricMode.Time))]
    [TestCase(nameof(MetricMode.Memory))]
    [TestCase(nameof(MetricMode.Full))]
    public void The_file_is_valid_against_speedscopes_schema(string modeName)
    {
        MetricMode mode = System.Enum.Parse<MetricMode>(modeName);
        string[] lines = mode == MetricMode.Full ? ["Thread 1;main (app.py);L3 100 20 0", "Thread 1;main (app.py);L4 100 0 -8"] : App;
        AssertValid(Profiles.Write(OutputFormat.Speedscope, lines, mode));
    }

    [Test]
    public void Each_thread_is_a_profile_of_its_distinct_stacks_over_one_table_of_functions()
    {
        JsonNode file = JsonNode.Parse(Profiles.Write(OutputFormat.Speedscope, App))!;
        string[] frames = file["shared"]!["frames"]!.AsArray().Select(f => (string)f!["name"]!).ToArray();
        Assert.That(frames, Is.EquivalentTo(new[] { "Bad sample", "<module>", "main", "work", "run" }), "one frame per function, whatever its lines");
        JsonArray profiles = file["profiles"]!.AsArray();
        Assert.That(profiles.Select(p => (string)p!["name"]!), Is.EqualTo(new[] { "Thread 7f01", "Thread 7f02" }));
        Assert.That((string)file["name"]!, Is.EqualTo("python3 app.py"));
        Assert.That((int)file["activeProfileIndex"]!, Is.EqualTo(0), "the busiest thread opens first");

        JsonNode main = profiles[0]!;
        Assert.That((string)main["unit"]!, Is.EqualTo("microseconds"));
        Assert.That((long)main["endValue"]!, Is.EqualTo(1000));
        string[] Stack(JsonNode sample) => sample.AsArray().Select(i => frames[(int)i!]).ToArray();
        var stacks = main["samples"]!.AsArray().Select(s => string.Join(";", Stack(s!))).Zip(main["weights"]!.AsArray().Select(w => (long)w!)).ToList();
        Assert.That(stacks, Is.EquivalentTo(new[] { ("<module>;main;work", 600L), ("<module>;main;work", 300L), ("<module>;main", 100L) }));

        JsonNode second = profiles[1]!;
        var secondStacks = second["samples"]!.AsArray().Select(s => string.Join(";", Stack(s!))).Zip(second["weights"]!.AsArray().Select(w => (long)w!)).ToList();
        Assert.That(secondStacks, Is.EquivalentTo(new[] { ("run;work", 400L), ("", 50L), ("Bad sample", 5L) }));
    }

    [Test]
    public void With_children_each_thread_of_each_process_is_a_profile_and_the_processes_share_the_frames()
    {
        string[] lines =
        [
            "Process 40;Thread 7f01;main (/srv/pool.py);L9;work (/srv/pool.py);L3 700",
            "Process 41;Thread 7f01;main (/srv/pool.py);L9;work (/srv/pool.py);L3 200",
            "Process 41;Thread 7f02;work (/srv/pool.py);L4 100",
        ];
        byte[] file = Profiles.Write(OutputFormat.Speedscope, Profiles.Metadata(MetricMode.Time) with { Children = true }, lines);
        AssertValid(file);
        JsonNode json = JsonNode.Parse(file)!;
        Assert.That(json["shared"]!["frames"]!.AsArray().Select(f => (string)f!["name"]!), Is.EqualTo(new[] { "Bad sample", "main", "work" }),
            "work() of two processes is one frame");
        Assert.That(json["profiles"]!.AsArray().Select(p => ((string)p!["name"]!, (long)p["endValue"]!)),
            Is.EqualTo(new[] { ("Process 40 Thread 7f01", 700L), ("Process 41 Thread 7f01", 200L), ("Process 41 Thread 7f02", 100L) }));

        JsonNode one = JsonNode.Parse(Profiles.Write(OutputFormat.Speedscope, Profiles.Metadata(MetricMode.Time) with { Children = true }, [lines[0]]))!;
        Assert.That((string)one["profiles"]![0]!["name"]!, Is.EqualTo("Process 40 Thread 7f01"), "-C names the process even when it is the only one");
    }

    [Test]
    public void Memory_is_in_bytes_and_full_metrics_make_a_profile_per_thread_and_metric()
    {
        JsonNode memory = JsonNode.Parse(Profiles.Write(OutputFormat.Speedscope, ["Thread 1;main (app.py);L3 30"], MetricMode.Memory))!;
        Assert.That((string)memory["profiles"]![0]!["unit"]!, Is.EqualTo("bytes"));
        Assert.That((long)memory["profiles"]![0]!["endValue"]!, Is.EqualTo(30 * 1024));

        JsonNode full = JsonNode.Parse(Profiles.Write(OutputFormat.Speedscope, ["Thread 1;main (app.py);L3 100 20 0", "Thread 1;main (app.py);L4 100 0 -8"], MetricMode.Full))!;
        Assert.That(full["profiles"]!.AsArray().Select(p => ((string)p!["name"]!, (long)p["endValue"]!)),
            Is.EqualTo(new[] { ("Thread 1 (wall time)", 200L), ("Thread 1 (memory gained)", 20L * 1024), ("Thread 1 (memory released)", 8L * 1024) }));
    }
}
