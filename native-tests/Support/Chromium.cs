// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.IO;
using NUnit.Framework;

namespace Austin.Tests.Support;

/// <summary>
/// Debian's headless Chromium (./build.sh test installs it), run as root here: the flags keep it off the network and
/// out of any profile but a fresh one of its own.
/// </summary>
public static class Chromium
{
    public static string Path => File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : "chromium";

    /// <summary>
    /// Loads <paramref name="url"/> in a window of <paramref name="height"/> pixels (pages that draw only the rows they
    /// show need a tall one), lets it run for <paramref name="waitMs"/>, and returns its DOM as text.
    /// </summary>
    /// <param name="virtualTimeMs">For a page that keeps working with timers (austin-web's refreshes): how much of the page's
    /// time to let pass before the dump (Chromium's --virtual-time-budget; its fetches still take real time).</param>
    public static string DumpDom(string url, string scratch, int waitMs = 0, int height = 800, int virtualTimeMs = 0) =>
        Run(scratch, [.. Wait(waitMs), .. virtualTimeMs > 0 ? [$"--virtual-time-budget={virtualTimeMs}"] : Array.Empty<string>(),
            $"--window-size=1200,{height}", "--dump-dom", url]).StandardOutput;

    /// <summary>Loads <paramref name="url"/> and saves a screenshot of <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    public static void Screenshot(string url, string png, int width, int height, string scratch, int waitMs = 0)
    {
        Run(scratch, [.. Wait(waitMs), $"--window-size={width},{height}", $"--screenshot={png}", url]);
        Assert.That(File.Exists(png), Is.True, $"Chromium made no screenshot of {url}");
    }

    private static string[] Wait(int ms) => ms > 0 ? [$"--timeout={ms}"] : [];

    private static ProcessResult Run(string scratch, IEnumerable<string> arguments)
    {
        string profile = System.IO.Path.Combine(scratch, "chromium-" + Guid.NewGuid().ToString("N")[..8]);
        // Chromium's outputs go to files, not to the runner's pipes: its helpers (crashpad, zygote) outlive it for a
        // while and kept the pipes open past the runner's wait once, on a loaded machine.
        string stdout = profile + ".out", stderr = profile + ".err";
        ProcessResult result = ProcessRunner.Run(
            ["/bin/sh", "-c", "out=$1 err=$2; shift 2; exec \"$@\" >\"$out\" 2>\"$err\"", "sh", stdout, stderr,
             Path, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}", .. arguments],
            TimeSpan.FromSeconds(90));
        result = result with { StandardOutput = File.ReadAllText(stdout), StandardError = File.ReadAllText(stderr) };
        Assert.That(result.ExitCode, Is.Zero, $"chromium failed (./build.sh test installs Debian's chromium):\n{ProcessRunner.Head(result.StandardError)}");
        return result;
    }
}
