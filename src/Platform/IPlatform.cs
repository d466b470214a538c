// SPDX-License-Identifier: GPL-3.0-or-later
using System;

namespace Austin.Platform;

/// <summary>The processes of the machine, as the sampler of child processes (-C) sees them.</summary>
internal interface IProcessTree
{
    /// <summary>Opens a running process for reading.</summary>
    /// <exception cref="AustinException">No such process, or not allowed to read it.</exception>
    ITargetProcess Attach(int pid);

    /// <summary>
    /// Writes into <paramref name="children"/> the PIDs of the processes whose parent is one of
    /// <paramref name="parents"/>, without allocating (the sampling loop asks every few tens of milliseconds with -C);
    /// returns how many (those beyond the span's length are dropped, to be found at a later call). A child that has
    /// exited is listed until its parent reaps it.
    /// </summary>
    int ListChildren(ReadOnlySpan<int> parents, Span<int> children);
}

/// <summary>The operating system, as the sampler sees it. One implementation per OS folder.</summary>
internal interface IPlatform : IClock, IProcessTree
{
    /// <summary>
    /// Starts <paramref name="command"/> (PATH searched like a shell) with austin's standard input and error, and
    /// austin's standard output unless <paramref name="discardStandardOutput"/> sends it to the null device.
    /// <paramref name="detachFromTerminal"/> gives it the null device for all three instead: the terminal belongs to a
    /// full-screen view.
    /// </summary>
    /// <exception cref="AustinException">The command is not found or cannot be executed.</exception>
    ITargetProcess Launch(string[] command, bool discardStandardOutput, bool detachFromTerminal = false);

    /// <summary>The terminal on standard input and output, for a full-screen view; null when they are not a terminal.</summary>
    ITerminal? OpenTerminal();

    /// <summary>
    /// Where the samples go: standard output when <paramref name="path"/> is null, else the file, created or
    /// truncated. Writes append through the descriptor's shared offset and report EPIPE as an IOException.
    /// </summary>
    /// <exception cref="AustinException">The file cannot be created.</exception>
    System.IO.Stream OpenOutput(string? path);

    /// <summary>Whether austin's standard output is a terminal (a person reads it: -w may colour its report).</summary>
    bool StandardOutputIsTerminal();

    /// <summary>
    /// Asks the OS to run the calling thread as soon as it wakes up, ahead of a program that is running, where it
    /// can do so without privileges. A sampler that has to wait for the target to yield the CPU never sees the
    /// target run; it sees it only when it sleeps.
    /// </summary>
    void PreferPromptWakeUps();

    /// <summary>The CPUs the calling thread may run on, a bit per CPU; false when the OS cannot tell.</summary>
    bool TryGetThreadCpus(Span<ulong> cpus);

    /// <summary>Restricts the calling thread to <paramref name="cpus"/> (a subset of what it was allowed).</summary>
    void SetThreadCpus(ReadOnlySpan<ulong> cpus);

    /// <summary>
    /// Calls <paramref name="handler"/> (on another thread) when austin is asked to stop (SIGINT, SIGTERM), instead
    /// of the default termination, until the result is disposed. SIGINT is handled even when austin was started
    /// with it ignored (a shell's background job), as the C austin does.
    /// </summary>
    IDisposable HandleStopSignals(Action<StopSignal> handler);

    /// <summary>austin's own peak resident memory in KB (0 when unknown), for the log.</summary>
    long PeakResidentKb();

    /// <summary>Whether austin's standard error is a terminal (a person watches it: the live status line goes there).</summary>
    bool StandardErrorIsTerminal();

    /// <summary>The machine's physical memory in KB (0 when unknown): the C austin 3.x's "memory" metadata.</summary>
    long TotalMemoryKb();

    /// <summary>
    /// Listens on TCP <paramref name="port"/> (0: any free one) of <paramref name="host"/>, a name or an IPv4 or IPv6
    /// address (in brackets or not); "localhost" is 127.0.0.1. A name is resolved to its first IPv4 address, else its
    /// first address.
    /// </summary>
    /// <exception cref="AustinException">The host cannot be resolved (<see cref="ExitCodes.Usage"/>), or its address
    /// cannot be listened on (<see cref="ExitCodes.Failure"/>, saying why).</exception>
    ITcpListener Listen(string host, int port);

    /// <summary>The wall-clock time now, in the local time zone.</summary>
    LocalTime LocalNow();

    /// <summary>The OS's log, under <paramref name="ident"/>.</summary>
    ISystemLog OpenSystemLog(string ident);
}
