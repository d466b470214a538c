// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.Linux;

internal static unsafe partial class Libc
{
    /// <summary>Room for glibc's posix_spawn_file_actions_t (80 bytes on x86-64 and arm64), with margin.</summary>
    public const int SpawnFileActionsSize = 256;
    /// <summary>Room for glibc's posix_spawnattr_t (336 bytes on x86-64 and arm64), with margin.</summary>
    public const int SpawnAttrSize = 512;

    public const short POSIX_SPAWN_SETSIGDEF = 0x04;
    public const short POSIX_SPAWN_SETSIGMASK = 0x08;

    /// <summary>
    /// posix_spawnp(3): starts a program found on PATH like execvp, and (glibc 2.24+) reports a failed exec as
    /// its return value (an errno), not through the child's exit status.
    /// </summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "posix_spawnp")]
    public static partial int PosixSpawnp(out int pid, byte* file, void* fileActions, void* attributes, byte** argv, byte** envp);

    // The attribute and file-action objects posix_spawnp takes only make sense together, so they share its file.

    [LibraryImport(Libraries.Libc, EntryPoint = "posix_spawn_file_actions_init")]
    public static partial int PosixSpawnFileActionsInit(void* fileActions);

    [LibraryImport(Libraries.Libc, EntryPoint = "posix_spawn_file_actions_addopen")]
    public static partial int PosixSpawnFileActionsAddOpen(void* fileActions, int fd, byte* path, int flags, uint mode);

    [LibraryImport(Libraries.Libc, EntryPoint = "posix_spawn_file_actions_destroy")]
    public static partial int PosixSpawnFileActionsDestroy(void* fileActions);

    [LibraryImport(Libraries.Libc, EntryPoint = "posix_spawnattr_init")]
    public static partial int PosixSpawnAttrInit(void* attributes);

    [LibraryImport(Libraries.Libc, EntryPoint = "posix_spawnattr_setflags")]
    public static partial int PosixSpawnAttrSetFlags(void* attributes, short flags);

    [LibraryImport(Libraries.Libc, EntryPoint = "posix_spawnattr_setsigdefault")]
    public static partial int PosixSpawnAttrSetSigDefault(void* attributes, void* signals);

    [LibraryImport(Libraries.Libc, EntryPoint = "posix_spawnattr_setsigmask")]
    public static partial int PosixSpawnAttrSetSigMask(void* attributes, void* signals);

    [LibraryImport(Libraries.Libc, EntryPoint = "posix_spawnattr_destroy")]
    public static partial int PosixSpawnAttrDestroy(void* attributes);
}
