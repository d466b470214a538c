// SPDX-License-Identifier: GPL-3.0-or-later
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace Austin.Tests.Unit.Architecture;

/// <summary>
/// Dependencies point one way: Program → Cli → Sampling → (Python, Output) → Samples; Python → Platform → Interop.
/// Each rule scans the sources (comments removed) for references that break it: a namespace named in a using
/// directive or in a qualified name (Austin.X.Y, or X.Y from inside the Austin namespace), or an OS call outside
/// the platform layer.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class LayeringTests
{
    /// <summary>A rule: the files under <paramref name="Folders"/> (relative to src/) must not match <paramref name="Forbidden"/>.</summary>
    public sealed record Rule(string Sentence, string[] Folders, string[] Except, string[] Forbidden);

    private static readonly string[] PythonInternals = ["Python.Abi", "Python.Discovery", "Python.Model", "Python.Walkers", "Python.LineTables"];

    public static IEnumerable<TestCaseData> Rules()
    {
        Rule[] rules =
        [
            new("No code outside Platform and Interop calls the OS", ["."], ["Platform", "Interop"],
                [Namespace("Interop"), @"\[(LibraryImport|DllImport)\b", @"\bSystem\.Diagnostics\.Process\b", @"\bProcess\.(Start|GetProcessById)\b",
                 @"\bPosixSignalRegistration\b", "\"/proc/", "\"/sys/", "\"/dev/"]),
            new("Only Program uses the command line", ["."], ["Cli", "Program.cs"], [Namespace("Cli")]),
            new("The CPython model knows neither outputs nor sampling nor the command line", ["Python"], [],
                [Namespace("Output"), Namespace("Sampling"), Namespace("Cli"), Namespace("Diagnostics")]),
            new("The output formats know neither CPython nor the OS nor sampling", ["Output"], [],
                [Namespace("Python"), Namespace("Platform"), Namespace("Sampling"), Namespace("Cli"), Namespace("Interop")]),
            new("The readers of recorded samples know only the sample model", ["Input"], [],
                [Namespace("Python"), Namespace("Platform"), Namespace("Sampling"), Namespace("Output"), Namespace("Cli"), Namespace("Interop"), Namespace("Diagnostics")]),
            new("The output formats know nothing of the readers", ["Output"], [], [Namespace("Input")]),
            new("The sample model depends on nothing of austin", ["Samples"], [],
                [Namespace("Python"), Namespace("Platform"), Namespace("Sampling"), Namespace("Output"), Namespace("Cli"), Namespace("Interop"), Namespace("Diagnostics")]),
            new("The platform knows neither CPython nor samples nor sampling", ["Platform", "Binary", "Interop"], [],
                [Namespace("Python"), Namespace("Samples"), Namespace("Sampling"), Namespace("Output"), Namespace("Cli")]),
            new("Sampling reaches CPython only through its facade", ["Sampling"], [], [.. PythonInternals.Select(Namespace)]),
        ];
        foreach (Rule rule in rules)
            yield return new TestCaseData(rule).SetName(rule.Sentence);
    }

    /// <summary>A reference to the namespace Austin.<paramref name="name"/> (or a namespace below it).</summary>
    private static string Namespace(string name)
    {
        string escaped = Regex.Escape(name);
        // "using Austin.X;", "Austin.X.Y", or "X.Y" written from inside namespace Austin (not "Foo.X.Y", not "InteropServices").
        return $@"(\busing\s+(static\s+)?(global::)?Austin\.{escaped}\b)|(\bAustin\.{escaped}\.)|((?<![\w.]){escaped}\.[A-Z])";
    }

    [TestCaseSource(nameof(Rules))]
    public void The_sources_keep_the_rule(Rule rule)
    {
        List<string> violations = Violations(SourceRoot(), rule);
        Assert.That(violations, Is.Empty, $"{rule.Sentence}:\n{string.Join("\n", violations)}");
    }

    [Test]
    public void A_stray_OS_call_in_the_CPython_model_is_caught()
    {
        // The rules run on text: a copy of the sources with one Interop call added to a file of src/Python must fail.
        string copy = Directory.CreateTempSubdirectory("austin-layering-").FullName;
        try
        {
            string python = Path.Combine(copy, "Python", "Model");
            Directory.CreateDirectory(python);
            File.WriteAllText(Path.Combine(python, "Stray.cs"),
                "namespace Austin.Python.Model;\ninternal static class Stray\n{\n    public static int Pid() => Interop.Linux.Libc.Kill(0, 0);\n}\n");
            Rule os = Rules().Select(c => (Rule)c.Arguments[0]!).First(r => r.Sentence.StartsWith("No code outside Platform"));
            Assert.That(Violations(copy, os), Has.Count.EqualTo(1).And.Some.Contains("Stray.cs:4"));
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private static string SourceRoot() => Path.Combine(Repo.Root(), "src");

    private static List<string> Violations(string root, Rule rule)
    {
        var found = new List<string>();
        var patterns = rule.Forbidden.Select(p => new Regex(p, RegexOptions.CultureInvariant)).ToList();
        foreach (string folder in rule.Folders)
        {
            string start = Path.GetFullPath(Path.Combine(root, folder));
            if (!Directory.Exists(start)) continue;
            foreach (string file in Directory.EnumerateFiles(start, "*.cs", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(root, file);
                if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj")) continue;
                if (rule.Except.Any(e => relative == e || relative.StartsWith(e + Path.DirectorySeparatorChar))) continue;
                string[] lines = WithoutComments(File.ReadAllText(file)).Split('\n');
                for (int i = 0; i < lines.Length; i++)
                    foreach (Regex pattern in patterns)
                        if (pattern.IsMatch(lines[i]))
                            found.Add($"src/{relative}:{i + 1}: {lines[i].Trim()}");
            }
        }
        return found;
    }

    /// <summary>The text with // and /* */ comments blanked (line breaks kept); strings are left alone.</summary>
    private static string WithoutComments(string code)
    {
        var text = new System.Text.StringBuilder(code.Length);
        for (int i = 0; i < code.Length; i++)
        {
            if (code[i] == '"')
            {
                int end = i + 1;
                while (end < code.Length && code[end] != '"' && code[end] != '\n') end += code[end] == '\\' ? 2 : 1;
                end = System.Math.Min(end, code.Length - 1);
                text.Append(code, i, end - i + 1);
                i = end;
            }
            else if (code[i] == '/' && i + 1 < code.Length && code[i + 1] == '/')
            {
                while (i < code.Length && code[i] != '\n') i++;
                if (i < code.Length) text.Append('\n');
            }
            else if (code[i] == '/' && i + 1 < code.Length && code[i + 1] == '*')
            {
                i += 2;
                while (i + 1 < code.Length && !(code[i] == '*' && code[i + 1] == '/')) { if (code[i] == '\n') text.Append('\n'); i++; }
                i++;
            }
            else
            {
                text.Append(code[i]);
            }
        }
        return text.ToString();
    }
}
