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
/// Every member of every ABI struct (src/Python/Abi), closed over this machine's C types, lies where the headers of
/// each version it describes put it, and is as wide, wherever abi_probe.c measures that member. A struct describes
/// the versions from the one its name ends with (PyThreadState37: 3.7, PyBytesObject3: 3.0) up to the next struct
/// of its family; a name without digits describes every version. A family describes a version only when that
/// version's headers have its C struct (no _PyCFrame in 3.13). Structs that are no family's are parts of others
/// (_ceval_state312 in PyInterpreterState312): their members are checked where they lie in the family's struct.
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
        ["PyObject"] = ["PyObject"],
        ["PyVarObject"] = ["PyVarObject"],
        ["PyTypeObject"] = ["PyTypeObject"],
        ["PyStringObject"] = ["PyStringObject"],
        ["PyBytesObject"] = ["PyBytesObject"],
        ["PyASCIIObject"] = ["PyASCIIObject"],
        ["PyCompactUnicodeObject"] = ["PyCompactUnicodeObject"],
        ["PyUnicodeObject"] = ["PyUnicodeObject"],
        ["PyCodeObject"] = ["PyCodeObject"],
        ["PyFrameObject"] = ["PyFrameObject"],
        ["_PyInterpreterFrame"] = ["_PyInterpreterFrame"],
        ["_PyCFrame"] = ["_PyCFrame"],
        ["_PyStackChunk"] = ["_PyStackChunk"],
        ["PyThreadState"] = ["PyThreadState"],
        ["PyInterpreterState"] = ["PyInterpreterState"],
        ["_gil_runtime_state"] = ["_gil_runtime_state"],
        ["_PyRuntimeState"] = ["_PyRuntimeState"],
        ["_Py_DebugOffsets"] = ["_Py_DebugOffsets"],
        ["_PyThreadStateImpl"] = ["_PyThreadStateImpl"],
        ["PyHeapTypeObject"] = ["PyHeapTypeObject"],
        ["PyDictObject"] = ["PyDictObject"],
        ["PyDictKeysObject"] = ["PyDictKeysObject"],
        ["PyDictKeyEntry"] = ["PyDictKeyEntry"],
        ["PyDictUnicodeEntry"] = ["PyDictUnicodeEntry"],
        ["PyDictValues"] = ["PyDictValues"],
        ["PyModuleObject"] = ["PyModuleObject"],
        ["setentry"] = ["setentry"],
        ["PySetObject"] = ["PySetObject"],
        ["PyListObject"] = ["PyListObject"],
        ["PyTupleObject"] = ["PyTupleObject"],
        ["PyWeakReference"] = ["PyWeakReference"],
        ["PyMethodObject"] = ["PyMethodObject"],
        ["PyLongObject"] = ["PyLongObject"],
        ["PyGenObject"] = ["PyGenObject"],
        // Private to Modules/_asynciomodule.c: asyncio_probe.py measures them in the running interpreter.
        ["TaskObj"] = ["TaskObj"],
        ["PyRunningLoopHolder"] = ["PyRunningLoopHolder"],
    };

    private static readonly string[] ObjectHeaders = ["PyObject", "PyVarObject"];

    [GeneratedRegex(@"^(?<family>.*?)(?<version>\d*)$")]
    private static partial Regex FamilyAndVersion();

    private static (string Family, int Major, int Minor) Describe(Type type)
    {
        Match m = FamilyAndVersion().Match(AbiTypes.Name(type));
        string digits = m.Groups["version"].Value;
        return digits.Length == 0 ? (m.Groups["family"].Value, 0, 0) : (m.Groups["family"].Value, digits[0] - '0', digits.Length > 1 ? int.Parse(digits[1..], CultureInfo.InvariantCulture) : 0);
    }

    /// <summary>The structs of the families, as laid out on this machine.</summary>
    private static IEnumerable<Type> FamilyStructs()
    {
        Dictionary<string, Type> arguments = AbiTypes.TypeArguments(AbiTypes.Host);
        return AbiTypes.Structs().Where(t => Mirrors.ContainsKey(Describe(t).Family))
            .Select(t => AbiTypes.Close(t, arguments));
    }

    /// <summary>Every ABI struct type that some field of <paramref name="type"/> has, at any depth (as definitions).</summary>
    private static IEnumerable<Type> Parts(Type type) =>
        AbiTypes.Fields(type).SelectMany(f =>
        {
            Type t = f.FieldType;
            IEnumerable<Type> inner = t.IsGenericType ? t.GetGenericArguments().SelectMany(a => AbiTypes.IsAbiStruct(a) ? Parts(a).Append(a) : []) : [];
            return AbiTypes.IsAbiStruct(t) ? Parts(t).Append(t).Concat(inner) : inner;
        }).Select(t => t.IsGenericType ? t.GetGenericTypeDefinition() : t);

    [Test]
    public void Every_ABI_struct_is_a_family_the_probe_measures_or_a_part_of_one()
    {
        HashSet<Type> parts = FamilyStructs().SelectMany(Parts).ToHashSet();
        var natives = new HashSet<Type>(TargetAbi.All.SelectMany(abi => AbiTypes.TypeArguments(abi).Values));
        List<string> unknown = AbiTypes.Structs()
            .Where(t => !Mirrors.ContainsKey(Describe(t).Family) && !parts.Contains(t) && !natives.Contains(t))
            .Select(AbiTypes.Name).ToList();
        Assert.That(AbiTypes.Structs().Count(), Is.GreaterThan(40), "the ABI structs were not found by reflection");
        Assert.That(unknown, Is.Empty, "add these structs' C counterparts to Mirrors and their fields to abi_probe.c, or remove them");
    }

    [Test]
    public void Every_ABI_struct_is_sequential_so_that_its_offsets_follow_from_its_members()
    {
        List<string> explicitLayout = AbiTypes.Structs()
            .Where(t => t.StructLayoutAttribute?.Value != LayoutKind.Sequential)
            .Select(AbiTypes.Name).ToList();
        Assert.That(explicitLayout, Is.Empty);
    }

    /// <summary>A member at any depth, named as C designates it (threads.head), with where it lies in the struct being checked.</summary>
    private sealed record Member(string Designator, int Offset, int Size);

    /// <summary>
    /// The members of <paramref name="type"/>, at any depth below <paramref name="offset"/>: for each, what it is called
    /// from each enclosing family struct (ob_base.ob_type in a code object is ob_type of its PyObject).
    /// </summary>
    private static IEnumerable<List<(Member Member, Type Root)>> Members(Type type, string prefix, int offset, List<(Type Root, string Prefix, int Offset)> roots)
    {
        foreach (FieldInfo field in AbiTypes.Fields(type))
        {
            int at = offset + AbiTypes.OffsetOf(field);
            string name = prefix + field.Name;
            if (AbiTypes.IsAbiStruct(field.FieldType))
            {
                bool family = Mirrors.ContainsKey(Describe(field.FieldType).Family);
                var inner = family ? [.. roots, (field.FieldType, name + ".", at)] : roots;
                foreach (var m in Members(field.FieldType, name + ".", at, inner)) yield return m;
                continue;
            }
            int size = AbiTypes.SizeOf(field.FieldType);
            // Innermost family first: a member is known by the name it has in the struct that declares it.
            var names = new List<(Member, Type)>();
            for (int r = roots.Count - 1; r >= 0; r--)
                names.Add((new Member(name[roots[r].Prefix.Length..], at - roots[r].Offset, size), roots[r].Root));
            yield return names;
        }
    }

    [TestCaseSource(typeof(Interpreters), nameof(Interpreters.Cases))]
    public void Every_field_of_the_ABI_structs_matches_the_headers(Interpreter python)
    {
        HeaderLayout headers = AbiProbe.HeadersOf(python);
        if (!headers.IsReleaseBuild)
            Assert.Ignore($"{python}: the ABI structs are release builds'; this build is read through its _Py_DebugOffsets, which DebugOffsetsHeadersTests checks");
        // From 3.14 austin uses its own structs for code objects and interpreter frames only (VersionTable); the other
        // families are the target's _Py_DebugOffsets, checked by DebugOffsetsHeadersTests.
        bool debugOffsetsOnly = python.Version.AtLeast(3, 14);
        var mismatches = new List<string>();
        var described = new List<string>();
        int compared = 0, unmeasured = 0;
        foreach (IGrouping<string, Type> family in FamilyStructs().GroupBy(type => Describe(type).Family))
        {
            string[] mirrors = Mirrors[family.Key];
            Type? type = family
                .Where(t => (Describe(t).Major, Describe(t).Minor).CompareTo((python.Version.Major, python.Version.Minor)) <= 0)
                .MaxBy(t => (Describe(t).Major, Describe(t).Minor));
            if (type is null || !headers.Has(mirrors[0]))
                continue;
            if (debugOffsetsOnly && family.Key is not ("PyCodeObject" or "_PyInterpreterFrame"))
                continue;
            described.Add(AbiTypes.Name(type));

            foreach (List<(Member Member, Type Root)> member in Members(type, "", 0, [(type, "", 0)]))
            {
                // The first name the headers know wins: from the innermost family struct out.
                (Member Member, Type Root)? found = null;
                (string Struct, int Offset, int Size) row = default;
                foreach ((Member m, Type root) in member)
                {
                    string[] cStructs = Mirrors[Describe(root).Family].Concat(ObjectHeaders).ToArray();
                    foreach (string c in cStructs)
                        if (headers.TryGetOffset(c, m.Designator, out int offset, out int size)) { found = (m, root); row = (c, offset, size); break; }
                    if (found is not null) break;
                }
                if (found is not (Member m2, Type r2))
                {
                    unmeasured++;
                    continue;
                }
                // 3.14 splits ob_refcnt into 32-bit halves (Include/object.h); austin reads it only in ≤3.10 frame objects.
                if (debugOffsetsOnly && m2.Designator.EndsWith("ob_refcnt", StringComparison.Ordinal)) continue;
                compared++;
                if (row.Offset != m2.Offset || row.Size != m2.Size)
                    mismatches.Add($"{AbiTypes.Name(r2)}.{m2.Designator} ({row.Struct}.{m2.Designator}): ours at {m2.Offset}, {m2.Size} bytes; headers at {row.Offset}, {row.Size} bytes");
            }

            // What the sampler reads of the struct in one go must lie inside it.
            int read = AbiTypes.SizeOf(type);
            int largest = mirrors.Max(c => headers.SizeOf(c) ?? 0);
            if (read > largest)
                mismatches.Add($"{AbiTypes.Name(type)} reads {read} bytes, but sizeof {string.Join("/", mirrors)} is {largest}");
        }

        TestContext.Out.WriteLine($"{python}: {compared} members of {described.Count} structs compared, {unmeasured} not measured by the probe ({string.Join(", ", described)})");
        Assert.That(mismatches, Is.Empty, string.Join("\n", mismatches));
        Assert.That(compared, Is.GreaterThanOrEqualTo(debugOffsetsOnly ? 10 : 20), "too few fields were compared to mean anything");
    }

    [Test]
    public void The_C_types_of_every_target_have_the_sizes_its_ABI_declares()
    {
        foreach (TargetAbi abi in TargetAbi.All)
        {
            Dictionary<string, Type> types = AbiTypes.TypeArguments(abi);
            Assert.That(
                (AbiTypes.SizeOf(types["TLong"]), AbiTypes.SizeOf(types["TLongDouble"]), AbiTypes.SizeOf(types["TMutex"]), AbiTypes.SizeOf(types["TCond"])),
                Is.EqualTo((abi.LongSize, abi.LongDoubleSize, abi.MutexSize, abi.CondSize)), abi.Name);
        }
    }

    private static IEnumerable<TestCaseData> Python3Cases() =>
        Interpreters.Cases().Where(data => data.Arguments[0] is not Interpreter { Version.Major: 2 });

    [TestCaseSource(nameof(Python3Cases))]
    public void The_string_state_bits_the_sampler_reads_are_where_the_headers_put_them(Interpreter python)
    {
        HeaderLayout headers = AbiProbe.HeadersOf(python);
        // A free-threaded 3.14+ build's interned is a byte: austin shifts the state down by 6 bits first (StateShift).
        int shift = headers.Constant("Py_GIL_DISABLED") is not null && python.Version.AtLeast(3, 14) ? 6 : 0;
        (int Low, int Width)? kind = headers.Bits("PyASCIIObject", "state.kind");
        (int Low, int Width)? compact = headers.Bits("PyASCIIObject", "state.compact");
        (int Low, int Width)? ascii = headers.Bits("PyASCIIObject", "state.ascii");
        Assert.That(new[] { kind, compact, ascii }, Has.None.Null, "the probe measured no state bits");
        kind = (kind!.Value.Low - shift, kind.Value.Width);
        compact = (compact!.Value.Low - shift, compact.Value.Width);
        ascii = (ascii!.Value.Low - shift, ascii.Value.Width);

        uint kindBits = ((1u << kind!.Value.Width) - 1) << kind.Value.Low;
        Assert.That(UnicodeState.Kind(kindBits), Is.EqualTo((1 << kind.Value.Width) - 1), "every kind bit is read");
        Assert.That(UnicodeState.Kind(~kindBits), Is.Zero, "no other bit is read as kind");
        Assert.That((compact!.Value.Width, ascii!.Value.Width), Is.EqualTo((1, 1)));
        Assert.That(UnicodeState.Compact(1u << compact.Value.Low) && !UnicodeState.Compact(~(1u << compact.Value.Low)), Is.True, "compact is read from its bit");
        Assert.That(UnicodeState.Ascii(1u << ascii.Value.Low) && !UnicodeState.Ascii(~(1u << ascii.Value.Low)), Is.True, "ascii is read from its bit");
    }
}
