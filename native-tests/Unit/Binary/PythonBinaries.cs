// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Austin.Tests.Unit.LineTables;
using NUnit.Framework;

namespace Austin.Tests.Unit.Binary;

/// <summary>
/// The file that holds an interpreter's runtime: a pyenv build's <c>libpythonX.Y[m].so.1.0</c>, or a
/// system <c>/usr/bin/python3.N</c> built statically (Debian's), cpython-internals.md §2.1.
/// </summary>
internal sealed record PythonBinary(string Path, int Major, int Minor, bool IsStaticExecutable, string Label)
{
    public override string ToString() => Label;

    public bool AtLeast(int major, int minor) => Major > major || (Major == major && Minor >= minor);

    public static IReadOnlyList<PythonBinary> All { get; } = Discover();

    private static List<PythonBinary> Discover()
    {
        var found = new List<PythonBinary>();
        foreach (InstalledInterpreter python in InstalledInterpreters.All)
        {
            if (python.PyenvPrefix is null)
            {
                found.Add(new PythonBinary(python.Executable, python.Major, python.Minor, true, python.Executable));
                continue;
            }
            string lib = System.IO.Path.Combine(python.PyenvPrefix, "lib");
            if (!Directory.Exists(lib))
                continue;
            foreach (string so in Directory.GetFiles(lib, "libpython*.so.1.0"))
                found.Add(new PythonBinary(so, python.Major, python.Minor, false, python.Label + " " + System.IO.Path.GetFileName(so)));
        }
        return found;
    }

    /// <summary>One case per binary, or one failing case when none was found.</summary>
    public static IEnumerable<TestCaseData> Cases()
    {
        if (All.Count == 0)
            return [new TestCaseData((PythonBinary?)null).SetArgDisplayNames("no Python binary found")];
        return All.Select(b => new TestCaseData(b).SetArgDisplayNames(b.Label));
    }

    public static PythonBinary Require(PythonBinary? binary)
    {
        if (binary is null)
            Assert.Fail("no libpython under $(pyenv root)/versions/*/lib and no /usr/bin/python3.N: nothing to read");
        return binary!;
    }
}
