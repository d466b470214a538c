// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Austin.Platform;
using Austin.Platform.Linux;
using Austin.Python.Abi;
using Austin.Python.Discovery;
using Austin.Tests.Support;
using NUnit.Framework;

namespace Austin.Tests.EndToEnd;

/// <summary>
/// From 3.13 the runtime publishes its own offsets (_Py_DebugOffsets): the layout austin builds from them
/// equals the one from its table, field by field, so that a 3.14+ interpreter can be read without a table.
/// </summary>
[TestFixture]
public sealed class DebugOffsetsTests : ExactEndToEndFixture
{
    public static IEnumerable<TestCaseData> WithDebugOffsets()
    {
        var found = Interpreters.All.Where(p => p.Version.AtLeast(3, 13)).ToList();
        if (found.Count == 0)
            yield return new TestCaseData((Interpreter?)null).SetArgDisplayNames("no CPython 3.13+ installed");
        foreach (Interpreter python in found)
            yield return new TestCaseData(python).SetArgDisplayNames(python.DisplayName);
    }

    [TestCaseSource(nameof(WithDebugOffsets))]
    public void PublishedOffsetsGiveTheLayoutOfTheTable(Interpreter? python)
    {
        if (python is null) Assert.Ignore("no CPython 3.13 or later on this machine");
        using RunningProcess target = RunningProcess.Start(
            [python.Path, "-c", "import time; print('ready', flush=True); time.sleep(30)"], PythonEnvironment.Clean);
        target.WaitForLine("ready", TimeSpan.FromSeconds(20));
        using ITargetProcess process = new LinuxPlatform().Attach(target.Id);

        byte[] table = new byte[DebugOffsets.MaxSize];
        bool read = false;
        foreach (LoadedModule module in process.Modules())
        {
            IModuleSymbols? symbols = process.OpenSymbols(module);
            if (symbols is not null && symbols.TryGetSymbol("_PyRuntime", out ulong runtime))
            {
                read = process.Memory.TryRead(runtime, table);
                break;
            }
        }
        Assert.That(read, Is.True, "_PyRuntime could not be read");
        Assert.That(DebugOffsets.HasCookie(table), Is.True, "no xdebugpy cookie at _PyRuntime");
        Austin.Python.Abi.PythonVersion v = Austin.Python.Abi.PythonVersion.FromHex(DebugOffsets.VersionHex(table));
        Assert.That((v.Major, v.Minor), Is.EqualTo((python.Version.Major, python.Version.Minor)));

        Layout fromTable = TargetAbi.For(process.Os, process.Architecture).LayoutOf(v)!;
        Layout? published = DebugOffsets.Apply(fromTable, table);
        Assert.That(published, Is.Not.Null);
        using (Assert.EnterMultipleScope())
        {
            // From 3.14 the version table's runtime, interpreter and thread are 3.13's placeholders (VersionTable):
            // only its code objects and frames are this version's own, to agree with the table.
            Assert.That(published!.FreeThreaded, Is.EqualTo(python.FreeThreaded), "free_threaded");
            if (!fromTable.NeedsDebugOffsets && !python.FreeThreaded)
                PublishedStatesAreTheTables(published!, fromTable);
            // A free-threaded build's objects are larger: its table is checked against its headers (DebugOffsetsHeadersTests).
            if (python.FreeThreaded) return;
            Assert.That(published!.Frame.Back, Is.EqualTo(fromTable.Frame.Back));
            Assert.That(published.Frame.Code, Is.EqualTo(fromTable.Frame.Code));
            Assert.That(published.Frame.Instr, Is.EqualTo(fromTable.Frame.Instr));
            Assert.That(published.Frame.Owner, Is.EqualTo(fromTable.Frame.Owner));
            Assert.That(published.Code.Filename, Is.EqualTo(fromTable.Code.Filename));
            Assert.That(published.Code.Name, Is.EqualTo(fromTable.Code.Name));
            Assert.That(published.Code.Qualname, Is.EqualTo(fromTable.Code.Qualname));
            Assert.That(published.Code.LineTable, Is.EqualTo(fromTable.Code.LineTable));
            Assert.That(published.Code.FirstLineno, Is.EqualTo(fromTable.Code.FirstLineno));
            Assert.That(published.Code.Adaptive, Is.EqualTo(fromTable.Code.Adaptive));
            Assert.That(published.String.AsciiSize, Is.EqualTo(fromTable.String.AsciiSize));
        }
    }

    private static void PublishedStatesAreTheTables(Layout published, Layout fromTable)
    {
        Assert.That(published.Runtime.InterpretersHead, Is.EqualTo(fromTable.Runtime.InterpretersHead));
        Assert.That(published.Interpreter.Next, Is.EqualTo(fromTable.Interpreter.Next));
        Assert.That(published.Interpreter.ThreadsHead, Is.EqualTo(fromTable.Interpreter.ThreadsHead));
        Assert.That(published.Thread.Next, Is.EqualTo(fromTable.Thread.Next));
        Assert.That(published.Thread.Interp, Is.EqualTo(fromTable.Thread.Interp));
        Assert.That(published.Thread.Frame, Is.EqualTo(fromTable.Thread.Frame));
        Assert.That(published.Thread.Id, Is.EqualTo(fromTable.Thread.Id));
        Assert.That(published.Thread.NativeId, Is.EqualTo(fromTable.Thread.NativeId));
        Assert.That(published.Thread.DatastackChunk, Is.EqualTo(fromTable.Thread.DatastackChunk));
    }
}
