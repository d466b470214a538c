// SPDX-License-Identifier: GPL-3.0-or-later
using System.IO;
using System.Text;
using Austin.Output;
using Austin.Samples;
using NUnit.Framework;

namespace Austin.Tests.Unit.Output;

/// <summary>The where report (-w) from samples made by hand: what a person reads, colours only when asked.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class WhereWriterTests
{
    private static readonly Function Module = new("<module>", "/srv/app.py");
    private static readonly Function Serve = new("Server.serve", "/srv/app.py");
    private static readonly Function Wait = new("wait", "/usr/lib/python3.12/threading.py");

    private static string Report(bool colours, WhereProcess process, params (ulong Tid, ulong Native, bool Idle, bool Gil, bool Released, bool Gc, Frame[] Frames, bool Bad)[] threads)
    {
        using var stream = new MemoryStream();
        using (var writer = new WhereWriter(stream, colours))
        {
            writer.BeginProcess(process);
            foreach (var t in threads)
            {
                writer.Write(new ThreadSample(process.Pid, 0, t.Tid, t.Native, t.Gil, t.Idle, t.Bad, t.Frames, default)
                {
                    GilReleased = t.Released,
                    GcCollecting = t.Gc,
                });
            }
            writer.EndProcess();
            writer.Flush();
            return Encoding.UTF8.GetString(stream.ToArray());
        }
    }

    private static readonly WhereProcess App = new(4242, "3.12.1", ["python3", "app.py", "--port", "8000"], GcKnown: true);

    [Test]
    public void A_process_reads_as_its_header_then_each_thread_with_its_frames_outermost_first()
    {
        string text = Report(false, App,
            (0x7f00aa, 4242, false, true, false, false, [new Frame(Module, 10), new Frame(Serve, 42)], false),
            (0x7f00bb, 4243, true, false, false, false, [new Frame(Wait, 320)], false));
        Assert.That(text, Is.EqualTo(
            "Process 4242: Python 3.12.1, 2 threads\n" +
            "    python3 app.py --port 8000\n" +
            "    GIL: held by thread 0x7f00aa\n" +
            "    garbage collector: not collecting\n" +
            "\n" +
            "Thread 0x7f00aa (OS thread 4242): running, holds the GIL\n" +
            "    <module> (/srv/app.py:10)\n" +
            "    Server.serve (/srv/app.py:42)\n" +
            "\n" +
            "Thread 0x7f00bb (OS thread 4243): idle\n" +
            "    wait (/usr/lib/python3.12/threading.py:320)\n" +
            "\n"));
    }

    [Test]
    public void A_free_GIL_names_the_thread_that_held_it_last_and_a_collecting_collector_is_said()
    {
        string text = Report(false, App with { CommandLine = [] },
            (0x1, 11, true, true, true, true, [new Frame(Module, 1)], false),
            (0x2, 12, true, false, true, true, [], false));
        Assert.That(text, Is.EqualTo(
            "Process 4242: Python 3.12.1, 2 threads\n" +
            "    GIL: free, held last by thread 0x1\n" +
            "    garbage collector: collecting\n" +
            "\n" +
            "Thread 0x1 (OS thread 11): idle, held the GIL last\n" +
            "    <module> (/srv/app.py:1)\n" +
            "\n" +
            "Thread 0x2 (OS thread 12): idle\n" +
            "    (no Python frames)\n" +
            "\n"));
    }

    [Test]
    public void What_cannot_be_told_is_left_out_and_a_bad_stack_says_so()
    {
        // No OS thread id (idle unknown), no GIL holder and no free GIL (unknown), no collector state.
        string text = Report(false, App with { GcKnown = false, CommandLine = [] },
            (0xabc, 0, false, false, false, false, [], true));
        Assert.That(text, Is.EqualTo(
            "Process 4242: Python 3.12.1, 1 thread\n" +
            "\n" +
            "Thread 0xabc\n" +
            "    (the stack changed while austin read it: run austin -w again)\n" +
            "\n"));
    }

    [Test]
    public void A_runtime_without_interpreter_is_reported_without_threads()
    {
        string text = Report(false, App with { NoInterpreter = true, CommandLine = [] });
        Assert.That(text, Is.EqualTo(
            "Process 4242: Python 3.12.1, 0 threads\n" +
            "    no interpreter: Python is starting or finalizing\n" +
            "\n"));
    }

    [Test]
    public void Colours_are_ANSI_sequences_around_the_parts_and_absent_unless_asked()
    {
        var thread = (0x7fUL, 7UL, false, true, false, false, new[] { new Frame(Serve, 42) }, false);
        string plain = Report(false, App, thread);
        string coloured = Report(true, App, thread);
        Assert.That(plain, Does.Not.Contain("\u001b"));
        Assert.That(coloured, Does.Contain("\u001b[35;1m4242\u001b[0m"), "the pid");
        Assert.That(coloured, Does.Contain("\u001b[34;1m0x7f\u001b[0m"), "the thread");
        Assert.That(coloured, Does.Contain("\u001b[32;1mrunning\u001b[0m"));
        Assert.That(coloured, Does.Contain("\u001b[31;1mholds the GIL\u001b[0m"));
        Assert.That(coloured, Does.Contain("    \u001b[33;1mServer.serve\u001b[0m (\u001b[36m/srv/app.py\u001b[0m:\u001b[32m42\u001b[0m)\n"));
        Assert.That(System.Text.RegularExpressions.Regex.Replace(coloured, "\u001b\\[[0-9;]*m", ""), Is.EqualTo(plain),
            "without its colours, the coloured report is the plain one");
    }

    [Test]
    public void Control_characters_from_the_target_never_reach_the_terminal()
    {
        var evil = new Function("f\u001b]0;pwned\u0007", "/tmp/\u009b2J.py");
        string text = Report(true, App with { CommandLine = ["python3", "-c", "x\u001b[2J"] },
            (0x1, 1, false, false, false, false, [new Frame(evil, 3)], false));
        Assert.That(text, Does.Contain("f\\x1b]0;pwned\\x07"));
        Assert.That(text, Does.Contain("/tmp/\\x9b2J.py"));
        Assert.That(text, Does.Contain("python3 -c x\\x1b[2J"));
        Assert.That(text.Replace("\u001b[", "").Contains('\u001b') || text.Contains('\u0007') || text.Contains('\u009b'), Is.False,
            "only the report's own colour sequences may be escape sequences");
    }
}
