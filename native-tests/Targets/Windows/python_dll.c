// SPDX-License-Identifier: GPL-3.0-or-later
//
// A stand-in for CPython's python3XY.dll, as far as austin's discovery looks at one: it exports _PyRuntime (room
// for the runtime state, which synthetic_host.c fills) and Py_Version. WindowsTarget.cs compiles it with MinGW-w64,
// passing the version and the runtime's size:
//   x86_64-w64-mingw32-gcc -shared -DPY_VERSION_HEX=0x030c00f0 -DRUNTIME_SIZE=... -o python312.dll python_dll.c
__declspec(dllexport) unsigned char _PyRuntime[RUNTIME_SIZE] __attribute__((aligned(64)));
__declspec(dllexport) const unsigned long Py_Version = PY_VERSION_HEX;
