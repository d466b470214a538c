// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using Austin.Interop.Linux;

namespace Austin.Platform.Linux;

/// <summary>
/// A program austin started (posix_spawnp) and must reap. Its standard input and error are austin's; its standard
/// output is austin's too, or /dev/null when the samples use austin's standard output (as every C austin does), so
/// that nothing the program prints ever lands among the samples.
/// </summary>
internal sealed unsafe class ChildProcess
{
    // The signals the .NET runtime handles or ignores in austin: the child gets their defaults, as it would from a
    // shell. Other dispositions are inherited (nohup's ignored SIGHUP stays ignored).
    private static readonly int[] RuntimeSignals = [2, 3, 13, 15, 17, 18, 20, 21, 22, 23, 28];

    private int? _exitCode;
    private bool _exited;

    private ChildProcess(int pid) => Pid = pid;

    public int Pid { get; }

    /// <summary>Starts <paramref name="command"/>, found on PATH like a shell does; returns the errno on failure.</summary>
    public static int TrySpawn(string[] command, bool discardStdout, bool detach, out ChildProcess? child)
    {
        child = null;
        byte* fileActions = stackalloc byte[Libc.SpawnFileActionsSize];
        byte* attributes = stackalloc byte[Libc.SpawnAttrSize];
        byte* signals = stackalloc byte[Libc.SigSetSize];
        nint[] strings = [];
        Libc.PosixSpawnFileActionsInit(fileActions);
        Libc.PosixSpawnAttrInit(attributes);
        try
        {
            if (discardStdout || detach)
            {
                fixed (byte* devNull = "/dev/null\0"u8)
                    Libc.PosixSpawnFileActionsAddOpen(fileActions, 1, devNull, Libc.O_WRONLY, 0);
            }
            if (detach)
            {
                // The terminal shows austin's full-screen view: the program neither reads its keys nor writes over it.
                fixed (byte* devNull = "/dev/null\0"u8)
                {
                    Libc.PosixSpawnFileActionsAddOpen(fileActions, 0, devNull, 0 /* O_RDONLY */, 0);
                    Libc.PosixSpawnFileActionsAddOpen(fileActions, 2, devNull, Libc.O_WRONLY, 0);
                }
            }
            Libc.SigEmptySet(signals);
            foreach (int signal in RuntimeSignals) Libc.SigAddSet(signals, signal);
            Libc.PosixSpawnAttrSetSigDefault(attributes, signals);
            Libc.SigEmptySet(signals);
            Libc.PosixSpawnAttrSetSigMask(attributes, signals);
            Libc.PosixSpawnAttrSetFlags(attributes, Libc.POSIX_SPAWN_SETSIGDEF | Libc.POSIX_SPAWN_SETSIGMASK);

            IDictionary environment = Environment.GetEnvironmentVariables();
            strings = new nint[command.Length + environment.Count];
            nint* argv = stackalloc nint[command.Length + 1];
            nint* envp = stackalloc nint[environment.Count + 1];
            int s = 0;
            for (int i = 0; i < command.Length; i++) argv[i] = strings[s++] = Marshal.StringToCoTaskMemUTF8(command[i]);
            argv[command.Length] = 0;
            int e = 0;
            foreach (DictionaryEntry entry in environment)
                envp[e++] = strings[s++] = Marshal.StringToCoTaskMemUTF8($"{entry.Key}={entry.Value}");
            envp[e] = 0;

            int error = Libc.PosixSpawnp(out int pid, (byte*)argv[0], fileActions, attributes, (byte**)argv, (byte**)envp);
            if (error == 0) child = new ChildProcess(pid);
            return error;
        }
        finally
        {
            foreach (nint p in strings) Marshal.FreeCoTaskMem(p);
            Libc.PosixSpawnAttrDestroy(attributes);
            Libc.PosixSpawnFileActionsDestroy(fileActions);
        }
    }

    /// <summary>True once the child has exited; it is reaped then (no zombie is left).</summary>
    public bool HasExited
    {
        get
        {
            if (_exited) return true;
            int reaped = Libc.Waitpid(Pid, out int status, Libc.WNOHANG);
            if (reaped == Pid)
            {
                _exited = true;
                // WIFEXITED: the exit status; WIFSIGNALED: 128 + the signal, as a shell reports it.
                int signal = status & 0x7f;
                _exitCode = signal == 0 ? (status >> 8) & 0xff : 128 + signal;
            }
            else if (reaped < 0 && Marshal.GetLastSystemError() == Errno.ECHILD)
            {
                _exited = true;   // reaped by someone else (SIGCHLD was ignored when austin started): status unknown
            }
            return _exited;
        }
    }

    /// <summary>The exit status once the child has exited (128 + signal when a signal ended it); null when unknown.</summary>
    public int? ExitCode => HasExited ? _exitCode : null;

    /// <summary>Waits up to <paramref name="milliseconds"/> for the child to exit; true when it has (and is reaped).</summary>
    public bool WaitForExit(int milliseconds)
    {
        long until = Environment.TickCount64 + milliseconds;
        while (!HasExited)
        {
            if (Environment.TickCount64 >= until) return false;
            Thread.Sleep(1);
        }
        return true;
    }

    /// <summary>The message for a failed spawn of <paramref name="name"/>.</summary>
    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    /// <summary>Whether the name resolves to an existing file, directly or through PATH (to tell "not found" from "not executable").</summary>
    public static bool CommandExists(string name)
    {
        if (name.Contains('/')) return File.Exists(name);
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            if (File.Exists(Path.Combine(dir, name))) return true;
        return false;
    }
}
