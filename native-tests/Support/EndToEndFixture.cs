// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.IO;
using NUnit.Framework;

namespace Austin.Tests.Support;

/// <summary>
/// The end-to-end fixtures that measure: rates, shares, bad samples under churn, times, or processes and pids of
/// the whole machine. Two cores are shared, so they run alone, with no other test beside them.
/// </summary>
[NonParallelizable]
public abstract class EndToEndFixture : EndToEndFixtureBase;

/// <summary>
/// The end-to-end fixtures whose assertions are exact whatever the load: parked stacks, texts, files, exit codes.
/// Their runs mostly wait (a target starting, parking, lingering), so two of them run at a time, beside each other
/// but never beside an <see cref="EndToEndFixture"/>. A fixture goes here only when it passed beside two busy loops.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public abstract class ExactEndToEndFixture : EndToEndFixtureBase;

/// <summary>
/// What every end-to-end fixture has: a scratch directory of its own (created before the first test, deleted
/// after the last), the timeouts, the interpreters found on the machine, and austin itself.
/// </summary>
public abstract class EndToEndFixtureBase
{
    /// <summary>How long one austin run may take: a healthy one takes a few seconds; the rest is for a loaded machine.</summary>
    public static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(20);

    /// <summary>How long a target may take to say it is ready (start-up, imports, parking its threads).</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    /// <summary>The same as <see cref="StartTimeout"/>, under the name some fixtures use.</summary>
    public static readonly TimeSpan ReadyTimeout = StartTimeout;

    private string? _scratch;

    /// <summary>This fixture's scratch directory (oracles, logs, sample files).</summary>
    protected string Scratch => _scratch ?? throw new InvalidOperationException("the scratch directory exists only while the fixture runs");

    /// <summary>A new path in the scratch directory: <paramref name="name"/> after something unique.</summary>
    protected string ScratchPath(string name) => Path.Combine(Scratch, Guid.NewGuid().ToString("N")[..12] + "-" + name);

    /// <summary>Every interpreter found on the machine, oldest first (see <see cref="Interpreters"/>).</summary>
    protected static IReadOnlyList<Interpreter> Pythons => Interpreters.All;

    /// <summary>Runs austin with <paramref name="arguments"/> to the end, in the clean Python environment unless told otherwise.</summary>
    protected static ProcessResult RunAustin(IEnumerable<string> arguments, TimeSpan? timeout = null, IReadOnlyDictionary<string, string?>? environment = null) =>
        AustinBinary.Run(arguments, timeout ?? RunTimeout, environment ?? PythonEnvironment.Clean);

    [OneTimeSetUp]
    public void CreateScratchDirectory() =>
        _scratch = Directory.CreateTempSubdirectory($"austin-e2e-{GetType().Name.Replace("Tests", "", StringComparison.Ordinal).ToLowerInvariant()}-").FullName;

    [OneTimeTearDown]
    public void DeleteScratchDirectory()
    {
        if (_scratch is not null && Directory.Exists(_scratch)) Directory.Delete(_scratch, recursive: true);
        _scratch = null;
    }
}
