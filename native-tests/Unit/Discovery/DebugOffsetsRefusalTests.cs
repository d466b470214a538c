// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Austin.Python.Abi;
using Austin.Python.Discovery;
using Austin.Python.Model;
using Austin.Tests.Unit.Fuzz;
using NUnit.Framework;

using Austin.Tests.Support.Synthetic;

namespace Austin.Tests.Unit.Discovery;

/// <summary>
/// A _Py_DebugOffsets table austin cannot use is an error that names the version it gives (exit status 65), from
/// DebugOffsets and from discovery: never a quiet fallback to the offsets of the version table.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class DebugOffsetsRefusalTests
{
    private const string Refused = "publishes debug offsets (_Py_DebugOffsets) austin cannot use: ";

    // Where the groups of each minor's table start (pycore_runtime.h, 3.13; pycore_debug_offsets.h, 3.14).
    private const int ThreadState314 = 176, InterpreterFrame313 = 224;

    private static byte[] Table314() => DebugOffsetsTable.Encode(DebugOffsetsTable.Python314Published(), 14, 0x030e00f0);

    private static byte[] Table313() => DebugOffsetsTable.Encode(TargetAbi.LinuxX64.LayoutOf(new PythonVersion(3, 13))!, 13, 0x030d00f0);

    private static string RefusalOf(byte[] table, int minor)
    {
        Layout baseLayout = TargetAbi.LinuxX64.LayoutOf(new PythonVersion(3, minor))!;
        var e = Assert.Throws<AustinException>(() => DebugOffsets.Apply(baseLayout, table))!;
        Assert.That(e.ExitCode, Is.EqualTo(ExitCodes.DataError));
        return e.Message;
    }

    private static byte[] With(byte[] table, int at, ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(table.AsSpan(at), value);
        return table;
    }

    [Test]
    public void A_3_14_table_whose_thread_state_size_is_0_is_an_error_that_names_Python_3_14_0() =>
        Assert.That(RefusalOf(With(Table314(), ThreadState314, 0), 14),
            Is.EqualTo("Python 3.14.0 " + Refused + "thread_state.size is 0 (austin reads 1 to 4096 bytes)"));

    [Test]
    public void A_3_13_table_whose_frame_owner_lies_outside_the_frame_is_an_error_that_names_Python_3_13_0() =>
        Assert.That(RefusalOf(With(Table313(), InterpreterFrame313 + 40, 100), 13),
            Is.EqualTo("Python 3.13.0 " + Refused + "owner at 100 outside the 80 bytes read"));

    [Test]
    public void A_table_of_an_unknown_minor_version_is_an_error_that_names_it() =>
        Assert.That(RefusalOf(With(Table314(), 8, 0x031001f0), 14),
            Is.EqualTo("Python 3.16.1 " + Refused + "austin reads the tables of 3.13 to 3.15 only"));

    [Test]
    public void A_table_cut_short_is_an_error_that_names_the_version() =>
        Assert.That(RefusalOf(Table314()[..DebugOffsets.Size313], 14),
            Is.EqualTo("Python 3.14.0 " + Refused + "the table is cut short (584 of its 760 bytes)"));

    [Test]
    public void The_table_of_a_free_threaded_build_gives_a_free_threaded_layout_with_published_asyncio_and_thread_bytecode()
    {
        Layout ft = DebugOffsets.Apply(TargetAbi.LinuxX64.LayoutOf(new PythonVersion(3, 14))!, With(Table314(), 16, 1));
        // 3.14+ asyncio: the tasks wait for the _asyncio module's own table.
        Assert.That((ft.FreeThreaded, ft.Asyncio?.Published, ft.Asyncio?.HasModuleTable, ft.Code.Tlbc >= 0, ft.Frame.TlbcIndex >= 0),
            Is.EqualTo((true, (bool?)true, (bool?)false, true, true)));
        Layout release = DebugOffsets.Apply(TargetAbi.LinuxX64.LayoutOf(new PythonVersion(3, 14))!, Table314());
        Assert.That((release.FreeThreaded, release.Code.Tlbc, release.Frame.TlbcIndex), Is.EqualTo((false, -1, -1)));
    }

    [Test]
    public void A_garbage_offset_is_an_error_that_names_the_entry_and_its_value() =>
        Assert.That(RefusalOf(With(Table313(), 24 + 16, ulong.MaxValue), 13),
            Is.EqualTo("Python 3.13.0 " + Refused + "runtime_state.interpreters_head is 18446744073709551615"));

    // ---- through discovery ----

    private const ulong RuntimeAddress = 0x7f00_0010_0000;

    /// <summary>A process whose libpython3.14 has _PyRuntime at <see cref="RuntimeAddress"/>, holding <paramref name="runtime"/>.</summary>
    private static FakeTargetProcess ProcessWithRuntime(byte[] runtime)
    {
        var memory = new FakeMemory();
        memory.Map(RuntimeAddress, 64 * 1024);
        memory.Write(RuntimeAddress, runtime);
        var process = new FakeTargetProcess(memory);
        process.AddModule("/opt/python/lib/libpython3.14.so.1.0", 0x7f00_0000_0000, new Dictionary<string, ulong> { ["_PyRuntime"] = RuntimeAddress });
        return process;
    }

    [Test]
    public void Discovery_stops_with_an_error_naming_the_version_when_the_target_publishes_a_table_it_cannot_use()
    {
        using FakeTargetProcess process = ProcessWithRuntime(With(Table314(), ThreadState314, 0));
        var e = Assert.Throws<AustinException>(() => RuntimeLocator.TryLocate(process, out RuntimeAnchor? _))!;
        Assert.That((e.ExitCode, e.Message), Is.EqualTo((ExitCodes.DataError, "Python 3.14.0 " + Refused + "thread_state.size is 0 (austin reads 1 to 4096 bytes)")));
    }

    [Test]
    public void Discovery_stops_with_an_error_naming_the_version_when_a_3_14_runtime_publishes_no_table()
    {
        using FakeTargetProcess process = ProcessWithRuntime(new byte[DebugOffsets.Size314]);
        var e = Assert.Throws<AustinException>(() => RuntimeLocator.TryLocate(process, out RuntimeAnchor? _))!;
        Assert.That((e.ExitCode, e.Message), Is.EqualTo((ExitCodes.DataError,
            "Python 3.14 publishes no debug offsets (_Py_DebugOffsets) at _PyRuntime, and austin reads 3.14 only through them")));
    }
}
