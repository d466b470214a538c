// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Austin.Python.Abi;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.Unit.Abi;

/// <summary>
/// The opcodes after which a caller waits for the frame it pushed (<see cref="CallSiteTable"/>, 3.11+) are the
/// interpreter's own: each installed 3.11+ names the families of the opcodes that push a frame in place
/// (Python/generated_cases.c.h: DISPATCH_INLINED and _PUSH_FRAME), with every specialized and instrumented form, and
/// how many cache units follow them (3.11-3.12 leave the caller there; 3.13+ on the call). From 3.14 BINARY_OP holds
/// the subscript too: only the forms a subscript's site takes (BINARY_OP and BINARY_OP_SUBSCR_*) are call sites. A missing opcode would
/// make a caller waiting on it look torn (a bad sample where a stack was), an extra one would let a torn stack
/// through.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
internal sealed class CallSiteTablesTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        // Every 3.11+ the end-to-end tests run, the built 3.14+ and free-threaded ones too (the same numbers, checked).
        List<Interpreter> found = Interpreters.All.Where(p => p.Version.AtLeast(3, 11)).ToList();
        if (found.Count == 0)
            return [new TestCaseData((Interpreter?)null).SetArgDisplayNames("no 3.11+ found")];
        return found.Select(python => new TestCaseData(python).SetArgDisplayNames(python.DisplayName));
    }

    // Prints "opcode units-past" per line; units-past -1 for the opcodes that stand in for any other.
    private const string Script = """
        import dis, opcode, sys
        v = sys.version_info[:2]
        allmap = dict(getattr(dis, "_all_opmap", {}) or dis.opmap)
        allmap.update(getattr(opcode, "_specialized_opmap", {}))
        ice = opcode._inline_cache_entries
        def caches(name):
            return ice.get(name, 0) if isinstance(ice, dict) else ice[dis.opmap[name]]
        families = {(3, 11): ["CALL", "BINARY_SUBSCR"],
                    (3, 12): ["CALL", "CALL_FUNCTION_EX", "BINARY_SUBSCR", "FOR_ITER", "SEND", "LOAD_ATTR"],
                    (3, 13): ["CALL", "CALL_KW", "CALL_FUNCTION_EX", "BINARY_SUBSCR", "FOR_ITER", "SEND", "LOAD_ATTR"]
                    }.get(v, ["CALL", "CALL_KW", "CALL_FUNCTION_EX", "BINARY_OP", "FOR_ITER", "SEND", "LOAD_ATTR"])
        for family in families:
            past = 0 if v >= (3, 13) else caches(family)
            for name in [family, "INSTRUMENTED_" + family] + list(opcode._specializations.get(family, [])):
                if family == "BINARY_OP" and name != family and not name.startswith("BINARY_OP_SUBSCR_"):
                    continue
                if name in allmap:
                    print(allmap[name], past)
        if v == (3, 11):
            print(allmap["CALL_ADAPTIVE"], caches("CALL"))
            print(allmap["BINARY_SUBSCR_ADAPTIVE"], caches("BINARY_SUBSCR"))
        if v >= (3, 13):
            print(allmap["EXIT_INIT_CHECK"], 0)
        for name in ["INSTRUMENTED_LINE", "INSTRUMENTED_INSTRUCTION", "ENTER_EXECUTOR"]:
            if name in allmap:
                print(allmap[name], -1)
        """;

    [TestCaseSource(nameof(Cases))]
    public void Every_opcode_that_pushes_a_frame_is_where_the_interpreter_says(Interpreter? python)
    {
        if (python is null)
            Assert.Fail("no CPython 3.11+ found: nothing to compare the tables with");
        ProcessResult run = ProcessRunner.Run([python!.Path, "-c", Script], TimeSpan.FromSeconds(60));
        Assert.That(run.ExitCode, Is.Zero, run.Describe());
        var expected = new SortedDictionary<int, int>();
        foreach (string line in run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] fields = line.Split(' ');
            expected[int.Parse(fields[0], CultureInfo.InvariantCulture)] = int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        Assert.That(expected, Has.Count.GreaterThan(5), run.StandardOutput);

        byte[] table = TargetAbi.LinuxX64.LayoutOf(new Austin.Python.Abi.PythonVersion(python.Version.Major, python.Version.Minor))!.Frame.CallSites!;
        var ours = new SortedDictionary<int, int>();
        for (int op = 0; op < table.Length; op++)
            if (table[op] != 0)
                ours[op] = table[op] == CallSiteTable.Unknown ? -1 : table[op] - 1;
        Assert.That(ours, Is.EqualTo(expected), $"{python.DisplayName}: opcode → code units past it where the caller waits (-1: stands in for any)");
    }
}
