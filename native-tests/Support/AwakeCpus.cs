// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace Austin.Tests.Support;

/// <summary>
/// Keeps every CPU awake with one busy process per CPU at the idle scheduling class (SCHED_IDLE), until disposed.
/// </summary>
/// <remarks>
/// On a virtual machine an idle virtual CPU is halted, and a sampler whose wake-up lands while the target's CPU runs
/// a short burst tends to run after the burst, and to see the target asleep. Measured on this 2-vCPU machine with
/// two threads of a C program pinned to two CPUs (40 us of work and 1 ms of sleep, the other waking at random every
/// 250-750 us and reading a flag): the work was seen in 2.6-2.9 % of the wake-ups for a true 3.2-3.4 %, and in
/// 3.9-4.0 % for a true 3.7 % with the CPUs kept awake; the C austin 3.7 missed it as much as ours. That is the
/// hypervisor, not the sampler, so a test of the sampler's own fairness keeps the CPUs awake. SCHED_IDLE tasks run
/// only when nothing else wants the CPU and a waking task of any other class preempts them at once, so they delay
/// neither austin nor the target, and the kernel still counts their CPUs as idle when it places a waking task.
/// They are processes (`yes`), not threads of the test host: a thread there that the scheduler starves would hold
/// up the host's garbage collector, and with it the reading of austin's output; nor do they spin with PAUSE, which
/// the hypervisor takes for a lock waiter's and deschedules (samples at -i 100 fell from 8,000 to 300-3,000 a run).
/// </remarks>
internal sealed class AwakeCpus : IDisposable
{
    private readonly List<Process> _spinners = [];

    public AwakeCpus()
    {
        if (!OperatingSystem.IsLinux()) return;
        for (int cpu = 0; cpu < Environment.ProcessorCount; cpu++)
        {
            // timeout: a spinner whose test host died does not outlive the suite by much.
            var start = new ProcessStartInfo("sh", ["-c", $"exec chrt -i 0 taskset -c {cpu} timeout 600 yes > /dev/null"])
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
            };
            _spinners.Add(Process.Start(start) ?? throw new InvalidOperationException("could not start a SCHED_IDLE spinner"));
        }
        // One that could not start (no chrt or taskset, a CPU gone) exits at once: say so rather than test without it.
        System.Threading.Thread.Sleep(50);
        foreach (Process spinner in _spinners)
            if (spinner.HasExited)
            {
                int code = spinner.ExitCode;
                Dispose();
                throw new InvalidOperationException($"a SCHED_IDLE spinner (chrt -i 0 taskset -c N yes) exited with {code}");
            }
    }

    public void Dispose()
    {
        foreach (Process spinner in _spinners)
        {
            try
            {
                if (!spinner.HasExited) spinner.Kill(entireProcessTree: true);
                spinner.WaitForExit();
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            spinner.Dispose();
        }
    }
}
