// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Austin.Python.Abi;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.Unit.Abi;

/// <summary>
/// Every field of every ABI struct (src/Python/Abi) lies where the headers of each version it describes put it,
/// and is as wide. A struct describes the versions from the one its name ends with (PyThreadState37: 3.7,
/// PyBytesObject3: 3.0) up to the next struct of its family; a name without digits describes every version.
/// A family describes a version only when that version's headers have its C struct (no _PyCFrame in 3.13).
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed partial class AbiStructsTests
{
    /// <summary>
    /// The C structs, as abi_probe.c names them, whose members each family of ABI structs mirrors; the first is
    /// the one that must exist. Object headers (ob_refcnt, ob_type, ob_size) are looked up in PyObject and PyVarObject.
    /// </summary>
    private static readonly Dictionary<string, string[]> Mirrors = new()
    {
        ["PyVarObject"] = ["PyVarObject"],
        ["PyTypeObject"] = ["PyTypeObject"],
        ["PyStringObject"] = ["PyStringObject"],
        ["PyBytesObject"] = ["PyBytesObject"],
        ["PyUnicodeObject"] = ["PyASCIIObject", "PyCompactUnicodeObject", "PyUnicodeObject"],
        ["PyCodeObject"] = ["PyCodeObject"],
        ["PyFrameObject"] = ["PyFrameObject"],
        ["_PyInterpreterFrame"] = ["_PyInterpreterFrame"],
        ["_PyCFrame"] = ["_PyCFrame"],
        ["_PyStackChunk"] = ["_PyStackChunk"],
        ["PyThreadState"] = ["PyThreadState"],
        ["PyInterpreterState"] = ["PyInterpreterState"],
        ["_gil_runtime_state"] = ["_gil_runtime_state"],
        ["_PyRuntimeState"] = ["_PyRuntimeState"],
    };

    private static readonly string[] ObjectHeaders = ["PyObject", "PyVarObject"];

    [GeneratedRegex(@"^(?<family>.*?)(?<version>\d*)$")]
    private static partial Regex FamilyAndVersion();

    /// <summary>Every struct of src/Python/Abi with explicit field offsets.</summary>
    private static IEnumerable<Type> AbiStructs() =>
        typeof(Layout).Assembly.GetTypes().Where(type =>
            type.Namespace == typeof(Layout).Namespace && type.IsValueType && !type.IsEnum &&
            type.StructLayoutAttribute?.Value == LayoutKind.Explicit);

    private static (string Family, int Major, int Minor) Describe(Type type)
    {
        Match m = FamilyAndVersion().Match(type.Name);
        string digits = m.Groups["version"].Value;
        return digits.Length == 0 ? (m.Groups["family"].Value, 0, 0) : (m.Groups["family"].Value, digits[0] - '0', digits.Length > 1 ? int.Parse(digits[1..], CultureInfo.InvariantCulture) : 0);
    }

    [Test]
    public void Every_ABI_struct_belongs_to_a_family_whose_C_structs_the_probe_measures()
    {
        List<string> unknown = AbiStructs().Where(type => !Mirrors.ContainsKey(Describe(type).Family)).Select(type => type.Name).ToList();
        Assert.That(AbiStructs().Count(), Is.GreaterThan(20), "the ABI structs were not found by reflection");
        Assert.That(unknown, Is.Empty, "add these structs' C counterparts to Mirrors and their fields to abi_probe.c");
    }

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void Every_field_of_the_ABI_structs_matches_the_headers(Interpreter python)
    {
        HeaderLayout headers = AbiProbe.HeadersOf(python);
        var mismatches = new List<string>();
        var described = new List<string>();
        int compared = 0;
        foreach (IGrouping<string, Type> family in AbiStructs().GroupBy(type => Describe(type).Family))
        {
            if (!Mirrors.TryGetValue(family.Key, out string[]? mirrors))
            {
                mismatches.Add($"{string.Join(", ", family.Select(t => t.Name))}: no C struct to compare with (see Mirrors)");
                continue;
            }
            Type? type = family
                .Where(t => (Describe(t).Major, Describe(t).Minor).CompareTo((python.Version.Major, python.Version.Minor)) <= 0)
                .MaxBy(t => (Describe(t).Major, Describe(t).Minor));
            if (type is null || !headers.Has(mirrors[0]))
                continue;
            described.Add(type.Name);

            foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                int ours = field.GetCustomAttribute<FieldOffsetAttribute>()!.Value;
                int width = Marshal.SizeOf(field.FieldType);
                // C# cannot nest: a field named threads_head stands for the member threads.head.
                var matches = mirrors.Concat(ObjectHeaders)
                    .SelectMany(c => headers.Members(c).Select(m => (Struct: c, m.Member, m.Offset, m.Size)))
                    .Where(m => m.Member.Replace('.', '_') == field.Name)
                    .ToList();
                if (matches.Count == 0)
                {
                    mismatches.Add($"{type.Name}.{field.Name}: the headers have no such member in {string.Join(", ", mirrors)} (is it in abi_probe.c?)");
                    continue;
                }
                var m = matches[0];
                compared++;
                if (m.Offset != ours || m.Size != width)
                    mismatches.Add($"{type.Name}.{field.Name} ({m.Struct}.{m.Member}): ours at {ours}, {width} bytes; headers at {m.Offset}, {m.Size} bytes");
            }

            // What the sampler reads of the struct in one go must lie inside it.
            int read = Marshal.SizeOf(type);
            int largest = mirrors.Max(c => headers.SizeOf(c) ?? 0);
            if (read > largest)
                mismatches.Add($"{type.Name} reads {read} bytes, but sizeof {string.Join("/", mirrors)} is {largest}");
        }

        TestContext.Out.WriteLine($"{python}: {compared} fields of {described.Count} structs compared ({string.Join(", ", described)})");
        Assert.That(mismatches, Is.Empty, string.Join("\n", mismatches));
        Assert.That(compared, Is.GreaterThanOrEqualTo(20), "too few fields were compared to mean anything");
    }

    private static IEnumerable<TestCaseData> Python3Cases() =>
        Interpreters.Cases().Where(data => data.Arguments[0] is not Interpreter { Version.Major: 2 });

    [TestCaseSource(nameof(Python3Cases))]
    public void The_string_state_bits_the_sampler_reads_are_where_the_headers_put_them(Interpreter python)
    {
        HeaderLayout headers = AbiProbe.HeadersOf(python);
        (int Low, int Width)? kind = headers.Bits("PyASCIIObject", "state.kind");
        (int Low, int Width)? compact = headers.Bits("PyASCIIObject", "state.compact");
        (int Low, int Width)? ascii = headers.Bits("PyASCIIObject", "state.ascii");
        Assert.That(new[] { kind, compact, ascii }, Has.None.Null, "the probe measured no state bits");

        uint kindBits = ((1u << kind!.Value.Width) - 1) << kind.Value.Low;
        Assert.That(UnicodeState.Kind(kindBits), Is.EqualTo((1 << kind.Value.Width) - 1), "every kind bit is read");
        Assert.That(UnicodeState.Kind(~kindBits), Is.Zero, "no other bit is read as kind");
        Assert.That((compact!.Value.Width, ascii!.Value.Width), Is.EqualTo((1, 1)));
        Assert.That(UnicodeState.Compact(1u << compact.Value.Low) && !UnicodeState.Compact(~(1u << compact.Value.Low)), Is.True, "compact is read from its bit");
        Assert.That(UnicodeState.Ascii(1u << ascii.Value.Low) && !UnicodeState.Ascii(~(1u << ascii.Value.Low)), Is.True, "ascii is read from its bit");
    }
}
