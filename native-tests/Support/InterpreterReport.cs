// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.IO;
using System.Linq;
using System.Text;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests;

// In the assembly's root namespace: the fixture runs once, before every test.

/// <summary>
/// Names, at the start of every run, each interpreter the suite tests and each it found but skipped (with why), on
/// the console and in interpreters.txt beside the test results (AUSTIN_TEST_REPORT_DIR, which build.sh sets), so that
/// a run on a machine without the built interpreters says so instead of passing as if it had tested them.
/// </summary>
[SetUpFixture]
public sealed class InterpreterReport
{
    /// <summary>Where build.sh wants the list written.</summary>
    public const string DirectoryVariable = "AUSTIN_TEST_REPORT_DIR";

    [OneTimeSetUp]
    public void NameTheInterpreters()
    {
        var text = new StringBuilder();
        text.Append("interpreters tested (").Append(Interpreters.All.Count).Append("): ")
            .AppendLine(string.Join(", ", Interpreters.All.Select(python => python.DisplayName)));
        text.Append("interpreters skipped (").Append(Interpreters.Skipped.Count).Append(')')
            .AppendLine(Interpreters.Skipped.Count == 0 ? "" : ": " + string.Join("; ", Interpreters.Skipped));
        if (!Directory.Exists(Interpreters.BuiltRoot))
            text.Append("no interpreter built by native-tests/Support/build-cpython.sh under ").Append(Interpreters.BuiltRoot)
                .AppendLine(" (README: Supported versions)");
        TestContext.Progress.Write(text.ToString());
        if (Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, "interpreters.txt"), text.ToString());
        }
    }
}
