// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd;

/// <summary>
/// austin-web as a person and an attacker see it: one run of the binary, started under the name austin-web on the
/// main target, serves the page that headless Chromium loads from the printed URL (the flame graph, its refreshes,
/// zoom and search), and withstands a few hundred hostile connections while its sampling goes on.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class WebTests : EndToEndFixture
{
    private RunningProcess? _austin;
    private Uri _url = null!;
    private Oracle _oracle = null!;

    [OneTimeSetUp]
    public void StartAustinWeb()
    {
        Interpreter python = Interpreters.All.LastOrDefault() ?? throw new AssertionException("no Python interpreter found");
        string oracle = ScratchPath("oracle.json");
        string link = Path.Combine(Scratch, "austin-web");
        File.CreateSymbolicLink(link, AustinBinary.Path);
        _austin = RunningProcess.Start([link, "-i", "1ms", python.Path, Targets.PathOf("main_target.py"), "--ready", "none", "--linger", "600", "--oracle", oracle],
            PythonEnvironment.With(("WEBAUSTIN_HOST", null), ("WEBAUSTIN_PORT", null)));
        var clock = Stopwatch.StartNew();
        Match url;
        while (!(url = Regex.Match(_austin.StandardErrorText, @"the live flame graph is at (http://127\.0\.0\.1:\d+/)")).Success)
        {
            if (clock.Elapsed > StartTimeout || _austin.HasExited) Assert.Fail($"austin-web printed no URL:\n{_austin.StandardErrorText}");
            Thread.Sleep(50);
        }
        _url = new Uri(url.Groups[1].Value);
        while (!File.Exists(oracle))
        {
            if (clock.Elapsed > StartTimeout) Assert.Fail("the target never parked its threads");
            Thread.Sleep(50);
        }
        _oracle = Oracle.Load(oracle);
    }

    [OneTimeTearDown]
    public void StopAustinWeb() => _austin?.Dispose();

    [Test]
    public void The_page_shows_the_targets_functions_refreshes_a_growing_graph_and_searches()
    {
        JsonElement report = PageReport("?search=worker_");
        string[] functions = report.GetProperty("functions").EnumerateArray().Select(f => f.GetString()!).ToArray();
        Assert.That(functions, Is.SupersetOf(new[] { "worker_alpha", "worker_beta", "worker_gamma", "worker_delta", "deep", "leaf", "middle", "outer" }));
        long[] refreshes = report.GetProperty("refreshes").EnumerateArray().Select(r => r.GetInt64()).ToArray();
        Assert.That(refreshes, Has.Length.GreaterThanOrEqualTo(2), "the page refreshed every 3 s");
        Assert.That(refreshes, Is.Ordered.Ascending.And.Unique, "the graph grew between refreshes");
        // Every thread parks for good: the four workers have four threads' shares of the time.
        double matched = Percent(report.GetProperty("matched").GetString()!);
        double expected = 400.0 / _oracle.Roles.Count;
        Assert.That(matched, Is.EqualTo(expected).Within(5), $"worker_ matched {matched}% of {_oracle.Roles.Count} threads' time");
    }

    [Test]
    public void The_page_zooms_on_a_frame_and_searches_within_it()
    {
        JsonElement report = PageReport("?zoom=deep&search=%5Edeep%24");
        JsonElement zoomed = report.GetProperty("zoomed");
        Assert.That(zoomed.GetProperty("name").GetString(), Is.EqualTo("deep"));
        Assert.That(Percent(zoomed.GetProperty("share").GetString()!), Is.EqualTo(100.0 / _oracle.Roles.Count).Within(3));
        Assert.That(report.GetProperty("functions").EnumerateArray().Select(f => f.GetString()), Is.EqualTo(new[] { "deep" }), "only the zoomed frame and its callees are drawn");
        Assert.That(report.GetProperty("matched").GetString(), Is.EqualTo("100.00%"));
    }

    [Test]
    public void Hostile_requests_neither_crash_the_server_nor_slow_the_sampling()
    {
        (long stacks0, double seconds0) = Figures();
        Thread.Sleep(1000);
        (long stacks1, double seconds1) = Figures();
        double before = (stacks1 - stacks0) / (seconds1 - seconds0);

        var statuses = new List<string>();
        var random = new Random(13);
        Parallel.For(0, 320, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            byte[] request = (i % 8) switch
            {
                0 => RandomBytes(random, 2000),
                1 => Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + new string('a', 20000) + "\r\n\r\n"),
                2 => Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\n" + string.Concat(Enumerable.Range(0, 200).Select(h => $"X-{h}: {h}\r\n")) + "\r\n"),
                3 => "GET /../../etc/passwd HTTP/1.1\r\nHost: localhost\r\n\r\n"u8.ToArray(),
                4 => "POST /flame.json HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello"u8.ToArray(),
                5 => "GET /flame.json HTTP/1.1\r\nHost: localhost\r\n"u8.ToArray(),   // then half-closed
                6 => "GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.0\r\n\r\n"u8.ToArray(),
                _ => "GET /flame.json HTTP/1.1\r\nHost: localhost\r\n\r\n"u8.ToArray(),   // read by nobody
            };
            using Socket s = Connect();
            if (!s.Connected) return;
            try
            {
                s.Send(request);
                if (i % 8 == 5) s.Shutdown(SocketShutdown.Send);
                if (i % 8 == 7) return;
                string answer = Receive(s);
                lock (statuses) statuses.Add($"{i % 8}:{(answer.Length >= 12 ? answer[9..12] : "closed")}");
            }
            catch (SocketException)
            {
                lock (statuses) statuses.Add($"{i % 8}:reset");
            }
        });
        // Slowloris: 40 connections (more than the server serves at once) that send a byte a second; the server cuts
        // each when its head has taken 5 s, and turns newcomers away meanwhile.
        var slow = new List<Socket>();
        for (int i = 0; i < 40; i++)
        {
            Socket s = Connect();
            if (!s.Connected) continue;
            // A newcomer the server turned away at once is reset (linger 0), maybe before this first byte goes out.
            try { s.Send("GET / HTTP/1.1\r\n"u8.ToArray()); slow.Add(s); }
            catch (SocketException) { s.Dispose(); }
        }
        int cut = 0;
        for (int second = 0; second < 7; second++)
        {
            Thread.Sleep(1000);
            foreach (Socket s in slow)
            {
                try { s.Send("X-Slow: 1\r\n"u8.ToArray()); }
                catch (SocketException) { }
            }
        }
        foreach (Socket s in slow)
        {
            try { s.ReceiveTimeout = 100; if (s.Receive(new byte[16]) == 0) cut++; }
            catch (SocketException) { cut++; }
            s.Dispose();
        }
        Assert.That(cut, Is.EqualTo(slow.Count), "every slow connection was cut");
        (long stacks2, double seconds2) = Retry(Figures);
        double during = (stacks2 - stacks1) / (seconds2 - seconds1);

        Assert.That(_austin!.HasExited, Is.False, "austin-web is still running");
        Assert.That(statuses.Where(s => s.StartsWith("3:", StringComparison.Ordinal) || s.StartsWith("6:", StringComparison.Ordinal)),
            Is.All.EndsWith("404").Or.EndsWith("reset").Or.EndsWith("closed"), "traversal finds nothing");
        Assert.That(statuses.Where(s => s.StartsWith("4:", StringComparison.Ordinal)), Is.All.EndsWith("405").Or.EndsWith("reset").Or.EndsWith("closed"));
        Assert.That(statuses.Where(s => s.StartsWith("1:", StringComparison.Ordinal) || s.StartsWith("2:", StringComparison.Ordinal)),
            Is.All.EndsWith("431").Or.EndsWith("reset").Or.EndsWith("closed"));
        Assert.That(statuses.Count(s => s.EndsWith("404") || s.EndsWith("405") || s.EndsWith("431")), Is.GreaterThan(50), string.Join(" ", statuses));
        Assert.That(during, Is.GreaterThan(before * 0.3), $"thread stacks per second: {before:F0} before, {during:F0} during the attack");
        Assert.That(Retry(() => Get("/")).StartsWith("HTTP/1.1 200", StringComparison.Ordinal), Is.True, "the page is still served");
    }

    /// <summary>Loads the page in headless Chromium long enough for two refreshes and returns its #report.</summary>
    private JsonElement PageReport(string query)
    {
        string dom = Chromium.DumpDom(new Uri(_url, "/" + query).ToString(), Scratch, virtualTimeMs: 7000);
        Match report = Regex.Match(dom, "<pre id=\"report\">(.*?)</pre>", RegexOptions.Singleline);
        Assert.That(report.Success && report.Groups[1].Value.Length > 0, Is.True, $"the page drew nothing:\n{ProcessRunner.Head(dom)}");
        return JsonDocument.Parse(WebUtility.HtmlDecode(report.Groups[1].Value)).RootElement.Clone();
    }

    /// <summary>Tries again for a while when the server refuses (it has as many connections as it serves at once).</summary>
    private static T Retry<T>(Func<T> request)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try { return request(); }
            catch (Exception e) when (e is SocketException or JsonException && clock.Elapsed < TimeSpan.FromSeconds(15)) { Thread.Sleep(200); }
        }
    }

    private static double Percent(string text) => double.Parse(text.TrimEnd('%'), System.Globalization.CultureInfo.InvariantCulture);

    private (long Stacks, double Seconds) Figures()
    {
        string answer = Get("/flame.json");
        JsonElement json = JsonDocument.Parse(answer[(answer.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]).RootElement;
        return (json.GetProperty("stacks").GetInt64(), json.GetProperty("seconds").GetInt64() / 1000.0);
    }

    private string Get(string path)
    {
        using Socket s = Connect();
        s.Send(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n"));
        return Receive(s);
    }

    private Socket Connect()
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 15000, SendTimeout = 5000 };
        try { s.Connect(IPAddress.Loopback, _url.Port); }
        catch (SocketException) { }
        return s;
    }

    private static string Receive(Socket s)
    {
        var all = new MemoryStream();
        byte[] buffer = new byte[65536];
        int n;
        while ((n = s.Receive(buffer)) > 0) all.Write(buffer, 0, n);
        return Encoding.UTF8.GetString(all.ToArray());
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        lock (random) random.NextBytes(bytes);
        return bytes;
    }
}
