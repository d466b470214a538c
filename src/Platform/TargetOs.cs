// SPDX-License-Identifier: GPL-3.0-or-later
namespace Austin.Platform;

/// <summary>
/// The operating system a target process runs on. With its architecture, it decides the C ABI of the target's
/// CPython (the size of <c>long</c>, of the runtime's mutexes): see Python/Abi/TargetAbi.cs.
/// </summary>
internal enum TargetOs
{
    Linux,
    Windows,
    MacOS,
}
