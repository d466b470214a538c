// SPDX-License-Identifier: GPL-3.0-or-later
//
// CPython's configuration on Windows x64 (what its PC/pyconfig.h says when MinGW-w64's GCC compiles against it), as
// far as the structs austin reads depend on it: the Windows and NT-threads switches (the GIL's CRITICAL_SECTION and
// emulated condition variables, pycore_condvar.h), the C type sizes of LLP64 (long is 4 bytes), and no fork() nor
// dlopen() (PyInterpreterState has members under HAVE_FORK and HAVE_DLOPEN). WindowsAbiProbe.cs puts it in place
// of the pyconfig.h of an installed (Linux) include directory, to compile abi_probe.c for Windows. It is written
// here, not copied; compiling the probe with it and with a CPython source tree's own PC/pyconfig.h gives the same
// rows (checked for 3.8 to 3.14 when it was written: AUSTIN_WINDOWS_CPYTHON_SOURCES runs that check in the suite).
#ifndef Py_CONFIG_H
#define Py_CONFIG_H

#include <io.h>
#include <stdio.h>
#include <basetsd.h>

#define MS_WIN32
#define MS_WINDOWS
#define MS_WIN64
#define NT_THREADS
#define WITH_THREAD
#define USE_SOCKET

#if defined(Py_BUILD_CORE) || defined(Py_BUILD_CORE_BUILTIN) || defined(Py_BUILD_CORE_MODULE)
#  define MS_WINDOWS_DESKTOP
#  define HAVE_WINDOWS_CONSOLE_IO 1
#  define NTDDI_VERSION 0x06030000
#  define WINVER 0x0603
#  define _WIN32_WINNT 0x0603
#endif
#define Py_WINVER 0x0603
#define Py_NTDDI 0x06030000

#define COMPILER "[gcc]"
#define PLATFORM "win32"
#define PYD_PLATFORM_TAG "win_amd64"
#define Py_ENABLE_SHARED 1
#define MS_COREDLL 1
#define HAVE_DECLSPEC_DLL

#define LONG_BIT 32
#define WORD_BIT 32
#define SIZEOF_SHORT 2
#define SIZEOF_INT 4
#define SIZEOF_LONG 4
#define ALIGNOF_LONG 4
#define SIZEOF_LONG_LONG 8
#define SIZEOF_FLOAT 4
#define SIZEOF_DOUBLE 8
#define SIZEOF_VOID_P 8
#define SIZEOF_SIZE_T 8
#define ALIGNOF_SIZE_T 8
#define ALIGNOF_MAX_ALIGN_T 8
#define SIZEOF_TIME_T 8
#define SIZEOF_OFF_T 4
#define SIZEOF_FPOS_T 8
#define SIZEOF_HKEY 8
#define SIZEOF_WCHAR_T 2
#define SIZEOF__BOOL 1
#define SIZEOF_PID_T SIZEOF_INT
#define HAVE_LARGEFILE_SUPPORT
#define HAVE_UINTPTR_T 1
#define HAVE_INTPTR_T 1
#define HAVE_PY_SSIZE_T 1
typedef long long Py_ssize_t;
#if !defined(__MINGW32__)
typedef int pid_t;
#endif
#define PY_SSIZE_T_MAX LLONG_MAX
#define PY_LONG_LONG long long
#define PY_LLONG_MIN LLONG_MIN
#define PY_LLONG_MAX LLONG_MAX
#define PY_ULLONG_MAX ULLONG_MAX
#define Py_LL(x) x##LL
#define PY_UINT32_T uint32_t
#define PY_UINT64_T uint64_t
#define PY_INT32_T int32_t
#define PY_INT64_T int64_t
#define DOUBLE_IS_LITTLE_ENDIAN_IEEE754 1

#define STDC_HEADERS 1
#define HAVE_PROTOTYPES
#define HAVE_STDDEF_H 1
#define HAVE_SYS_TYPES_H 1
#define HAVE_SYS_STAT_H 1
#define HAVE_WCHAR_H 1
#define HAVE_ERRNO_H 1
#define HAVE_FCNTL_H 1
#define HAVE_SIGNAL_H 1
#define HAVE_PROCESS_H 1
#define HAVE_IO_H
#define HAVE_CONIO_H 1
#define HAVE_DIRECT_H 1
#define HAVE_CLOCK
#define HAVE_STRERROR
#define HAVE_STRFTIME
#define HAVE_GETPID
#define HAVE_DYNAMIC_LOADING
#define RETSIGTYPE void
#define DONT_HAVE_SIG_ALARM
#define DONT_HAVE_SIG_PAUSE
#define WITH_PYMALLOC 1
#define WITH_FREELISTS 1
#define WITH_DOC_STRINGS 1

#endif /* Py_CONFIG_H */
