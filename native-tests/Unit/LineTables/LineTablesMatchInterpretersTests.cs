// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Austin.Python.LineTables;
using NUnit.Framework;

namespace Austin.Tests.Unit.LineTables;

/// <summary>
/// The decoders against the real thing: every interpreter on this machine dumps the tables of about
/// a thousand code objects with its own answer for every position (<c>PyCode_Addr2Line</c>, the function
/// behind <c>f_lineno</c>; 3.11+ also <c>co_positions()</c>), and every position must decode the same.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
internal sealed class LineTablesMatchInterpretersTests
{
    private const int MaxReported = 10;

    private static IEnumerable<TestCaseData> Interpreters() => Cases(_ => true);

    private static IEnumerable<TestCaseData> InterpretersWithLocations() => Cases(p => p.Major > 3 || (p.Major == 3 && p.Minor >= 11));

    /// <summary>One case per interpreter, or a single failing case when there is none to compare with.</summary>
    private static IEnumerable<TestCaseData> Cases(Func<InstalledInterpreter, bool> wanted)
    {
        List<InstalledInterpreter> found = InstalledInterpreters.All.Where(wanted).ToList();
        if (found.Count == 0)
            return [new TestCaseData((InstalledInterpreter?)null).SetArgDisplayNames("no interpreter found")];
        return found.Select(python => new TestCaseData(python).SetArgDisplayNames(python.Label));
    }

    [TestCaseSource(nameof(Interpreters))]
    public void Every_position_decodes_to_the_line_the_interpreter_reports(InstalledInterpreter? python)
    {
        if (python is null)
            Assert.Fail("no CPython found under $(pyenv root)/versions or /usr/bin/python3.N: nothing to compare the decoders with");
        TableDump dump = TableDump.For(python!);
        Assert.That(dump.Disagreements, Is.Empty, "the interpreter's own line APIs disagree; the expected values are unreliable");
        Assert.That(dump.Codes, Has.Count.GreaterThan(300), "too few code objects dumped");

        LineTableFormat format = LineTable.FormatFor(dump.Major, dump.Minor);
        var mismatches = new StringBuilder();
        int failed = 0;
        long checkedPositions = 0;
        foreach (CodeDump code in dump.Codes)
        {
            for (int position = 0; position < code.Lines.Length; position++)
            {
                checkedPositions++;
                int line = LineTable.Line(format, code.Table, code.FirstLineNo, position);
                if (line != code.Lines[position] && failed++ < MaxReported)
                    mismatches.AppendLine($"{code.Label} (first line {code.FirstLineNo}, table {Hex(code.Table)}) at {position}: decoded {line}, expected {code.Lines[position]}");
            }
        }
        TestContext.Out.WriteLine($"{python!.Label} ({dump.Major}.{dump.Minor}.{dump.Micro}, {format}): {dump.Codes.Count} code objects, {checkedPositions} positions");
        Assert.That(failed, Is.Zero, $"{failed} positions decoded to a different line:\n{mismatches}");
    }

    [TestCaseSource(nameof(InterpretersWithLocations))]
    public void Every_code_unit_decodes_to_the_location_co_positions_reports(InstalledInterpreter? python)
    {
        if (python is null)
            Assert.Fail("no CPython 3.11+ found under $(pyenv root)/versions or /usr/bin/python3.N: nothing to compare the decoders with");
        TableDump dump = TableDump.For(python!);

        var mismatches = new StringBuilder();
        int failed = 0;
        foreach (CodeDump code in dump.Codes)
        {
            int[] expected = code.Locations!;
            for (int unit = 0; unit < code.Lines.Length; unit++)
            {
                var want = new SourceLocation(expected[4 * unit], expected[4 * unit + 1], expected[4 * unit + 2], expected[4 * unit + 3]);
                SourceLocation got = LocationTable.TryGetLocation(code.Table, code.FirstLineNo, unit, out SourceLocation location)
                    ? location
                    : new SourceLocation(-1, -1, -1, -1);
                if (got != want && failed++ < MaxReported)
                    mismatches.AppendLine($"{code.Label} (first line {code.FirstLineNo}, table {Hex(code.Table)}) at unit {unit}: decoded {got}, expected {want}");
            }
        }
        Assert.That(failed, Is.Zero, $"{failed} code units decoded to a different location:\n{mismatches}");
    }

    private static string Hex(byte[] table) =>
        table.Length <= 64 ? System.Convert.ToHexString(table) : System.Convert.ToHexString(table, 0, 64) + "…";
}
