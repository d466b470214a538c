// SPDX-License-Identifier: GPL-3.0-or-later
//
// A Windows program that lays out a CPython memory image and waits: the image (Support/Synthetic/SyntheticImage.cs,
// written to a file by WindowsTarget.cs) is mapped page by page at the addresses it was built for, then the bytes of
// its runtime state are copied into the _PyRuntime that python3XY.dll exports, last, so that a sampler finds the
// interpreters only once everything they point to is in place. It links python3XY.dll as CPython's python.exe does.
//
//   synthetic_host.exe IMAGE MILLISECONDS [PID-FILE]
//
// IMAGE: u64 runtime address in the image, u64 runtime size, u64 page count, then per page a u64 address and 4096
// bytes. The process writes its PID to PID-FILE once the image is in place, sleeps MILLISECONDS and exits 0.
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__declspec(dllimport) extern const unsigned long Py_Version;

static int fail(const char *what)
{
    fprintf(stderr, "synthetic_host: %s (error %lu)\n", what, GetLastError());
    return 2;
}

int main(int argc, char **argv)
{
    if (argc < 3) return fail("usage: synthetic_host IMAGE MILLISECONDS [PID-FILE]");
    FILE *image = fopen(argv[1], "rb");
    unsigned long long header[3];
    if (!image || fread(header, 8, 3, image) != 3) return fail("cannot read the image");
    static unsigned char page[4096];
    for (unsigned long long i = 0; i < header[2]; i++)
    {
        unsigned long long address;
        if (fread(&address, 8, 1, image) != 1 || fread(page, 1, sizeof page, image) != sizeof page) return fail("the image is cut short");
        // Reserve the 64 KB granule the page lies in (Windows reserves at that granularity), then commit the page.
        void *granule = (void *)(address & ~0xffffULL);
        if (!VirtualAlloc(granule, 0x10000, MEM_RESERVE, PAGE_READWRITE) && GetLastError() != ERROR_INVALID_ADDRESS)
            return fail("cannot reserve the image's address range");
        if (!VirtualAlloc((void *)address, sizeof page, MEM_COMMIT, PAGE_READWRITE)) return fail("cannot commit a page of the image");
        memcpy((void *)address, page, sizeof page);
    }
    fclose(image);

    HMODULE python;
    if (!GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT, (LPCSTR)&Py_Version, &python))
        return fail("cannot find the python DLL");
    unsigned char *runtime = (unsigned char *)GetProcAddress(python, "_PyRuntime");
    if (!runtime) return fail("the DLL exports no _PyRuntime");
    memcpy(runtime, (void *)header[0], header[1]);

    if (argc > 3)
    {
        FILE *pid = fopen(argv[3], "w");
        if (!pid) return fail("cannot write the PID file");
        fprintf(pid, "%lu\n", GetCurrentProcessId());
        fclose(pid);
    }
    Sleep((DWORD)atoi(argv[2]));
    return 0;
}
