// SPDX-License-Identifier: GPL-3.0-or-later
using System.Collections.Generic;
using Austin.Platform;
using Austin.Python;
using Austin.Python.Abi;
using Austin.Sampling;
using Austin.Tests.Support.Synthetic;
using NUnit.Framework;

namespace Austin.Tests.Unit.Sampling;

/// <summary>
/// The start-up wait (TargetLifecycle.WaitForPython) over fake processes and a fake clock: -t bounds the search for a
/// Python runtime, and a program known to be Python gets the time it needs to initialise, whatever -t says.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class StartupWaitTests
{
    /// <summary>Every reading of the clock is a millisecond later; the test can act at chosen times.</summary>
    private sealed class SteppingClock : IClock
    {
        private long _now;
        public System.Action<long>? At { get; set; }
        public long NowNs()
        {
            _now += 1_000_000;
            At?.Invoke(_now / 1_000_000);
            return _now;
        }
        public void SleepUntil(long deadlineNs) => _now = System.Math.Max(_now, deadlineNs);
    }

    private static AustinOptions Launching(long timeoutMs) => new() { TimeoutMs = timeoutMs, Command = ["python3", "app.py"] };

    [Test]
    public void A_program_with_no_Python_runtime_is_refused_after_the_timeout()
    {
        var process = new FakeTargetProcess(new FakeMemory());
        process.AddModule("/usr/bin/fake", 0x1000, []);   // the executable, with no Python symbol
        var clock = new SteppingClock();
        var lifecycle = TargetLifecycle.Of(clock, Launching(100), process);

        var error = Assert.Throws<AustinException>(() => lifecycle.WaitForPython(new StopFlag()))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.ExitCode, Is.EqualTo(ExitCodes.DataError));
            Assert.That(error.Message, Is.EqualTo("'python3 app.py' is not a Python process (no Python runtime found within 100 ms)"));
            Assert.That(clock.NowNs() / 1_000_000, Is.InRange(100, 130), "gave up just after -t");
        }
    }

    [Test]
    public void A_Python_that_initialises_for_a_second_is_waited_for_even_with_a_one_millisecond_timeout()
    {
        Layout layout = TargetAbi.LinuxX64.LayoutOf(new PythonVersion(3, 11))!;
        var spec = new ImageSpec(
            [new CodeSpec(new StringSpec(0, true), new StringSpec(0, true), new StringSpec(11, true), 1, [new Segment(4, 1, false)], 0, 0)],
            [[[new FrameSpec(0, 0, FrameKind.Normal)]]], 0, true, 0x2d0, 1);
        var image = new SyntheticImage(layout, spec);
        ulong runtime = image.HeadPointer - (ulong)layout.Runtime.InterpretersHead;
        // The runtime is mapped, but its interpreter list is empty until 1 s in: CPython is initialising.
        ulong head = image.Memory.TryRead(image.HeadPointer, out ulong value) ? value : 0;
        image.Memory.WriteU64(image.HeadPointer, 0);
        var process = new FakeTargetProcess(image.Memory);
        process.AddModule("/usr/lib/libpython3.11.so.1.0", 0x1000, new Dictionary<string, ulong> { ["_PyRuntime"] = runtime });
        var clock = new SteppingClock { At = ms => { if (ms == 1000) image.Memory.WriteU64(image.HeadPointer, head); } };

        PythonProcess python = TargetLifecycle.Of(clock, Launching(1), process).WaitForPython(new StopFlag());

        Assert.That(python.Version, Is.EqualTo("3.11"));
    }

    [Test]
    public void A_stop_signal_during_the_wait_ends_it_with_a_message()
    {
        var process = new FakeTargetProcess(new FakeMemory());
        process.AddModule("/usr/bin/fake", 0x1000, []);
        var stop = new StopFlag();
        stop.Request(StopSignal.Interrupt);

        var error = Assert.Throws<AustinException>(() => TargetLifecycle.Of(new SteppingClock(), Launching(100), process).WaitForPython(stop))!;
        Assert.That(error.Message, Is.EqualTo("interrupted before sampling started"));
    }
}
