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
