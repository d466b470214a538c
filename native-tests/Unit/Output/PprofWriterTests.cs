// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Austin.Output;
using Austin.Samples;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.Unit.Output;

/// <summary>Our pprof files as the real reader sees them: `go tool pprof` (Debian's golang-go, which ./build.sh test installs).</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class PprofWriterTests
{
    private static readonly string[] App =
    [
        "Thread 7f01;<module> (/home/u/app.py);L30;main (/home/u/app.py);L20;work (/home/u/app.py);L10 600",
        "Thread 7f01;<module> (/home/u/app.py);L30;main (/home/u/app.py);L21;work (/home/u/app.py);L11 300",
        "Thread 7f01;<module> (/home/u/app.py);L30;main (/home/u/app.py);L22 100",
        "Process 12;Thread 7f02;run (/usr/lib/python3.11/threading.py);L900;<lambda> (/home/u/app.py);L10 400",
        "Thread 7f02;Bad sample 5",
    ];

    /// <summary>Runs `go tool pprof` with <paramref name="arguments"/> on our file of these lines.</summary>
    internal static string Pprof(string[] lines, MetricMode mode, params string[] arguments)
    {
        string file = Path.Combine(Path.GetTempPath(), $"austin-{Guid.NewGuid():N}.pprof");
        try
        {
            File.WriteAllBytes(file, Profiles.Write(OutputFormat.Pprof, lines, mode));
            return Go(["tool", "pprof", .. arguments, file]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    internal static string Go(string[] arguments)
    {
        string go = File.Exists("/usr/bin/go") ? "/usr/bin/go" : "go";
        ProcessResult result = ProcessRunner.Run([go, .. arguments], TimeSpan.FromSeconds(120),
            new System.Collections.Generic.Dictionary<string, string?> { ["HOME"] = Path.GetTempPath(), ["PPROF_TMPDIR"] = Path.GetTempPath() });
        Assert.That(result.ExitCode, Is.Zero, $"go {string.Join(' ', arguments)} failed (./build.sh test installs Debian's golang-go):\n{result.StandardError}");
        return result.StandardOutput;
    }

    /// <summary>function → (flat, flat %, cum, cum %) from `-top`.</summary>
    internal static System.Collections.Generic.Dictionary<string, (double Flat, double FlatPercent, double Cum, double CumPercent)> Top(string output)
    {
        static double Number(Group g) => double.Parse(g.Value, System.Globalization.CultureInfo.InvariantCulture);
        var rows = new System.Collections.Generic.Dictionary<string, (double, double, double, double)>();
        foreach (Match m in Regex.Matches(output, @"^\s*([\d.]+)\w*\s+([\d.]+)%\s+[\d.]+%\s+([\d.]+)\w*\s+([\d.]+)%\s+(.+)$", RegexOptions.Multiline))
            rows[m.Groups[5].Value.Trim()] = (Number(m.Groups[1]), Number(m.Groups[2]), Number(m.Groups[3]), Number(m.Groups[4]));
        return rows;
    }

    [Test]
    public void Go_tool_pprof_reads_the_functions_and_their_time()
    {
        string output = Pprof(App, MetricMode.Time, "-top", "-nodefraction=0", "-nodecount=100");
        var top = Top(output);
        Assert.That(output, Does.Contain("Type: wall"));
        Assert.That(top["work"].Flat, Is.EqualTo(900), output);
        Assert.That(top["main"].Flat, Is.EqualTo(100), output);
        Assert.That(top["main"].Cum, Is.EqualTo(1000), output);
        Assert.That(top["<lambda>"].Flat, Is.EqualTo(400), "names in angle brackets are not taken for C++ templates");
        Assert.That(top["<module>"].Cum, Is.EqualTo(1000));
        Assert.That(top["Bad sample"].Flat, Is.EqualTo(5));
        Assert.That(top["work"].FlatPercent, Is.EqualTo(100.0 * 900 / 1405).Within(0.01));
    }

    [Test]
    public void Samples_carry_their_thread_and_process_and_locations_their_lines()
    {
        string raw = Pprof(App, MetricMode.Time, "-raw");
        Assert.That(raw, Does.Contain("samples/count wall/microseconds[dflt]"));
        Assert.That(raw, Does.Contain("thread:[7f01]"));
        Assert.That(raw, Does.Contain("pid:[12]"));
        Assert.That(raw, Does.Contain("work /home/u/app.py:11"));
        Assert.That(raw, Does.Contain("run /usr/lib/python3.11/threading.py:900"));
        Assert.That(raw, Does.Contain("Comment: python3 app.py"));
    }

    [Test]
    public void Without_idle_threads_the_time_is_cpu_time()
    {
        string file = Path.Combine(Path.GetTempPath(), $"austin-{Guid.NewGuid():N}.pprof");
        try
        {
            File.WriteAllBytes(file, Profiles.Write(OutputFormat.Pprof, Profiles.Metadata(MetricMode.Time) with { Sleepless = true }, App));
            string raw = Go(["tool", "pprof", "-raw", file]);
            Assert.That(raw, Does.Contain("samples/count cpu/microseconds[dflt]"));
            Assert.That(raw, Does.Contain("PeriodType: cpu microseconds"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void Full_metrics_are_time_memory_gained_and_memory_released()
    {
        string[] lines = ["Thread 1;main (app.py);L3;f (app.py);L7 100 20 0", "Thread 1;main (app.py);L4 100 0 -8"];
        string raw = Pprof(lines, MetricMode.Full, "-raw");
        Assert.That(raw, Does.Contain("samples/count wall/microseconds[dflt] memory_gained/bytes memory_released/bytes"));
        string top = Pprof(lines, MetricMode.Full, "-top", "-sample_index=memory_gained");
        Assert.That(Top(top)["f"].Flat, Is.EqualTo(20), top);
        Assert.That(top, Does.Contain("Type: memory_gained"));
    }
}
