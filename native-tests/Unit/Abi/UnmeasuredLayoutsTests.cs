// SPDX-License-Identifier: GPL-3.0-or-later
using Austin.Python.Abi;
using NUnit.Framework;

namespace Austin.Tests.Unit.Abi;

/// <summary>
/// The versions no interpreter here can measure (3.3-3.5, 3.14) give, on linux-x64, the offsets that the internals
/// doc records from their headers (shared/docs/cpython-internals.md, appendix A and the "3.14 (H)" columns): the
/// structs that stand for them are transcribed right, though the probe cannot say so.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
internal sealed class UnmeasuredLayoutsTests
{
    private static Layout Of(int minor) => TargetAbi.LinuxX64.LayoutOf(new PythonVersion(3, minor))!;

    [TestCase(3, 0, 8, 16, 144, TestName = "3.3's thread state has no prev: next, interp, frame and thread_id at 0, 8, 16 and 144")]
    [TestCase(4, 8, 16, 24, 152, TestName = "3.4's thread state has prev: next, interp, frame and thread_id at 8, 16, 24 and 152")]
    [TestCase(5, 8, 16, 24, 152, TestName = "3.5's thread state: next, interp, frame and thread_id at 8, 16, 24 and 152")]
    public void Thread_states_of_3_3_to_3_5(int minor, int next, int interp, int frame, int threadId)
    {
        ThreadLayout t = Of(minor).Thread;
        Assert.That((t.Next, t.Interp, t.Frame, t.Id), Is.EqualTo((next, interp, frame, threadId)));
    }

    [TestCase(3)]
    [TestCase(4)]
    [TestCase(5)]
    public void Code_objects_frames_interpreters_and_strings_of_3_3_to_3_5(int minor)
    {
        Layout l = Of(minor);
        Assert.That((l.Code.Filename, l.Code.Name, l.Code.FirstLineno, l.Code.LineTable), Is.EqualTo((96, 104, 112, 120)));
        Assert.That((l.Frame.Back, l.Frame.Code, l.Frame.Instr), Is.EqualTo((24, 32, 120)));
        Assert.That((l.Interpreter.Next, l.Interpreter.ThreadsHead), Is.EqualTo((0, 8)));
        Assert.That((l.String.AsciiSize, l.String.CompactSize, l.String.BytesData), Is.EqualTo((48, 72, 32)));
    }

    [Test]
    public void The_code_objects_and_frames_of_3_14()
    {
        Layout l = Of(14);
        Assert.That((l.Code.Filename, l.Code.Name, l.Code.Qualname, l.Code.LineTable, l.Code.FirstLineno, l.Code.FirstTraceable, l.Code.Adaptive, l.Code.Size),
            Is.EqualTo((112, 120, 128, 136, 68, 192, 208, 216)));
        Assert.That((l.Frame.Back, l.Frame.Code, l.Frame.Instr, l.Frame.Owner, l.Frame.Size, l.Frame.CodeTagMask), Is.EqualTo((8, 0, 56, 74, 88, 7UL)));
        Assert.That(l.NeedsDebugOffsets, Is.True, "3.14's other structs come from the target's _Py_DebugOffsets");
    }
}
