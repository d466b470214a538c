// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd;

/// <summary>One line of austin's log file: <c>yyyy-MM-dd HH:mm:ss.fff austin[PID] INFO|ERROR: message</c>.</summary>
public sealed record LogLine(int Pid, string Level, string Message);

/// <summary>
/// What austin wrote to <c>AUSTIN_LOG_FILE</c> (spec §4), with the end-of-run statistics picked out. The tests read
/// the log through the file switch because syslog may not exist where they run.
/// </summary>
public sealed partial class AustinLog
{
    /// <summary>The variable that sends the log to a file.</summary>
    public const string FileVariable = "AUSTIN_LOG_FILE";

    /// <summary>The variable that silences it (<c>off</c>).</summary>
    public const string SwitchVariable = "AUSTIN_LOG";

    private AustinLog(string text, IReadOnlyList<LogLine> lines)
    {
        Text = text;
        Lines = lines;
    }

    /// <summary>The whole file, for messages.</summary>
    public string Text { get; }

    /// <summary>Every line, in order.</summary>
    public IReadOnlyList<LogLine> Lines { get; }

    /// <summary>The messages, in order.</summary>
    public IEnumerable<string> Messages => Lines.Select(line => line.Message);

    /// <summary>Reads a log file; fails the test when it is missing or has a line of another shape.</summary>
    public static AustinLog Read(string path)
    {
        if (!File.Exists(path))
            Assert.Fail($"austin wrote no log to {path}");
        string text = File.ReadAllText(path);
        var lines = new List<LogLine>();
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Match match = LinePattern().Match(line);
            if (!match.Success)
                Assert.Fail($"a line of the log is not '<date> <time> austin[<pid>] <LEVEL>: <message>': \"{line}\"\n--- log ---\n{text}");
            lines.Add(new LogLine(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Value, match.Groups[3].Value));
        }
        return new AustinLog(text, lines);
    }

    /// <summary>The environment of a run that logs to <paramref name="path"/>: <see cref="PythonEnvironment.Clean"/> plus the file switch.</summary>
    public static IReadOnlyDictionary<string, string?> To(string path) =>
        PythonEnvironment.With((FileVariable, path), (SwitchVariable, null));

    /// <summary>The one message that matches <paramref name="pattern"/> (anchored), or a failure that shows the log.</summary>
    public Match Single(string pattern)
    {
        var regex = new Regex("^" + pattern + "$", RegexOptions.CultureInvariant);
        List<Match> matches = Messages.Select(message => regex.Match(message)).Where(match => match.Success).ToList();
        Assert.That(matches, Has.Count.EqualTo(1), () => $"log messages matching /{pattern}/\n--- log ---\n{Text}");
        return matches[0];
    }

    /// <summary>Where the first message equal to <paramref name="message"/> is, or -1.</summary>
    public int IndexOf(string message) => Lines.ToList().FindIndex(line => line.Message == message);

    /// <summary><c>Samples: N; thread stacks: M</c>.</summary>
    public (long Samples, long ThreadStacks) Counts()
    {
        Match match = Single(@"Samples: (\d+); thread stacks: (\d+)");
        return (Number(match, 1), Number(match, 2));
    }

    /// <summary><c>Bad samples: N (x.xx% error rate)</c>: the count, and the rate as printed.</summary>
    public (long Bad, string Rate) BadSamples()
    {
        Match match = Single(@"Bad samples: (\d+) \((\d+\.\d\d)% error rate\)");
        return (Number(match, 1), match.Groups[2].Value);
    }

    private static long Number(Match match, int group) => long.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} austin\[(\d+)\] (INFO|ERROR): (.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex LinePattern();
}
