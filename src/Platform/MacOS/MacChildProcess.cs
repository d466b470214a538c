// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using Austin.Interop.MacOS;

namespace Austin.Platform.MacOS;

/// <summary>
/// A program austin started with posix_spawnp and must reap, as on Linux (see Linux/ChildProcess.cs): standard input
/// and error are austin's, standard output too unless the samples use it (then /dev/null).
/// </summary>
internal sealed unsafe class MacChildProcess
{
    // The signals the .NET runtime handles or ignores in austin (Darwin's numbers: SIGCHLD 20, SIGCONT 19, SIGTSTP 18,
    // SIGTTIN 21, SIGTTOU 22, SIGURG 16, SIGWINCH 28): the child gets their defaults, as it would from a shell.
    private static readonly int[] RuntimeSignals = [2, 3, 13, 15, 16, 18, 19, 20, 21, 22, 28];

    private int? _exitCode;
    private bool _exited;

    private MacChildProcess(int pid) => Pid = pid;

    public int Pid { get; }

    /// <summary>Starts <paramref name="command"/>, found on PATH like a shell does; returns the errno on failure.</summary>
    public static int TrySpawn(string[] command, bool discardStdout, bool detach, out MacChildProcess? child)
    {
        child = null;
        nint fileActions = 0, attributes = 0;
        nint[] strings = [];
        Libc.PosixSpawnFileActionsInit(&fileActions);
        Libc.PosixSpawnAttrInit(&attributes);
        try
        {
            if (discardStdout || detach)
            {
                fixed (byte* devNull = "/dev/null\0"u8)
                    Libc.PosixSpawnFileActionsAddOpen(&fileActions, 1, devNull, Libc.O_WRONLY, 0);
            }
            if (detach)
            {
                // The terminal shows austin's full-screen view: the program neither reads its keys nor writes over it.
                fixed (byte* devNull = "/dev/null\0"u8)
                {
                    Libc.PosixSpawnFileActionsAddOpen(&fileActions, 0, devNull, 0 /* O_RDONLY */, 0);
                    Libc.PosixSpawnFileActionsAddOpen(&fileActions, 2, devNull, Libc.O_WRONLY, 0);
                }
            }
            uint signals = 0;
            foreach (int signal in RuntimeSignals) signals |= 1u << (signal - 1);
            Libc.PosixSpawnAttrSetSigDefault(&attributes, &signals);
            signals = 0;
            Libc.PosixSpawnAttrSetSigMask(&attributes, &signals);
            Libc.PosixSpawnAttrSetFlags(&attributes, Libc.POSIX_SPAWN_SETSIGDEF | Libc.POSIX_SPAWN_SETSIGMASK);

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

            int error = Libc.PosixSpawnp(out int pid, (byte*)argv[0], &fileActions, &attributes, (byte**)argv, (byte**)envp);
            if (error == 0) child = new MacChildProcess(pid);
            return error;
        }
        finally
        {
            foreach (nint p in strings) Marshal.FreeCoTaskMem(p);
            Libc.PosixSpawnAttrDestroy(&attributes);
            Libc.PosixSpawnFileActionsDestroy(&fileActions);
        }
    }

    /// <summary>True once the child has exited; it is reaped then.</summary>
    public bool HasExited
    {
        get
        {
            if (_exited) return true;
            int reaped = Libc.Waitpid(Pid, out int status, Libc.WNOHANG);
            if (reaped == Pid)
            {
                _exited = true;
                int signal = status & 0x7f;
                _exitCode = signal == 0 ? (status >> 8) & 0xff : 128 + signal;
            }
            else if (reaped < 0 && Marshal.GetLastSystemError() == Errno.ECHILD)
            {
                _exited = true;
            }
            return _exited;
        }
    }

    public int? ExitCode => HasExited ? _exitCode : null;

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

    /// <summary>Whether the name resolves to an existing file, directly or through PATH.</summary>
    public static bool CommandExists(string name)
    {
        if (name.Contains('/')) return File.Exists(name);
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            if (File.Exists(Path.Combine(dir, name))) return true;
        return false;
    }
}
