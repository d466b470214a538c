// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.MacOS;

internal static unsafe partial class Libc
{
    // Darwin's posix_spawn_file_actions_t and posix_spawnattr_t are pointers to objects the init functions allocate,
    // and sigset_t is a 32-bit mask (bit n-1 for signal n): none of glibc's sizes apply.
    public const short POSIX_SPAWN_SETSIGDEF = 0x04;
    public const short POSIX_SPAWN_SETSIGMASK = 0x08;
    public const int O_WRONLY = 0x1;

    /// <summary>posix_spawnp(2): starts a program found on PATH like execvp; a failed exec is its return value (an errno).</summary>
    [LibraryImport(Libraries.LibSystem, EntryPoint = "posix_spawnp")]
    public static partial int PosixSpawnp(out int pid, byte* file, nint* fileActions, nint* attributes, byte** argv, byte** envp);

    // The attribute and file-action objects posix_spawnp takes only make sense together, so they share its file.

    [LibraryImport(Libraries.LibSystem, EntryPoint = "posix_spawn_file_actions_init")]
    public static partial int PosixSpawnFileActionsInit(nint* fileActions);

    [LibraryImport(Libraries.LibSystem, EntryPoint = "posix_spawn_file_actions_addopen")]
    public static partial int PosixSpawnFileActionsAddOpen(nint* fileActions, int fd, byte* path, int flags, ushort mode);

    [LibraryImport(Libraries.LibSystem, EntryPoint = "posix_spawn_file_actions_destroy")]
    public static partial int PosixSpawnFileActionsDestroy(nint* fileActions);

    [LibraryImport(Libraries.LibSystem, EntryPoint = "posix_spawnattr_init")]
    public static partial int PosixSpawnAttrInit(nint* attributes);

    [LibraryImport(Libraries.LibSystem, EntryPoint = "posix_spawnattr_setflags")]
    public static partial int PosixSpawnAttrSetFlags(nint* attributes, short flags);

    [LibraryImport(Libraries.LibSystem, EntryPoint = "posix_spawnattr_setsigdefault")]
    public static partial int PosixSpawnAttrSetSigDefault(nint* attributes, uint* signals);

    [LibraryImport(Libraries.LibSystem, EntryPoint = "posix_spawnattr_setsigmask")]
    public static partial int PosixSpawnAttrSetSigMask(nint* attributes, uint* signals);

    [LibraryImport(Libraries.LibSystem, EntryPoint = "posix_spawnattr_destroy")]
    public static partial int PosixSpawnAttrDestroy(nint* attributes);
}
