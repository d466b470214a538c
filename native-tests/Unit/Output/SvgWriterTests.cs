// SPDX-License-Identifier: GPL-3.0-or-later
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;
using Austin.Output;
using Austin.Samples;
using NUnit.Framework;

namespace Austin.Tests.Unit.Output;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class SvgWriterTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static readonly string[] App =
    [
        "Thread 7f01;<module> (/home/u/app.py);L30;main (/home/u/app.py);L20;work (/home/u/app.py);L10 600",
        "Thread 7f01;<module> (/home/u/app.py);L30;main (/home/u/app.py);L21;sleep (/usr/lib/python3.11/time.py);L5 300",
        "Thread 7f01;<module> (/home/u/app.py);L30;main (/home/u/app.py);L22;get (/usr/lib/python3/dist-packages/requests/api.py);L50 100",
        "Thread 7f02;run (/usr/lib/python3.11/threading.py);L900;work (/home/u/app.py);L10 400",
        "Thread 7f02;Bad sample 5",
    ];

    /// <summary>The frames drawn for viewers without scripts: label → widths.</summary>
    private static Dictionary<string, List<double>> StaticFrames(XDocument svg)
    {
        var frames = new Dictionary<string, List<double>>();
        foreach (XElement g in svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "frame"))
        {
            string label = g.Element(Svg + "text")!.Value;
            double width = double.Parse((string)g.Element(Svg + "rect")!.Attribute("width")!, CultureInfo.InvariantCulture);
            if (!frames.TryGetValue(label, out List<double>? widths)) frames[label] = widths = [];
            widths.Add(width);
        }
        return frames;
    }

    [Test]
    public void Frame_widths_are_the_shares_of_the_metric()
    {
        XDocument svg = XDocument.Parse(Profiles.Text(OutputFormat.Svg, App));
        Dictionary<string, List<double>> frames = StaticFrames(svg);
        const double full = SvgWriter.Width - 20;
        Assert.That(frames["all"].Single(), Is.EqualTo(full).Within(0.01));
        Assert.That(frames["main (/home/u/app.py)"].Single(), Is.EqualTo(full * 1000 / 1405).Within(0.01));
        Assert.That(frames["work (/home/u/app.py)"].Order(), Is.EqualTo(new[] { full * 400 / 1405, full * 600 / 1405 }).Within(0.01));
        Assert.That(frames["Thread 7f02"].Single(), Is.EqualTo(full * 405 / 1405).Within(0.01));
        Assert.That(svg.Descendants(Svg + "text").Single(t => (string?)t.Attribute("id") == "title").Value, Is.EqualTo("python3 app.py"));
        Assert.That(svg.Descendants(Svg + "text").Single(t => (string?)t.Attribute("id") == "subtitle").Value,
            Does.StartWith("wall time · 2.00 s · 1,000 samples · 0.05 % bad"));
    }

    [Test]
    public void The_script_gets_every_frame_and_its_values()
    {
        string text = Profiles.Text(OutputFormat.Svg, App);
        XDocument svg = XDocument.Parse(text);
        string data = svg.Descendants(Svg + "script").First().Value.Trim();
        Assert.That(data, Does.StartWith("const AUSTIN = {"));
        using var json = System.Text.Json.JsonDocument.Parse(data["const AUSTIN = ".Length..].TrimEnd(';'));
        System.Text.Json.JsonElement root = json.RootElement;
        Assert.That(root.GetProperty("values")[0].EnumerateArray().Select(v => v.GetInt64()).First(), Is.EqualTo(1405));
        Assert.That(root.GetProperty("strings").EnumerateArray().Select(s => s.GetString()), Does.Contain("<module> (/home/u/app.py)"));
        Assert.That(text, Does.Not.Contain("<module>"), "markup in names is escaped in the XML and in the script");
    }

    [Test]
    public void Names_with_markup_and_control_characters_stay_well_formed()
    {
        string[] lines = ["Thread 1;a<b>&\"c\u0001 (x]]>y.py);L1 10"];
        string text = Profiles.Text(OutputFormat.Svg, lines);
        Assert.DoesNotThrow(() => XDocument.Parse(text));
        Assert.That(text.Split("]]>").Length, Is.EqualTo(3), "only the two script sections end a CDATA section");
    }

    [Test]
    public void Ten_thousand_distinct_stacks_draw_at_most_a_few_thousand_frames()
    {
        var lines = new List<string>();
        for (int i = 0; i < 10_000; i++)
            lines.Add($"Thread 7f03;main (/home/u/app.py);L{i % 7};f{i % 100} (/home/u/m.py);L{i % 13};g{i} (/home/u/n.py);L3 {1 + i % 50}");
        XDocument svg = XDocument.Parse(Profiles.Text(OutputFormat.Svg, lines));
        List<XElement> rects = svg.Descendants(Svg + "g").Where(g => ((string?)g.Attribute("class"))?.StartsWith("frame") == true).ToList();
        Assert.That(rects, Has.Count.LessThan(3000));
        foreach (XElement g in rects.Where(g => (string?)g.Attribute("class") == "frame"))
            Assert.That(double.Parse((string)g.Element(Svg + "rect")!.Attribute("width")!, CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(1));
        Assert.That(rects.Count(g => (string?)g.Attribute("class") == "frame merged"), Is.GreaterThan(0), "the narrow frames are merged");
    }

    [Test]
    public void Fifty_thousand_distinct_stacks_too_narrow_to_see_keep_the_file_small()
    {
        // 1,000 functions under L2 of 50 µs each, of 1,050,000: 0.056 pixel each, below the 0.1 that is kept.
        var lines = new List<string> { "Thread 7f03;main (/home/u/app.py);L1 1000000" };
        for (int i = 0; i < 50_000; i++) lines.Add($"Thread 7f03;main (/home/u/app.py);L2;f{i % 1000} (/home/u/m.py);L{i % 13};g{i} (/home/u/n.py);L3 1");
        string text = Profiles.Text(OutputFormat.Svg, lines);
        XDocument svg = XDocument.Parse(text);
        Assert.That(text.Length, Is.LessThan(20_000), "the frames narrower than 0.1 pixel are not in the file");
        Dictionary<string, List<double>> frames = StaticFrames(svg);
        Assert.That(frames["main (/home/u/app.py)"].Single(), Is.EqualTo(1180).Within(0.01), "their parents keep their width");
        Assert.That(frames["L2"].Single(), Is.EqualTo(1180 * 50_000 / 1_050_000.0).Within(0.01));
        XElement merged = svg.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "frame merged");
        Assert.That(double.Parse((string)merged.Element(Svg + "rect")!.Attribute("width")!, CultureInfo.InvariantCulture),
            Is.EqualTo(1180 * 50_000 / 1_050_000.0).Within(0.01), "one grey frame over L2 stands for them");
    }

    [Test]
    public void Full_metrics_give_a_choice_of_time_memory_gained_and_memory_released()
    {
        string[] lines = ["Thread 1;main (app.py);L3 100 20 0", "Thread 1;main (app.py);L4 100 0 -8"];
        XDocument svg = XDocument.Parse(Profiles.Text(OutputFormat.Svg, lines, MetricMode.Full));
        Assert.That(svg.Descendants(Svg + "g").Where(g => ((string?)g.Attribute("class"))?.Contains("measure") == true).Select(g => g.Value),
            Is.EqualTo(new[] { "wall time", "memory gained", "memory released" }));
        Dictionary<string, List<double>> frames = StaticFrames(svg);
        Assert.That(frames["L3"].Single(), Is.EqualTo(590).Within(0.01), "time is drawn first");
    }

    [Test]
    public void Memory_mode_measures_memory()
    {
        string[] lines = ["Thread 1;main (app.py);L3 30", "Thread 1;main (app.py);L4 10"];
        XDocument svg = XDocument.Parse(Profiles.Text(OutputFormat.Svg, lines, MetricMode.Memory));
        Assert.That(svg.Descendants(Svg + "text").Single(t => (string?)t.Attribute("id") == "subtitle").Value, Does.StartWith("memory gained"));
        Assert.That(StaticFrames(svg)["L3"].Single(), Is.EqualTo(1180 * 0.75).Within(0.01));
    }

    private static (int R, int G, int B) FillOf(XDocument svg, string label)
    {
        XElement g = svg.Descendants(Svg + "g").First(g => (string?)g.Attribute("class") == "frame" && g.Element(Svg + "text")!.Value == label);
        int[] rgb = System.Text.RegularExpressions.Regex.Matches((string)g.Element(Svg + "rect")!.Attribute("fill")!, @"\d+").Select(m => int.Parse(m.Value, CultureInfo.InvariantCulture)).ToArray();
        return (rgb[0], rgb[1], rgb[2]);
    }

    [Test]
    public void Colours_tell_the_programs_code_the_standard_library_and_installed_packages_apart()
    {
        XDocument svg = XDocument.Parse(Profiles.Text(OutputFormat.Svg, App));
        (int r, int g, int b) = FillOf(svg, "main (/home/u/app.py)");
        Assert.That(r >= 205 && b <= 55, Is.True, $"the program's own code is warm: rgb({r},{g},{b})");
        (r, g, b) = FillOf(svg, "run (/usr/lib/python3.11/threading.py)");
        Assert.That(r <= 110 && g is >= 150 and <= 210 && b >= 200, Is.True, $"the standard library is blue: rgb({r},{g},{b})");
        (r, g, b) = FillOf(svg, "L20");
        Assert.That(r >= 205 + (255 - 205) * 0.45 - 1, Is.True, $"a line is a paler shade of its function's colour: rgb({r},{g},{b})");
        XDocument wide = XDocument.Parse(Profiles.Text(OutputFormat.Svg, ["Thread 1;get (/usr/lib/python3/dist-packages/requests/api.py);L50 100"]));
        (r, g, b) = FillOf(wide, "get (/usr/lib/python3/dist-packages/requests/api.py)");
        Assert.That(r <= 110 && g >= 180 && b <= 110, Is.True, $"installed packages are green: rgb({r},{g},{b})");
    }

    [Test]
    public void With_children_each_process_is_a_frame_under_its_threads()
    {
        string[] lines = ["Process 40;Thread 7f01;work (/srv/pool.py);L3 700", "Process 41;Thread 7f01;work (/srv/pool.py);L3 300"];
        XDocument svg = XDocument.Parse(System.Text.Encoding.UTF8.GetString(
            Profiles.Write(OutputFormat.Svg, Profiles.Metadata(MetricMode.Time) with { Children = true }, lines)));
        Dictionary<string, List<double>> frames = StaticFrames(svg);
        Assert.That(frames["Process 40"].Single(), Is.EqualTo(1180 * 0.7).Within(0.01));
        Assert.That(frames["Process 41"].Single(), Is.EqualTo(1180 * 0.3).Within(0.01));
        Assert.That(frames["Thread 7f01"], Has.Count.EqualTo(2), "a thread per process");
    }

    [Test]
    public void Without_idle_threads_the_time_is_cpu_time()
    {
        XDocument svg = XDocument.Parse(System.Text.Encoding.UTF8.GetString(
            Profiles.Write(OutputFormat.Svg, Profiles.Metadata(MetricMode.Time) with { Sleepless = true }, App)));
        Assert.That(svg.Descendants(Svg + "text").Single(t => (string?)t.Attribute("id") == "subtitle").Value, Does.StartWith("cpu time · 2.00 s"));
    }

    [Test]
    public void The_script_and_the_writer_colour_alike()
    {
        // flamegraph.js redraws the frames with its own copy of the palette: its numbers must be the writer's.
        string js = System.IO.File.ReadAllText(System.IO.Path.Combine(Repo.Root(), "src", "Output", "Svg", "flamegraph.js"));
        Assert.That(js, Does.Contain("case 3: r = 205 + 50 * v3; g = 230 * v1; b = 55 * v2;"));
        Assert.That(js, Does.Contain("case 4: r = 60 + 50 * v1; g = 150 + 60 * v2; b = 200 + 55 * v3;"));
        Assert.That(js, Does.Contain("case 5: r = 60 + 50 * v1; g = 180 + 60 * v2; b = 60 + 50 * v3;"));
        Assert.That(SvgWriter.Colour(FlameKind.User, false, "main (app.py)"), Does.Match(@"^rgb\(2\d\d,\d+,\d+\)$"));
    }
}
