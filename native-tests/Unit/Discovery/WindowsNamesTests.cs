// SPDX-License-Identifier: GPL-3.0-or-later
using Austin.Python.Abi;
using Austin.Python.Discovery;
using NUnit.Framework;

namespace Austin.Tests.Unit.Discovery;

/// <summary>Windows names its runtime python3XY.dll: discovery takes it for libpython and reads X.Y from it.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
internal sealed class WindowsNamesTests
{
    [TestCase(@"C:\Python312\python312.dll", 3, 12)]
    [TestCase(@"C:\Program Files\Python38\python38.dll", 3, 8)]
    [TestCase(@"Z:\tmp\PYTHON310.DLL", 3, 10)]
    [TestCase(@"C:\Python27\python27.dll", 2, 7)]
    [TestCase(@"C:\build\python314_d.dll", 3, 14)]
    [TestCase("/usr/lib/libpython3.11.so.1.0", 3, 11)]
    public void A_runtime_library_is_recognised_by_its_name(string path, int major, int minor)
    {
        Assert.That(VersionDetector.IsLibPython(path), Is.True);
        string name = path[(path.LastIndexOfAny(['/', '\\']) + 1)..];
        if (VersionDetector.DllVersion(name) is PythonVersion v)
            Assert.That((v.Major, v.Minor), Is.EqualTo((major, minor)));
    }

    [TestCase(@"C:\Python312\python3.dll", TestName = "The stable ABI's python3.dll is not a runtime")]
    [TestCase(@"C:\Python312\python.exe", TestName = "python.exe is not a runtime library")]
    [TestCase(@"C:\Python312\DLLs\_ctypes.pyd", TestName = "An extension module is not a runtime library")]
    [TestCase(@"C:\Windows\System32\pythoncom312.dll", TestName = "pywin32's pythoncom312.dll is not a runtime")]
    public void Other_files_are_not_taken_for_the_runtime(string path) => Assert.That(VersionDetector.IsLibPython(path), Is.False);
}
