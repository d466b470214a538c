// SPDX-License-Identifier: GPL-3.0-or-later
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Austin.Tests.Support;

namespace Austin.Tests.EndToEnd;

/// <summary>
/// Where main_target.py parks its threads, as stack patterns built from the markers in the target files:
/// function names are written here, line numbers never are.
/// </summary>
public static class MainTarget
{
    public const string Script = "main_target.py";

    /// <summary>The file name main_target.py compiles exec_payload.txt under (its EXEC_FILE_NAME).</summary>
    public const string ExecFileName = "<exec payload (austin e2e)>";

    /// <summary>How deep the "deep" thread recurses (its RECURSION_DEPTH).</summary>
    public const int RecursionDepth = 300;

    /// <summary>The four workers' roles; each parks in <c>worker_&lt;role&gt;</c>.</summary>
    public static IReadOnlyList<string> Workers { get; } = ["alpha", "beta", "gamma", "delta"];

    // ünïcode_módule.py and its functions naïve_ünïcode (Latin-1), 工作 (UCS-2), 𠀀 (U+20000, UCS-4).
    // Escapes, so that no editor can change the normalisation form the interpreter compares against.
    public const string UnicodeModule = "\u00fcn\u00efcode_m\u00f3dule.py";
    public const string UnicodeLeaf = "na\u00efve_\u00fcn\u00efcode";
    public const string UnicodeMiddle = "\u5de5\u4f5c";
    public const string UnicodeOuter = "\U00020000";

    /// <summary>The arguments that run the target with <paramref name="python"/>; "ready" goes to stderr, so that
    /// stdout stays austin's alone.</summary>
    public static IReadOnlyList<string> Command(Interpreter python, string oraclePath, double lingerSeconds) =>
    [
        python.Path, Targets.PathOf(Script),
        "--oracle", oraclePath,
        "--ready", "stderr",
        "--linger", lingerSeconds.ToString(CultureInfo.InvariantCulture),
    ];

    /// <summary>Role to the exact stack that role's thread shows while parked, on <paramref name="version"/>.</summary>
    public static IReadOnlyDictionary<string, StackPattern> ParkedStacks(PythonVersion version)
    {
        string main = Targets.PathOf(Script);
        Frame Main(string function, string tag) => new(function, main, Targets.Line(Script, tag));
        StackPattern thread = StackPattern.Empty.ThreadingBootstrap();

        var stacks = new Dictionary<string, StackPattern>
        {
            ["main"] = StackPattern.Empty.Then(Main("<module>", "module"), Main("outer", "outer"), Main("middle", "middle"), Main("leaf", "leaf")),
            ["deep"] = thread
                .Repeat(Main("deep", "deep-call"), RecursionDepth - 1)
                .Then(Main("deep", "deep-sleep")),
            // co_qualname exists from 3.11; before, a sampler can only know co_name.
            ["method"] = thread.Then(Main(version.AtLeast(3, 11) ? "Klass.method" : "method", "method")),
            ["generator"] = thread.Then(Main("consume_generator", "gen-for"), Main("sleepy_generator", "gen-sleep")),
            ["lambda"] = thread.Then(Main("<lambda>", "lambda")),
            ["exec"] = thread.Then(
                Main("run_exec", "exec-run"),
                new Frame("<module>", ExecFileName, Targets.Line("exec_payload.txt", "exec-call")),
                new Frame("exec_parked", ExecFileName, Targets.Line("exec_payload.txt", "exec-sleep"))),
        };
        foreach (string worker in Workers)
            stacks[worker] = thread.Then(Main("worker_" + worker, worker));

        if (version.AtLeast(3, 7))
        {
            string chain = Targets.PathOf("async_chain.py");
            Frame Chain(string function, string tag) => new(function, chain, Targets.Line("async_chain.py", tag));
            stacks["async"] = thread
                .Then(Chain("run_async", "async-run"))
                .OneOrMore("asyncio event loop frames", frame => Path.GetFileName(Path.GetDirectoryName(frame.File)) == "asyncio")
                .Then(Chain("async_main", "async-main"), Chain("async_a", "async-a"), Chain("async_b", "async-b"));
        }

        if (version.Major >= 3)
        {
            string module = Targets.PathOf(UnicodeModule);
            Frame Unicode(string function, string tag) => new(function, module, Targets.Line(UnicodeModule, tag));
            stacks["unicode"] = thread.Then(
                Unicode(UnicodeOuter, "unicode-outer"), Unicode(UnicodeMiddle, "unicode-middle"), Unicode(UnicodeLeaf, "unicode-sleep"));
        }
        return stacks;
    }
}

/// <summary>Where tiny_target.py parks its main thread.</summary>
public static class TinyTarget
{
    public const string Script = "tiny_target.py";

    /// <summary>The target's arguments after the interpreter; "ready" goes to <paramref name="ready"/>.</summary>
    public static IReadOnlyList<string> Arguments(string oraclePath, double seconds, string ready) =>
    [
        Targets.PathOf(Script),
        "--seconds", seconds.ToString(CultureInfo.InvariantCulture),
        "--oracle", oraclePath,
        "--ready", ready,
    ];

    /// <summary>The main thread's stack while it sleeps.</summary>
    public static StackPattern ParkedStack()
    {
        string tiny = Targets.PathOf(Script);
        Frame Tiny(string function, string tag) => new(function, tiny, Targets.Line(Script, tag));
        return StackPattern.Empty.Then(Tiny("<module>", "tiny-module"), Tiny("tiny_outer", "tiny-outer"), Tiny("nap", "tiny-sleep"));
    }
}
