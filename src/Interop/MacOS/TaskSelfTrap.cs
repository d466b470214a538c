// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.InteropServices;

namespace Austin.Interop.MacOS;

internal static partial class Mach
{
    /// <summary>
    /// task_self_trap (mach/mach_traps.h): austin's own task port, what the mach_task_self() macro reads from the
    /// mach_task_self_ variable. A function, so that no exported variable has to be looked up; called once.
    /// </summary>
    [LibraryImport(Libraries.LibSystem, EntryPoint = "task_self_trap")]
    public static partial uint TaskSelfTrap();
}
