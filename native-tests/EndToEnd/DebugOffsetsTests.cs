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
public sealed class DebugOffsetsTests
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

        byte[] table = new byte[DebugOffsets.Size314];
        bool read = false;
        foreach (LoadedModule module in process.Modules())
        {
            IModuleSymbols? symbols = process.OpenSymbols(module);
            if (symbols is not null && symbols.TryGetSymbol("_PyRuntime", out ulong runtime))
            {
                read = process.Memory.TryRead(runtime, table.AsSpan(0, DebugOffsets.Size313));
                break;
            }
        }
        Assert.That(read, Is.True, "_PyRuntime could not be read");
        Assert.That(DebugOffsets.HasCookie(table), Is.True, "no xdebugpy cookie at _PyRuntime");
        Austin.Python.Abi.PythonVersion v = Austin.Python.Abi.PythonVersion.FromHex(DebugOffsets.VersionHex(table));
        Assert.That((v.Major, v.Minor), Is.EqualTo((python.Version.Major, python.Version.Minor)));

        Layout fromTable = VersionTable.For(v)!;
        Layout? published = DebugOffsets.Apply(fromTable, table);
        Assert.That(published, Is.Not.Null);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(published!.RuntimeInterpretersHead, Is.EqualTo(fromTable.RuntimeInterpretersHead));
            Assert.That(published.InterpNext, Is.EqualTo(fromTable.InterpNext));
            Assert.That(published.InterpThreadsHead, Is.EqualTo(fromTable.InterpThreadsHead));
            Assert.That(published.ThreadNext, Is.EqualTo(fromTable.ThreadNext));
            Assert.That(published.ThreadInterp, Is.EqualTo(fromTable.ThreadInterp));
            Assert.That(published.ThreadFrame, Is.EqualTo(fromTable.ThreadFrame));
            Assert.That(published.ThreadId, Is.EqualTo(fromTable.ThreadId));
            Assert.That(published.ThreadNativeId, Is.EqualTo(fromTable.ThreadNativeId));
            Assert.That(published.ThreadDatastackChunk, Is.EqualTo(fromTable.ThreadDatastackChunk));
            Assert.That(published.FrameBack, Is.EqualTo(fromTable.FrameBack));
            Assert.That(published.FrameCode, Is.EqualTo(fromTable.FrameCode));
            Assert.That(published.FrameInstr, Is.EqualTo(fromTable.FrameInstr));
            Assert.That(published.FrameOwner, Is.EqualTo(fromTable.FrameOwner));
            Assert.That(published.CodeFilename, Is.EqualTo(fromTable.CodeFilename));
            Assert.That(published.CodeName, Is.EqualTo(fromTable.CodeName));
            Assert.That(published.CodeQualname, Is.EqualTo(fromTable.CodeQualname));
            Assert.That(published.CodeLineTable, Is.EqualTo(fromTable.CodeLineTable));
            Assert.That(published.CodeFirstLineno, Is.EqualTo(fromTable.CodeFirstLineno));
            Assert.That(published.CodeAdaptive, Is.EqualTo(fromTable.CodeAdaptive));
            Assert.That(published.UnicodeAsciiSize, Is.EqualTo(fromTable.UnicodeAsciiSize));
        }
    }
}
