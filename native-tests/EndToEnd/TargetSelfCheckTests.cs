// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd;

/// <summary>
/// The targets and the expectations, checked against the interpreter itself, without austin: when these
/// pass and an austin test fails, austin is wrong, not the harness.
/// </summary>
[TestFixture]
public sealed class TargetSelfCheckTests : EndToEndFixture
{
    private static new readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void TheMainTargetParksEveryThreadWhereItsMarkersSay(Interpreter python)
    {
        string oraclePath = Path.Combine(Scratch, Guid.NewGuid().ToString("N") + ".json");
        ProcessResult result = ProcessRunner.Run(MainTarget.Command(python, oraclePath, lingerSeconds: 0), RunTimeout, PythonEnvironment.Clean);

        Assert.That(result.ExitCode, Is.Zero, result.Describe);
        Oracle oracle = Oracle.Load(oraclePath);
        IReadOnlyDictionary<string, StackPattern> expected = MainTarget.ParkedStacks(python.Version);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.StandardOutput, Is.Empty, "stdout, kept free for austin's samples");
            Assert.That(result.StandardError, Is.EqualTo("ready\n"));
            Assert.That(oracle.Version, Is.EqualTo(python.Version), "the version the target ran with");
            Assert.That(oracle.Roles.Keys, Is.EquivalentTo(expected.Keys.Append(Oracle.Reporter)), "the target's threads");
            foreach ((string role, StackPattern pattern) in expected.Where(entry => oracle.Roles.ContainsKey(entry.Key)))
                AssertMatches(oracle, role, pattern);
        }
    }

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void TheTinyTargetParksItsMainThreadWhereItsMarkersSay(Interpreter python)
    {
        string oraclePath = Path.Combine(Scratch, Guid.NewGuid().ToString("N") + ".json");
        ProcessResult result = ProcessRunner.Run(
            [python.Path, .. TinyTarget.Arguments(oraclePath, seconds: 0.3, ready: "stdout")], RunTimeout, PythonEnvironment.Clean);

        Assert.That(result.ExitCode, Is.Zero, result.Describe);
        Oracle oracle = Oracle.Load(oraclePath);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.StandardOutput, Is.EqualTo("ready\n"));
            Assert.That(result.StandardError, Is.Empty);
            Assert.That(oracle.Roles.Keys, Is.EquivalentTo(new[] { "main", Oracle.Reporter }), "the target's threads");
            AssertMatches(oracle, "main", TinyTarget.ParkedStack());
        }
    }

    private static void AssertMatches(Oracle oracle, string role, StackPattern pattern)
    {
        IReadOnlyList<Frame> stack = oracle.StackOf(role);
        Assert.That(pattern.Matches(stack), Is.True,
            () => $"thread '{role}': the interpreter's own stack does not match the expectation\nexpected:\n{pattern}\ninterpreter's view:\n{StackPattern.Describe(stack)}");
    }
}
