// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Austin.Tests.Support;
using Austin.Tests.Unit.Output;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd;

/// <summary>
/// The picture formats in the real viewers, on one run of a known target (targets/shares.py: fifty(), thirty() and
/// twenty() take about 50/30/20 % of the main thread) with the newest interpreter: the run's collapsed samples are
/// converted (--convert) to each format, so that every picture can be held against the same samples; a second run
/// writes its SVG directly (-o profile.svg) with --summary. Chromium checks the SVG's DOM and loads speedscope's
/// viewer, go tool pprof reads the pprof file, and MOJO goes there and back.
/// </summary>
[TestFixture]
public sealed class PictureFormatsTests : EndToEndFixture
{
    private static readonly string[] Shares = ["fifty", "thirty", "twenty"];

    private Interpreter _python = null!;
    private string _collapsed = null!;
    private ProcessResult _direct = null!;
    private string _directSvg = null!;
    private Dictionary<string, double> _truth = null!;

    /// <summary>Runs austin with these arguments and asserts it succeeded.</summary>
    private static ProcessResult Austin(params string[] arguments)
    {
        ProcessResult run = RunAustin(arguments, TimeSpan.FromSeconds(60));
        Assert.That(run.ExitCode, Is.Zero, run.Describe());
        return run;
    }

    [OneTimeSetUp]
    public void SampleTheTargetTwice()
    {
        _python = Pythons[^1];
        _collapsed = ScratchPath("shares.collapsed");
        Austin("-i", "200", "-o", _collapsed, _python.Path, Targets.PathOf("shares.py"), "2");
        _directSvg = ScratchPath("profile.svg");
        string report = ScratchPath("shares.txt");
        _direct = Austin("-i", "200", "--summary", "-o", _directSvg, _python.Path, Targets.PathOf("shares.py"), "2", report);
        // What the target measured itself (see AccuracyTests): on a loaded machine the shares are not 50/30/20.
        _truth = File.ReadAllLines(report).Select(line => line.Split(' '))
            .ToDictionary(f => f[0], f => double.Parse(f[1], CultureInfo.InvariantCulture));
    }

    /// <summary>The share of each function's stacks in the collapsed samples: what every picture must show.</summary>
    private Dictionary<string, double> CollapsedShares()
    {
        var time = Shares.ToDictionary(f => f, _ => 0L);
        long total = 0;
        foreach (string line in File.ReadLines(_collapsed))
        {
            long metric = long.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            total += metric;
            foreach (string f in Shares)
                if (line.Contains($";{f} (", StringComparison.Ordinal)) time[f] += metric;
        }
        return time.ToDictionary(p => p.Key, p => 100.0 * p.Value / total);
    }

    private static long Metric(string line) => long.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);

    /// <summary>A time as flamegraph.js writes it in a tooltip.</summary>
    /// <summary>The flame graph's time: hundredths of a second or millisecond, rounded half up from the microseconds.</summary>
    private static string SvgTime(long us) =>
        us >= 1_000_000 ? Hundredths(us, 10_000) + " s"
        : us >= 1000 ? Hundredths(us, 10) + " ms"
        : us + " \u00b5s";

    private static string Hundredths(long us, long per) =>
        (Math.Round((decimal)us / per, MidpointRounding.AwayFromZero) / 100m).ToString("F2", CultureInfo.InvariantCulture);

    private string Convert(string name, params string[] extra)
    {
        string output = ScratchPath(name);
        Austin([.. extra, "--convert", _collapsed, "-o", output]);
        return output;
    }

    /// <summary>What a probe script, added to a copy of the SVG, finds in Chromium after flamegraph.js has drawn it, zoomed and searched.</summary>
    private JsonElement ProbeSvg(string svg, string zoomTo, string search)
    {
        string probe = svg + ".probe.svg";
        string script = File.ReadAllText(Path.Combine(Repo.Root(), "native-tests", "Support", "Viewers", "svg_probe.js"))
            .Replace("ZOOM_TO", JsonSerializer.Serialize(zoomTo)).Replace("SEARCH", JsonSerializer.Serialize(search));
        File.WriteAllText(probe, File.ReadAllText(svg).Replace("</svg>", $"<script><![CDATA[\n{script}\n]]></script>\n</svg>"));
        string dom = Chromium.DumpDom("file://" + probe, Scratch);
        Match results = Regex.Match(dom, "<desc id=\"results\">(.*?)</desc>", RegexOptions.Singleline);
        Assert.That(results.Success, Is.True, $"the probe left no results (a script error?):\n{ProcessRunner.Head(dom)}");
        return JsonDocument.Parse(System.Net.WebUtility.HtmlDecode(results.Groups[1].Value)).RootElement;
    }

    private static double Share(JsonElement frames, string function)
    {
        double all = frames.EnumerateArray().First(f => f.GetProperty("label").GetString() == "all").GetProperty("width").GetDouble();
        return 100 * frames.EnumerateArray().Where(f => f.GetProperty("label").GetString()!.StartsWith(function + " (", StringComparison.Ordinal))
            .Sum(f => f.GetProperty("width").GetDouble()) / all;
    }

    [Test]
    public void The_flame_graph_shows_each_function_at_its_share_of_the_samples_zooms_and_searches()
    {
        string svg = Convert("shares.svg");
        Dictionary<string, double> expected = CollapsedShares();
        string[] lines = File.ReadAllLines(_collapsed);
        string[] fiftyLines = lines.Where(l => l.Contains(";fifty (", StringComparison.Ordinal)).ToArray();
        string file = Regex.Match(fiftyLines[0], @";fifty \(([^)]*)\)").Groups[1].Value;
        JsonElement probe = ProbeSvg(svg, "fifty", "^fifty ");
        JsonElement frames = probe.GetProperty("initial");
        using (Assert.EnterMultipleScope())
        {
            // Widths are written to 0.01 px of 1180: a share to 0.001 points is exact.
            foreach (string f in Shares)
                Assert.That(Share(frames, f), Is.EqualTo(expected[f]).Within(0.001), $"{f}() is drawn at its share");
            Assert.That(probe.GetProperty("tooltip").GetString(), Is.EqualTo(string.Create(CultureInfo.InvariantCulture,
                $"fifty ({file}) \u2014 {file}\n{fiftyLines.Length:N0} samples, {SvgTime(fiftyLines.Sum(Metric))}, {expected["fifty"]:F2} % of all")),
                "the tooltip: function, file (a collapsed file has no first lines), samples, time and share");
            Assert.That(probe.GetProperty("details").GetString(), Is.EqualTo(probe.GetProperty("tooltip").GetString()!.Replace("\n", " \u2014 ")),
                "hovering shows the tooltip at the bottom too");
            Assert.That(probe.GetProperty("zoomedWidth").GetDouble(), Is.EqualTo(1180).Within(0.01), "a click on fifty() makes it the whole width");
            Assert.That(probe.GetProperty("zoomedAway").GetInt32(), Is.GreaterThan(0), "zooming hides what is not under fifty()");
            Assert.That(probe.GetProperty("resetShown").GetBoolean(), Is.True, "Reset zoom is shown when zoomed");
            Assert.That(probe.GetProperty("resetFrames").GetInt32(), Is.EqualTo(frames.GetArrayLength()), "Reset zoom draws every frame again");
            Assert.That(probe.GetProperty("highlighted").GetInt32(), Is.EqualTo(1), "the search highlights fifty()'s frame");
            Assert.That(probe.GetProperty("matched").GetString(), Is.EqualTo(string.Create(CultureInfo.InvariantCulture, $"Matched: {expected["fifty"]:F2} % (1 frames)")), "the search shows fifty()'s share");
        }
        Chromium.Screenshot("file://" + svg, ScratchPath("shares.png"), 1200, 700, Scratch);
    }

    [Test]
    public void A_run_with_an_svg_file_gives_a_flame_graph_and_the_summary_on_standard_error()
    {
        Assert.That(File.ReadAllText(_directSvg), Does.StartWith("<?xml").And.Contain("shares.py"), "the .svg ending chooses the format");
        JsonElement probe = ProbeSvg(_directSvg, "fifty", "^thirty ");
        string file = Targets.PathOf("shares.py");
        Assert.That(probe.GetProperty("tooltip").GetString(), Does.StartWith($"fifty ({file}) \u2014 {file}:22\n"), "a sampled function's tooltip has its first line");
        JsonElement frames = probe.GetProperty("initial");
        double sum = Shares.Sum(f => Share(frames, f));
        foreach (string f in Shares)
            Assert.That(100 * Share(frames, f) / sum, Is.EqualTo(_truth[f]).Within(5), $"{f}() against the target's own measure");

        string stderr = _direct.StandardError;
        Assert.That(stderr, Does.Contain("austin summary: ").And.Contain("shares.py"));
        Assert.That(stderr, Does.Match(@"duration \d+\.\d\d s, [\d,]+ samples, [\d,]+ thread stacks, [\d,]+ bad \(\d+\.\d\d %\), [\d,]+ overruns"));
        Assert.That(stderr, Does.Contain("top 10 functions by own time").And.Contain("top 10 functions by total time"));
        Assert.That(stderr, Does.Contain("busy (").And.Contain("fifty ("));
        Assert.That(stderr, Does.Not.Contain("\u001b[K"), "no status line when standard error is not a terminal");
    }

    [Test]
    public void Speedscope_opens_the_file_in_its_own_viewer()
    {
        string file = Convert("shares.speedscope.json");
        string viewer = Path.Combine(Repo.Root(), "native-tests", "Support", "Viewers", "node_modules", "speedscope", "dist", "release", "index.html");
        Assert.That(File.Exists(viewer), Is.True, "speedscope's viewer is missing: ./build.sh test installs it (npm ci in native-tests/Support/Viewers)");
        // As speedscope's own command line does: a script that hands the file to the viewer.
        string loader = ScratchPath("load.js");
        File.WriteAllText(loader, $"speedscope.loadFileFromBase64(\"shares.speedscope.json\", \"{System.Convert.ToBase64String(File.ReadAllBytes(file))}\")");
        string url = $"file://{viewer}#localProfilePath={loader}&view=sandwich";
        // The viewer loads the file after the page: give it time, more on a loaded machine. Its sandwich view (a table
        // of functions by own time) draws only the rows in the window: a tall window shows them all.
        // Once in a CI run the table had its height but no rows, twice in a row: the second look also lets the
        // page's timers run to their end (virtual time) before the DOM is taken, and a third one tries again.
        string[] listed = [.. Shares, "busy", "main"];
        bool ListsAll(string d) => listed.All(f => d.Contains($"</span>{f}</td>", StringComparison.Ordinal));
        string dom = Chromium.DumpDom(url, Scratch, waitMs: 4000, height: 8000);
        for (int attempt = 0; attempt < 2 && !ListsAll(dom); attempt++)
            dom = Chromium.DumpDom(url, Scratch, waitMs: 15000, height: 8000, virtualTimeMs: 10000);
        foreach (string f in listed)
            Assert.That(dom, Does.Contain($"</span>{f}</td>"), $"speedscope lists {f}()");
        Assert.That(dom, Does.Contain("Thread "), "the thread's profile is shown");
        Assert.That(dom, Does.Not.Contain("Something went wrong").And.Not.Contain("Unrecognized format"));
        Chromium.Screenshot(url, ScratchPath("speedscope.png"), 1200, 600, Scratch, waitMs: 4000);
    }

    [Test]
    public void Go_tool_pprof_reads_the_shares_that_the_summary_gives()
    {
        string pprof = ScratchPath("shares.pprof");
        ProcessResult run = Austin("--summary=30", "--convert", _collapsed, "-o", pprof);
        string top = PprofWriterTests.Go(["tool", "pprof", "-top", "-nodefraction=0", "-nodecount=1000", pprof]);
        var rows = PprofWriterTests.Top(top);

        // The summary's lines: "  own % total %  function (file:line)" and the other way round. pprof's -top merges
        // functions of one name (every module's <module>): only names that are unique in the summary are compared.
        var own = new Dictionary<string, double>();
        var total = new Dictionary<string, double>();
        bool ownTable = true;
        foreach (string line in run.StandardError.Split('\n'))
        {
            if (line.Contains("by total", StringComparison.Ordinal)) ownTable = false;
            Match m = Regex.Match(line, @"^\s+([\d.]+) %\s+([\d.]+) %\s+(\S+) \(");
            if (!m.Success) continue;
            double first = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), second = double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            (own[m.Groups[3].Value], total[m.Groups[3].Value]) = ownTable ? (first, second) : (second, first);
        }
        Assert.That(own.Keys, Does.Contain("busy"), run.StandardError);
        using (Assert.EnterMultipleScope())
        {
            foreach ((string function, double share) in own.Where(p => p.Value >= 1 && !p.Key.StartsWith('<')))
                Assert.That(rows[function].FlatPercent, Is.EqualTo(share).Within(1), $"{function}'s flat share\n{top}");
            foreach (string f in Shares)
                Assert.That(rows[f].CumPercent, Is.EqualTo(total[f]).Within(1), $"{f}'s cumulative share\n{top}");
        }
    }

    [Test]
    public void Collapsed_samples_go_to_mojo_and_back_without_loss()
    {
        string mojo = Convert("shares.mojo");
        Assert.That(File.ReadAllBytes(mojo).Take(3), Is.EqualTo("MOJ"u8.ToArray()));
        string back = ScratchPath("back.collapsed");
        Austin("--convert", mojo, "-o", back);
        Assert.That(File.ReadAllLines(back), Is.EqualTo(File.ReadAllLines(_collapsed)));
    }

    [Test]
    public void With_children_speedscope_has_a_profile_per_thread_of_each_process_and_the_summary_counts_them()
    {
        string file = ScratchPath("pool.speedscope.json");
        ProcessResult run = Austin("-C", "-i", "2000", "--summary=30", "-o", file, _python.Path, Targets.PathOf("children_target.py"), "pool", "--seconds", "0.5");
        int[] workers = Regex.Match(run.StandardError, @"workers ([\d ]+)").Groups[1].Value.Split(' ').Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToArray();
        int parent = int.Parse(Regex.Match(run.StandardError, @"parent (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);

        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(file));
        string[] profiles = json.RootElement.GetProperty("profiles").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToArray();
        Assert.That(profiles, Has.All.Match(@"^Process \d+ Thread [0-9a-f]+$"), "every profile names its process and thread");
        var pids = profiles.Select(p => int.Parse(p.Split(' ')[1], CultureInfo.InvariantCulture)).ToHashSet();
        Assert.That(pids, Is.SupersetOf(workers.Append(parent)), "a profile for the parent and for each worker");
        Assert.That(profiles.Distinct().Count(), Is.EqualTo(profiles.Length), "one profile per thread per process");
        Assert.That(json.RootElement.GetProperty("shared").GetProperty("frames").EnumerateArray().Count(f => f.GetProperty("name").GetString() == "burn_in_worker"),
            Is.EqualTo(1), "the workers' burn_in_worker() is one frame of the shared table");

        Assert.That(run.StandardError, Does.Match($@"total [\d.]+ s of thread time in {pids.Count} processes\n"));
        Assert.That(Regex.Matches(run.StandardError, @"% +burn_in_worker \(").Count, Is.EqualTo(2), "one row in each table");
    }

    [Test]
    public void A_collapsed_file_recorded_with_children_converts_with_its_processes()
    {
        string recorded = ScratchPath("children.collapsed");
        string[] lines = ["Process 40;Thread 7f01;main (/srv/pool.py);L9;work (/srv/pool.py);L3 700", "Process 41;Thread 7f01;work (/srv/pool.py);L4 300"];
        File.WriteAllLines(recorded, lines);
        string back = ScratchPath("children.back.collapsed");
        Austin("--convert", recorded, "-o", back);
        Assert.That(File.ReadAllLines(back), Is.EqualTo(lines), "the Process frames are kept");
        string svg = ScratchPath("children.svg");
        Austin("--convert", recorded, "-o", svg);
        Assert.That(File.ReadAllText(svg), Does.Contain(">Process 40</text>").And.Contain(">Process 41</text>"));
        string one = ScratchPath("one.svg");
        File.WriteAllLines(recorded, [lines[0]]);
        Austin("--convert", recorded, "-o", one);
        Assert.That(File.ReadAllText(one), Does.Contain(">Process 40</text>"), "a file recorded with -C shows its process even when it is the only one");
    }

    /// <summary>Runs austin with its standard output and error on a terminal: script(1) gives it a pseudo-terminal.</summary>
    private static ProcessResult OnATerminal(params string[] arguments)
    {
        string command = ProcessRunner.Quote([AustinBinary.Path, .. arguments]);
        return ProcessRunner.Run(["script", "-qec", command, "/dev/null"], TimeSpan.FromSeconds(60), PythonEnvironment.Clean);
    }

    [Test]
    public void On_a_terminal_a_binary_format_is_refused_and_sampling_to_a_file_shows_a_status_line()
    {
        ProcessResult refused = OnATerminal("--format=pprof", _python.Path, "-c", "pass");
        Assert.That(refused.ExitCode, Is.EqualTo(64), refused.Describe());
        Assert.That(refused.StandardOutput, Does.Contain("the pprof format is binary and standard output is a terminal"));

        ProcessResult run = OnATerminal("-i", "1000", "-o", ScratchPath("status.svg"), _python.Path, Targets.PathOf("shares.py"), "1");
        Assert.That(run.ExitCode, Is.Zero, run.Describe());
        Assert.That(run.StandardOutput, Does.Match(@"\r\u001b\[Kaustin: \d+\.\d s, [\d,]+ samples, [\d,]+/s, \d+\.\d\d % bad"),
            "the status line is drawn in place");
        Assert.That(run.StandardOutput, Does.EndWith("\r\u001b[K"), "and cleared at the end");
    }

    [Test]
    public void Files_of_the_C_austin_3_convert()
    {
        string? c3 = Environment.GetEnvironmentVariable("AUSTIN_C3");
        if (string.IsNullOrEmpty(c3)) Assert.Ignore("AUSTIN_C3 names no C austin 3.x binary");
        foreach (string[] flags in new[] { Array.Empty<string>(), ["-b"] })
        {
            string recorded = ScratchPath(flags.Length == 0 ? "c3.austin" : "c3.mojo");
            ProcessResult run = ProcessRunner.Run([c3!, .. flags, "-t", "2000", "-i", "500", "-o", recorded, _python.Path, Targets.PathOf("shares.py"), "1"],
                TimeSpan.FromSeconds(60), PythonEnvironment.Clean);
            Assert.That(run.ExitCode, Is.Zero, run.Describe());
            string collapsed = ScratchPath("c3.collapsed");
            Austin("--convert", recorded, "-o", collapsed);
            string text = File.ReadAllText(collapsed);
            Assert.That(text, Does.Contain(";fifty (").And.Contain(";busy ("), $"{recorded} converted to:\n{ProcessRunner.Head(text)}");
        }
    }
}
