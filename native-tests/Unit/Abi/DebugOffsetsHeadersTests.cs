// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using Austin.Python.Abi;
using Austin.Tests.Support;
using NUnit.Framework;
using AbiVersion = Austin.Python.Abi.PythonVersion;

namespace Austin.Tests.Unit.Abi;

/// <summary>
/// From 3.13 austin takes its offsets from the target's own _Py_DebugOffsets (<see cref="DebugOffsets.Apply"/>).
/// A table filled from the headers the way CPython fills its own (_Py_DebugOffsets_INIT: each entry is the
/// offsetof or sizeof it names), at the positions the headers give, must give back the headers' layout.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class DebugOffsetsHeadersTests
{
    /// <summary>Each entry of the table that austin reads, and the member (null: the struct's size) it holds.</summary>
    private static readonly (string Entry, string Struct, string? Member)[] Entries =
    [
        ("runtime_state.interpreters_head", "_PyRuntimeState", "interpreters.head"),
        ("interpreter_state.id", "PyInterpreterState", "id"),
        ("interpreter_state.next", "PyInterpreterState", "next"),
        ("interpreter_state.threads_head", "PyInterpreterState", "threads.head"),
        ("interpreter_state.imports_modules", "PyInterpreterState", "imports.modules"),
        ("interpreter_state.ceval_gil", "PyInterpreterState", "ceval.gil"),
        ("interpreter_state.gil_runtime_state", "PyInterpreterState", "_gil"),
        ("interpreter_state.gil_runtime_state_locked", "PyInterpreterState", "_gil.locked"),
        ("interpreter_state.gil_runtime_state_holder", "PyInterpreterState", "_gil.last_holder"),
        ("interpreter_state.gc", "PyInterpreterState", "gc"),
        ("thread_state.size", "PyThreadState", null),
        ("thread_state.next", "PyThreadState", "next"),
        ("thread_state.interp", "PyThreadState", "interp"),
        ("thread_state.current_frame", "PyThreadState", "current_frame"),
        ("thread_state.thread_id", "PyThreadState", "thread_id"),
        ("thread_state.native_thread_id", "PyThreadState", "native_thread_id"),
        ("thread_state.datastack_chunk", "PyThreadState", "datastack_chunk"),
        ("interpreter_frame.size", "_PyInterpreterFrame", null),
        ("interpreter_frame.previous", "_PyInterpreterFrame", "previous"),
        ("interpreter_frame.executable", "_PyInterpreterFrame", "f_executable"),
        ("interpreter_frame.instr_ptr", "_PyInterpreterFrame", "instr_ptr"),
        ("interpreter_frame.owner", "_PyInterpreterFrame", "owner"),
        ("code_object.size", "PyCodeObject", null),
        ("code_object.filename", "PyCodeObject", "co_filename"),
        ("code_object.name", "PyCodeObject", "co_name"),
        ("code_object.qualname", "PyCodeObject", "co_qualname"),
        ("code_object.linetable", "PyCodeObject", "co_linetable"),
        ("code_object.firstlineno", "PyCodeObject", "co_firstlineno"),
        ("code_object.co_code_adaptive", "PyCodeObject", "co_code_adaptive"),
        ("unicode_object.asciiobject_size", "PyASCIIObject", null),
        ("unicode_object.length", "PyASCIIObject", "length"),
        ("unicode_object.state", "PyASCIIObject", "state"),
        ("pyobject.ob_type", "PyObject", "ob_type"),
        ("type_object.tp_name", "PyTypeObject", "tp_name"),
        ("bytes_object.ob_size", "PyVarObject", "ob_size"),
        ("bytes_object.ob_sval", "PyBytesObject", "ob_sval"),
        ("gc.collecting", "_gc_runtime_state", "collecting"),
    ];

    /// <summary>
    /// What every word the test does not set holds (the probe measures every entry, austin reads some): read by
    /// mistake, it makes a wild offset, which Apply refuses.
    /// </summary>
    private const byte Poison = 0xa5;

    private static IEnumerable<TestCaseData> WithDebugOffsets()
    {
        List<TestCaseData> cases = Interpreters.Cases().Where(data => data.Arguments[0] is not Interpreter python || python.Version.AtLeast(3, 13)).ToList();
        if (!cases.Any(data => data.Arguments[0] is Interpreter))
            cases.Add(new TestCaseData((Interpreter?)null).SetArgDisplayNames("no CPython 3.13+").Ignore("no CPython 3.13 or later on this machine"));
        return cases;
    }

    [TestCaseSource(nameof(WithDebugOffsets))]
    public void A_table_filled_from_the_headers_gives_the_layout_of_the_headers(Interpreter? python)
    {
        if (python is null)
            Assert.Ignore("no CPython 3.13 or later on this machine");
        HeaderLayout headers = AbiProbe.HeadersOf(python);
        int? size = headers.SizeOf("_Py_DebugOffsets");
        Assert.That(size, Is.EqualTo(python.Version.Minor switch { 13 => DebugOffsets.Size313, 14 => DebugOffsets.Size314, _ => DebugOffsets.Size315 }), "sizeof _Py_DebugOffsets");
        bool freeThreaded = headers.Constant("Py_GIL_DISABLED") is not null;
        byte[] table = new byte[size!.Value];
        Array.Fill(table, Poison);

        var written = new HashSet<string>();
        void Put(string entry, ulong value)
        {
            Assert.That(headers.TryGetOffset("_Py_DebugOffsets", entry, out int at, out int width), Is.True, $"the probe did not measure _Py_DebugOffsets.{entry}");
            Assert.That(width, Is.EqualTo(8), $"_Py_DebugOffsets.{entry} is not a 64-bit word");
            BinaryPrimitives.WriteUInt64LittleEndian(table.AsSpan(at), value);
            written.Add(entry);
        }
        Put("cookie", BinaryPrimitives.ReadUInt64LittleEndian(DebugOffsets.Cookie));
        Put("version", headers.VersionHex);
        Put("free_threaded", freeThreaded ? 1UL : 0);
        // A free-threaded 3.14+ build's thread-local bytecode: where its frames say which copy they run.
        (string, string, string?)[] threadBytecode = freeThreaded && python.Version.AtLeast(3, 14)
            ? [("code_object.co_tlbc", "PyCodeObject", "co_tlbc"), ("interpreter_frame.tlbc_index", "_PyInterpreterFrame", "tlbc_index")]
            : [];
        // 3.14+: what the asyncio task walker reads of the table (the rest comes from the _asyncio module's own).
        (string, string, string?)[] asyncio = python.Version.AtLeast(3, 14)
            ? [("type_object.tp_flags", "PyTypeObject", "tp_flags"), ("gen_object.gi_iframe", "PyGenObject", "gi_iframe"),
               ("gen_object.gi_frame_state", "PyGenObject", "gi_frame_state"), ("interpreter_frame.stackpointer", "_PyInterpreterFrame", "stackpointer"),
               ("set_object.mask", "PySetObject", "mask"), ("set_object.table", "PySetObject", "table"),
               ("long_object.lv_tag", "PyLongObject", "long_value.lv_tag"), ("long_object.ob_digit", "PyLongObject", "long_value.ob_digit"),
               ("tuple_object.ob_item", "PyTupleObject", "ob_item"), ("list_object.ob_item", "PyListObject", "ob_item"),
               ("list_object.ob_size", "PyVarObject", "ob_size")]
            : [];
        threadBytecode = [.. threadBytecode, .. asyncio];
        foreach ((string entry, string type, string? member) in Entries.Concat(threadBytecode))
        {
            int value;
            if (member is null)
                value = headers.SizeOf(type) ?? throw new AssertionException($"the probe did not measure sizeof {type}");
            else if (!headers.TryGetOffset(type, member, out value, out _))
                Assert.Fail($"the probe did not measure {type}.{member}");
            Put(entry, (ulong)value);
        }
        Assert.That(written, Is.SubsetOf(headers.Members("_Py_DebugOffsets").Select(m => m.Member)), "this test fills table entries abi_probe.c does not measure");

        Assert.That(DebugOffsets.HasCookie(table), Is.True, "the cookie is not where austin looks");
        Assert.That(DebugOffsets.VersionHex(table), Is.EqualTo(headers.VersionHex), "the version is not where austin looks");
        Assert.That(DebugOffsets.FreeThreaded(table), Is.EqualTo(freeThreaded), "free_threaded is not where austin looks");
        var version = new AbiVersion(python.Version.Major, python.Version.Minor, python.Version.Micro);
        Layout? published = null;
        Assert.DoesNotThrow(() => published = DebugOffsets.Apply(AbiTypes.Host.LayoutOf(version)!, table),
            "austin refused the table: it read a word the headers do not put there");

        LayoutComparison comparison = LayoutComparison.Of(published!, headers);
        TestContext.Out.WriteLine($"{python}: {Entries.Length + threadBytecode.Length} table entries, {comparison.Compared} offsets compared");
        Assert.That(published!.FreeThreaded, Is.EqualTo(freeThreaded), "a free-threaded build is read as one");
        Assert.That(comparison.Mismatches, Is.Empty, string.Join("\n", comparison.Mismatches));
        Assert.That(published!.Thread.Size, Is.EqualTo(headers.SizeOf("PyThreadState")), "thread_state.size");
        Assert.That(published.Frame.Size, Is.EqualTo(headers.SizeOf("_PyInterpreterFrame")), "interpreter_frame.size");
        Assert.That(published.Code.Size, Is.EqualTo(headers.SizeOf("PyCodeObject")), "code_object.size");
    }
}
