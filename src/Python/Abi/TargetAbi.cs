// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Austin.Platform;

namespace Austin.Python.Abi;

/// <summary>
/// The C ABI that a CPython build has on one platform (OS x architecture), as far as the structs austin reads
/// depend on it: the size of a pointer, of C long (8 bytes on LP64 Linux and macOS, 4 on LLP64 Windows), of long
/// double, and of the mutex and condition variable of CPython's GIL (PyMUTEX_T, PyCOND_T:
/// Include/internal/pycore_condvar.h). A new platform is a new entry here: its C types (NativeTypes.cs) as type
/// arguments of the one version table, no new code.
/// </summary>
internal sealed class TargetAbi
{
    private readonly Func<TargetAbi, PythonVersion, Layout?> _layouts;

    private TargetAbi(string name, TargetOs os, Architecture architecture, bool measured, int longSize, int longDoubleSize,
        int mutexSize, int condSize, Func<TargetAbi, PythonVersion, Layout?> layouts)
    {
        Name = name;
        Os = os;
        Architecture = architecture;
        Measured = measured;
        LongSize = longSize;
        LongDoubleSize = longDoubleSize;
        MutexSize = mutexSize;
        CondSize = condSize;
        _layouts = layouts;
    }

    public string Name { get; }
    public TargetOs Os { get; }
    public Architecture Architecture { get; }

    /// <summary>Whether native-tests/Unit/Abi checks these layouts against real interpreters' headers.</summary>
    public bool Measured { get; }

    /// <summary>8: the ABI structs hold pointers, size_t and Py_ssize_t in 8-byte fields (64-bit targets only).</summary>
    public int PointerSize => 8;
    public int LongSize { get; }
    public int LongDoubleSize { get; }
    public int MutexSize { get; }
    public int CondSize { get; }

    /// <summary>The layout of a CPython version on this target, or null when austin does not know the version.</summary>
    public Layout? LayoutOf(PythonVersion version) => _layouts(this, version);

    public override string ToString() => Name;

    private static TargetAbi Of<TLong, TLongDouble, TMutex, TCond>(string name, TargetOs os, Architecture architecture, bool measured)
        where TLong : unmanaged where TLongDouble : unmanaged where TMutex : unmanaged where TCond : unmanaged =>
        new(name, os, architecture, measured, Unsafe.SizeOf<TLong>(), Unsafe.SizeOf<TLongDouble>(), Unsafe.SizeOf<TMutex>(),
            Unsafe.SizeOf<TCond>(), VersionTable<TLong, TLongDouble, TMutex, TCond>.For);

    /// <summary>Linux x86-64, glibc: pthread_mutex_t 40, pthread_cond_t 48, x87 long double. Measured.</summary>
    public static TargetAbi LinuxX64 { get; } =
        Of<long, LongDouble16, GlibcX64PthreadMutex, GlibcPthreadCond>("linux-x64 (glibc)", TargetOs.Linux, Architecture.X64, measured: true);

    /// <summary>Linux aarch64, glibc: pthread_mutex_t 48, pthread_cond_t 48, quad long double. Unmeasured.</summary>
    public static TargetAbi LinuxArm64 { get; } =
        Of<long, LongDouble16, GlibcArm64PthreadMutex, GlibcPthreadCond>("linux-arm64 (glibc)", TargetOs.Linux, Architecture.Arm64, measured: false);

    /// <summary>
    /// Windows x64 (LLP64: long is 4 bytes; long double is a double), CPython's emulated condition variables: a
    /// CRITICAL_SECTION and a {HANDLE, int}. Measured for 3.8+: the headers compiled for Windows by MinGW-w64 and the
    /// probe run under Wine (native-tests/Unit/Abi/WindowsAbiOffsetsTests.cs).
    /// </summary>
    public static TargetAbi WindowsX64 { get; } =
        Of<int, double, WindowsCriticalSection, WindowsEmulatedCond>("windows-x64", TargetOs.Windows, Architecture.X64, measured: true);

    /// <summary>macOS x86-64: pthread_mutex_t 64, pthread_cond_t 48, x87 long double. Unmeasured.</summary>
    public static TargetAbi MacOSX64 { get; } =
        Of<long, LongDouble16, DarwinPthreadMutex, DarwinPthreadCond>("macos-x64", TargetOs.MacOS, Architecture.X64, measured: false);

    /// <summary>macOS arm64: pthread_mutex_t 64, pthread_cond_t 48, long double is a double. Unmeasured.</summary>
    public static TargetAbi MacOSArm64 { get; } =
        Of<long, double, DarwinPthreadMutex, DarwinPthreadCond>("macos-arm64", TargetOs.MacOS, Architecture.Arm64, measured: false);

    /// <summary>Every target austin knows.</summary>
    public static TargetAbi[] All => [LinuxX64, LinuxArm64, WindowsX64, MacOSX64, MacOSArm64];

    /// <summary>The ABI of CPython on a process's platform.</summary>
    /// <exception cref="AustinException">austin knows no such platform.</exception>
    public static TargetAbi For(TargetOs os, Architecture architecture)
    {
        foreach (TargetAbi abi in All)
            if (abi.Os == os && abi.Architecture == architecture) return abi;
        throw new AustinException(ExitCodes.DataError, $"austin knows the CPython ABI of no {TargetOsName(os)} {ArchitectureName(architecture)} platform");
    }

    // The enum members' own names (the binary has no reflection data for Enum.ToString).
    private static string TargetOsName(TargetOs os) => os switch
    {
        TargetOs.Linux => nameof(TargetOs.Linux),
        TargetOs.Windows => nameof(TargetOs.Windows),
        TargetOs.MacOS => nameof(TargetOs.MacOS),
        _ => ((int)os).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string ArchitectureName(Architecture architecture) => architecture switch
    {
        Architecture.X64 => nameof(Architecture.X64),
        Architecture.Arm64 => nameof(Architecture.Arm64),
        Architecture.X86 => nameof(Architecture.X86),
        Architecture.Arm => nameof(Architecture.Arm),
        _ => ((int)architecture).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
