// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Linq;
using NUnit.Framework;
using NUnit.Framework.Interfaces;

namespace Austin.Tests.Support;

/// <summary>Interpreter discovery, and the test cases it hands to NUnit.</summary>
[TestFixture]
public sealed class InterpretersTests
{
    [Test]
    public void NoInterpreterFoundGivesOneCaseThatFailsSayingWhereItLooked()
    {
        var nothing = new Interpreters.Discovery([], [], ["/nowhere/versions/*/bin/python"]);

        TestCaseData[] cases = Interpreters.CasesFor(nothing).ToArray();

        Assert.That(cases, Has.Length.EqualTo(1));
        Assert.That(cases[0].RunState, Is.EqualTo(RunState.NotRunnable));
        Assert.That(cases[0].Properties.Get(NUnit.Framework.Internal.PropertyNames.SkipReason),
            Is.EqualTo("no Python interpreter found: looked in /nowhere/versions/*/bin/python"));
    }

    [Test]
    public void AnInterpreterThatCannotBeAskedItsVersionGivesAFailingCaseBesideTheOthers()
    {
        var python = new Interpreter("3.11.7 pyenv", "/p/bin/python", new PythonVersion(3, 11, 7), "3.11.7");
        var found = new Interpreters.Discovery([python], ["/broken/python did not report its version: boom"], ["/p"]);

        TestCaseData[] cases = Interpreters.CasesFor(found).ToArray();

        Assert.That(cases.Select(data => data.RunState), Is.EqualTo(new[] { RunState.NotRunnable, RunState.Runnable }));
        Assert.That(cases[1].Arguments, Is.EqualTo(new object[] { python }));
    }

    [Test]
    public void The_statistical_tests_take_one_plain_build_per_version_and_kind()
    {
        Interpreter Python(string name, int minor, string? pyenv = null, bool debug = false, bool freeThreaded = false) =>
            new(name, "/p/" + name, new PythonVersion(3, minor, 7), pyenv) { Debug = debug, FreeThreaded = freeThreaded };
        Interpreter[] all =
        [
            Python("3.11.2 /usr/bin/python3.11", 11), Python("3.11.7 pyenv", 11, pyenv: "3.11.7"),
            Python("3.14.7 built 3.14.7-static", 14), Python("3.14.7 built", 14), Python("3.14.7d built", 14, debug: true),
            Python("3.14.7t built", 14, freeThreaded: true),
        ];
        var found = new Interpreters.Discovery(all, [], ["/p"]);

        string[] chosen = Interpreters.PlainCasesFor(found).Select(data => ((Interpreter)data.Arguments[0]!).DisplayName).ToArray();

        Assert.That(chosen, Is.EqualTo(new[] { "3.11.7 pyenv", "3.14.7 built", "3.14.7t built" }));
    }

    [Test]
    public void EveryInterpreterFoundHasItsOwnDisplayNameAndPath()
    {
        Assert.That(Interpreters.All.Select(python => python.DisplayName), Is.Unique);
        Assert.That(Interpreters.All.Select(python => python.Path), Is.Unique);
    }

    [Test]
    public void EachBuildUnderTheBuiltRootGivesItsOwnInterpreterAndABuildWithoutOneIsAProblem()
    {
        string root = System.IO.Directory.CreateTempSubdirectory("austin-built-").FullName;
        try
        {
            void Touch(string relative)
            {
                string path = System.IO.Path.Combine(root, relative);
                System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
                System.IO.File.WriteAllText(path, "");
            }
            foreach (string name in new[] { "python3", "python3.14", "python3.14t", "python3.14t-config" })
                Touch($"3.14.7t/bin/{name}");
            foreach (string name in new[] { "python3", "python3.4", "python3.4m", "python3.4m-config" })
                Touch($"3.4.10/bin/{name}");
            Touch("3.15.0rc1/include/Python.h");
            var problems = new System.Collections.Generic.List<string>();

            var found = Interpreters.BuiltInterpreters(root, problems);

            Assert.That(found.Select(path => System.IO.Path.GetRelativePath(root, path)),
                Is.EqualTo(new[] { "3.14.7t/bin/python3.14t", "3.4.10/bin/python3.4m" }));
            Assert.That(problems, Has.Count.EqualTo(1).And.One.StartsWith(System.IO.Path.Combine(root, "3.15.0rc1") + " holds no interpreter"));
        }
        finally
        {
            System.IO.Directory.Delete(root, recursive: true);
        }
    }

    [TestCase("3.11.7", 3, 11, 7)]
    [TestCase("2.7.18\n", 2, 7, 18)]
    public void AVersionIsReadAsMajorMinorMicro(string text, int major, int minor, int micro) =>
        Assert.That(PythonVersion.Parse(text), Is.EqualTo(new PythonVersion(major, minor, micro)));

    [Test]
    public void VersionsCompareNumerically()
    {
        Assert.That(new PythonVersion(3, 10, 0), Is.GreaterThan(new PythonVersion(3, 9, 18)));
        Assert.That(new PythonVersion(3, 11, 0).AtLeast(3, 11), Is.True);
        Assert.That(new PythonVersion(2, 7, 18).AtLeast(3, 0), Is.False);
    }
}
