// SPDX-License-Identifier: GPL-3.0-or-later
using Austin.Platform.Windows;
using NUnit.Framework;

namespace Austin.Tests.Unit.Platform;

/// <summary>
/// A launched Windows program gets one string, which its C runtime splits again by CommandLineToArgvW's rules: what
/// austin joins must split back into the same arguments (the expected strings follow those rules by hand).
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
internal sealed class WindowsCommandLineTests
{
    [TestCase(new[] { "python.exe", "app.py" }, "python.exe app.py", TestName = "Plain arguments are joined by spaces")]
    [TestCase(new[] { @"C:\Program Files\Python312\python.exe", "-c", "print(1)" }, "\"C:\\Program Files\\Python312\\python.exe\" -c print(1)",
        TestName = "An argument with a space is quoted, and its backslashes stay single")]
    [TestCase(new[] { "x", "" }, "x \"\"", TestName = "An empty argument is an empty pair of quotes")]
    [TestCase(new[] { "say \"hi\"" }, "\"say \\\"hi\\\"\"", TestName = "A quote inside is escaped with a backslash")]
    [TestCase(new[] { @"C:\dir with space\" }, "\"C:\\dir with space\\\\\"", TestName = "Backslashes before the closing quote are doubled")]
    [TestCase(new[] { "a\\\"b" }, "\"a\\\\\\\"b\"", TestName = "Backslashes before an inner quote are doubled, and the quote escaped")]
    public void Arguments_survive_the_C_runtime_s_split(string[] arguments, string expected) =>
        Assert.That(WindowsCommandLine.Join(arguments), Is.EqualTo(expected));
}
