// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Austin.Tests.Support;
using Austin.Tests.Support.Austin3;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd;

/// <summary>
/// The C austin 3.x's formats on every interpreter: austin launches main_target.py once per interpreter per format
/// (the text format, MOJO), the samples go to a file, and the tests' own reader and parser (Support/Austin3, written
/// from the formats' description) give them back; every parked thread must be there with its exact stack, as the
/// interpreter itself saw it (the target's oracle).
/// </summary>
[TestFixture]
public sealed class FormatsTests : ExactEndToEndFixture
{
    private const double Linger = 0.5;

    /// <summary>The two formats, and the command line that asks for each.</summary>
    public enum Format
    {
        Austin,
        Mojo,
    }

    private static readonly string[] TextKeys = ["austin", "interval", "mode", "python", "duration", "sampling", "saturation", "errors"];
    private static readonly string[] MojoKeys = ["austin", "interval", "mode", "duration"];

    private readonly ConcurrentDictionary<(string Python, Format Format), Lazy<FormatRun>> _runs = new();

    [OneTimeTearDown]
    public void ForgetRuns() => _runs.Clear();

    public static IEnumerable<TestCaseData> Cases() =>
        from data in Interpreters.Cases()
        from format in Enum.GetValues<Format>()
        select data.Arguments[0] is Interpreter python
            ? new TestCaseData(python, format).SetArgDisplayNames(python.DisplayName, format.ToString().ToLowerInvariant())
            : data;

    [TestCaseSource(nameof(Cases))]
    public void EveryParkedThreadIsReadBackWithTheStackTheInterpreterSaw(Interpreter python, Format format)
    {
        FormatRun run = Run(python, format);
        using (Assert.EnterMultipleScope())
        {
            foreach (string role in run.Oracle.Roles.Keys.Where(role => role != Oracle.Reporter).Order(StringComparer.Ordinal))
            {
                Frame3[] expected = run.Oracle.StackOf(role).Select(f => new Frame3(f.File, f.Function, f.Line)).ToArray();
                Assert.That(run.Profile.Samples.Any(s => s.Frames.Select(f => f.LineOnly).SequenceEqual(expected)), Is.True,
                    $"no sample of the '{role}' thread with its stack:\n  {string.Join("\n  ", expected.Select(f => f.ToString()))}");
            }
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void EverySampleNamesTheProcessTheMainInterpreterAndAnOSThread(Interpreter python, Format format)
    {
        FormatRun run = Run(python, format);
        Frame3[] main = run.Oracle.StackOf("main").Select(f => new Frame3(f.File, f.Function, f.Line)).ToArray();
        List<Sample3> mainSamples = run.Profile.Samples.Where(s => s.Frames.Select(f => f.LineOnly).SequenceEqual(main)).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.Profile.Samples.Select(s => s.Pid).Distinct(), Is.EqualTo(new[] { run.Oracle.Pid }), "pids");
            Assert.That(run.Profile.Samples.Select(s => s.InterpreterId).Distinct(), Is.EqualTo(new[] { 0L }), "interpreter ids");
            // The OS id of a process's main thread is the pid: the formats print OS thread ids, not Python's.
            Assert.That(mainSamples.Select(s => s.ThreadId).Distinct(), Is.EqualTo(new[] { (ulong)run.Oracle.Pid }), "the main thread's id");
            Assert.That(run.Profile.Samples.Select(s => s.ThreadId).Distinct().Count(), Is.EqualTo(run.Oracle.Threads.Count),
                "one thread id per thread of the target");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void TheMetadataAreTheCAustinsKeysAndEveryLineHasItsTime(Interpreter python, Format format)
    {
        FormatRun run = Run(python, format);
        int invalid = run.Profile.Samples.Count(s => s.Invalid);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.Profile.Keys, Is.EqualTo(format == Format.Austin ? TextKeys : MojoKeys), "metadata keys");
            Assert.That(run.Profile.Meta("austin"), Is.EqualTo("3.7.0"));
            Assert.That(run.Profile.Meta("interval"), Is.EqualTo("1000"));
            Assert.That(run.Profile.Meta("mode"), Is.EqualTo("wall"));
            if (format == Format.Austin)
                Assert.That(run.Profile.Meta("python"), Is.EqualTo(python.Version.ToString()), "the version the interpreter reports");
            Assert.That(run.Profile.Samples.Where(s => s.Time is null or < 0 || s.Memory is not null || s.Idle is not null).Take(3), Is.Empty,
                "wall mode: a time, nothing else");
            Assert.That(invalid * 100, Is.LessThan(run.Profile.Samples.Count), $"{invalid} invalid samples of {run.Profile.Samples.Count}");
        }
    }

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void MojoFramesCarryTheColumnsOfTheirInstructionFromPython311(Interpreter python)
    {
        FormatRun run = Run(python, Format.Mojo);
        Frame3[] leaves = run.Oracle.Roles.Keys.Where(role => role != Oracle.Reporter)
            .Select(role => run.Oracle.StackOf(role)[^1]).Select(f => new Frame3(f.File, f.Function, f.Line)).ToArray();
        List<Frame3> parked = run.Profile.Samples.Where(s => s.Frames.Count > 0 && leaves.Contains(s.Frames[^1].LineOnly)).Select(s => s.Frames[^1]).Distinct().ToList();

        Assert.That(parked, Is.Not.Empty);
        if (python.Version.AtLeast(3, 11))
            Assert.That(parked.Where(f => f.EndLine < f.Line || f.Column < 1 || f.EndColumn <= f.Column), Is.Empty,
                "a parked frame is on a call: it has an end line and columns, 1-based");
        else
            Assert.That(parked.Where(f => f.EndLine != 0 || f.Column != 0 || f.EndColumn != 0), Is.Empty, "before 3.11 there are no columns");
    }

    private FormatRun Run(Interpreter python, Format format) =>
        _runs.GetOrAdd((python.Path, format), _ => new Lazy<FormatRun>(() => Launch(python, format))).Value;

    private FormatRun Launch(Interpreter python, Format format)
    {
        string name = new string(python.DisplayName.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        string oracle = ScratchPath($"{name}-{format}.json");
        string output = ScratchPath($"{name}.{format.ToString().ToLowerInvariant()}");
        // -P: the text format with the Python version and the statistics; -b: MOJO.
        string[] options = format == Format.Austin ? ["-P"] : ["-b"];
        ProcessResult result = AustinBinary.Run([.. options, "-i", "1000", "-o", output, .. MainTarget.Command(python, oracle, Linger)],
            RunTimeout, PythonEnvironment.Clean);
        Assert.That(result.ExitCode, Is.Zero, result.Describe());
        Assert.That(File.Exists(output), Is.True, $"austin wrote no {output}");
        Profile3 profile = format == Format.Austin ? AustinText.Parse(File.ReadAllText(output)) : MojoReader.Read(File.ReadAllBytes(output));
        Assert.That(profile.Samples, Is.Not.Empty, "no samples");
        return new FormatRun(profile, Oracle.Load(oracle));
    }

    private sealed record FormatRun(Profile3 Profile, Oracle Oracle);
}
