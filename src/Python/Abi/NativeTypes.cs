// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Austin.Python.Abi;

// The C types whose size or alignment differ between the platforms CPython is built for, as the type arguments of
// the ABI structs of this folder (TargetAbi.cs says which platform uses which). C long is a plain int (4 bytes) or
// long (8); the others are opaque: austin never reads into them, it only needs what they occupy. Pointers, size_t,
// Py_ssize_t and the fixed-width integers are 8 bytes or their own width on every 64-bit target: plain fields.

/// <summary>
/// long double where it is 16 bytes aligned to 16: x87 extended precision on x86-64 (System V psABI), IEEE quad on
/// aarch64 Linux. Windows and Apple arm64 make long double a double.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LongDouble16
{
    public Int128 bits;
}

/// <summary>glibc x86-64 pthread_mutex_t (__SIZEOF_PTHREAD_MUTEX_T in bits/pthreadtypes-arch.h): 40 bytes.</summary>
[StructLayout(LayoutKind.Sequential, Size = 40)]
internal struct GlibcX64PthreadMutex
{
    public long __align;
}

/// <summary>glibc aarch64 pthread_mutex_t (__SIZEOF_PTHREAD_MUTEX_T in sysdeps/aarch64/nptl/bits/pthreadtypes-arch.h): 48 bytes.</summary>
[StructLayout(LayoutKind.Sequential, Size = 48)]
internal struct GlibcArm64PthreadMutex
{
    public long __align;
}

/// <summary>glibc pthread_cond_t, every 64-bit architecture (__SIZEOF_PTHREAD_COND_T, bits/pthreadtypes.h): 48 bytes.</summary>
[StructLayout(LayoutKind.Sequential, Size = 48)]
internal struct GlibcPthreadCond
{
    public long __align;
}

/// <summary>macOS pthread_mutex_t, x86-64 and arm64 (sys/_pthread/_pthread_types.h): long __sig + 56 opaque bytes.</summary>
[StructLayout(LayoutKind.Sequential, Size = 64)]
internal struct DarwinPthreadMutex
{
    public long __sig;
}

/// <summary>macOS pthread_cond_t, x86-64 and arm64 (sys/_pthread/_pthread_types.h): long __sig + 40 opaque bytes.</summary>
[StructLayout(LayoutKind.Sequential, Size = 48)]
internal struct DarwinPthreadCond
{
    public long __sig;
}

/// <summary>
/// Windows x64 PyMUTEX_T: CPython emulates its condition variables by default (_PY_EMULATED_WIN_CV 1,
/// Include/internal/pycore_condvar.h; Python/condvar.h before 3.8), and its mutex is then a CRITICAL_SECTION
/// (RTL_CRITICAL_SECTION: DebugInfo, LockCount, RecursionCount, OwningThread, LockSemaphore, SpinCount): 40 bytes.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 40)]
internal struct WindowsCriticalSection
{
    public long DebugInfo;
}

/// <summary>Windows x64 PyCOND_T when emulated (pycore_condvar.h): struct _PyCOND_T { HANDLE sem; int waiting; }.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct WindowsEmulatedCond
{
    public ulong sem;
    public int waiting;
}

// C arrays of the ABI structs, as many elements as the C declaration has.

[InlineArray(2)]
internal struct CArray2<T> where T : unmanaged
{
    public T _element0;
}

[InlineArray(3)]
internal struct CArray3<T> where T : unmanaged
{
    public T _element0;
}

[InlineArray(10)]
internal struct CArray10<T> where T : unmanaged
{
    public T _element0;
}

[InlineArray(32)]
internal struct CArray32<T> where T : unmanaged
{
    public T _element0;
}

[InlineArray(36)]
internal struct CArray36<T> where T : unmanaged
{
    public T _element0;
}

[InlineArray(300)]
internal struct CArray300<T> where T : unmanaged
{
    public T _element0;
}
