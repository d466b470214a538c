// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Austin.Python.Abi;
using NUnit.Framework;

namespace Austin.Tests.Unit.Abi;

/// <summary>
/// Another target ABI moves exactly the offsets its C types move, and nothing else: a 4-byte long (Windows) moves
/// what follows thread_id and native_thread_id, larger mutexes (glibc aarch64, macOS) what follows the GIL in
/// the 3.7-3.11 runtime, an 8-byte long double (Windows, Apple arm64) the whole 3.7 runtime after its GC state.
/// The expected moves are worked out by hand from the headers, as the comments say.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
internal sealed class TargetAbiTests
{
    private static readonly (int Major, int Minor)[] Versions =
        [(2, 7), (3, 3), (3, 4), (3, 5), (3, 6), (3, 7), (3, 8), (3, 9), (3, 10), (3, 11), (3, 12), (3, 13), (3, 14)];

    /// <summary>Every number of a layout, named Family.Member (Thread.NativeId).</summary>
    private static Dictionary<string, long> Numbers(Layout layout)
    {
        var numbers = new Dictionary<string, long>();
        foreach (PropertyInfo family in typeof(Layout).GetProperties().Where(p => p.Name is not (nameof(Layout.Version) or nameof(Layout.Abi))))
        {
            object? value = family.GetValue(layout);
            if (value is null || family.PropertyType.IsPrimitive) continue;
            foreach (PropertyInfo member in family.PropertyType.GetProperties(BindingFlags.Instance | BindingFlags.Public))
                if (member.GetValue(value) is int or ulong or bool)
                    numbers[$"{family.Name}.{member.Name}"] = System.Convert.ToInt64(member.GetValue(value), System.Globalization.CultureInfo.InvariantCulture);
        }
        return numbers;
    }

    /// <summary>How much each number of <paramref name="abi"/>'s layout of a version differs from linux-x64's.</summary>
    private static Dictionary<string, long> Moves(TargetAbi abi, PythonVersion v)
    {
        Dictionary<string, long> ours = Numbers(abi.LayoutOf(v)!), x64 = Numbers(TargetAbi.LinuxX64.LayoutOf(v)!);
        return ours.Where(kv => kv.Value != x64[kv.Key]).ToDictionary(kv => kv.Key, kv => kv.Value - x64[kv.Key]);
    }

    /// <summary>The moves the headers give, against linux-x64 (long 8, long double 16, mutex 40, cond 48).</summary>
    private static Dictionary<string, long> Expected(TargetAbi abi, PythonVersion v)
    {
        var moves = new Dictionary<string, long>();
        bool gilInRuntime = v.Major == 3 && v.Minor is >= 7 and <= 11;
        void Runtime(long lastHolderAndLocked, long tstateCurrentAndSize)
        {
            if (lastHolderAndLocked != 0) moves["Runtime.GilLastHolder"] = moves["Runtime.GilLocked"] = lastHolderAndLocked;
            // 3.7's gc.collecting follows the four generations that shrink with long double: it moves with the GIL.
            if (lastHolderAndLocked != 0 && v.Minor == 7) moves["Runtime.GcCollecting"] = lastHolderAndLocked;
            moves["Runtime.TstateCurrent"] = moves["Runtime.Size"] = tstateCurrentAndSize;
        }
        if (abi == TargetAbi.LinuxArm64 && gilInRuntime)
            Runtime(0, +16);   // _gil_runtime_state holds two pthread_mutex_t of 48 bytes, not 40
        if (abi == TargetAbi.MacOSX64 && gilInRuntime)
            Runtime(0, +48);   // two mutexes of 64 bytes, not 40
        if (abi == TargetAbi.MacOSArm64 && gilInRuntime)
            // 3.7: PyGC_Head is 24 bytes aligned to 8 when long double is a double, not 32 aligned to 16: the GC state
            // (4 of them in it) shrinks from 352 to 272 bytes and starts at 312, not 320; then the mutexes add 48.
            Runtime(v.Minor == 7 ? -88 : 0, v.Minor == 7 ? -88 + 48 : +48);
        if (abi == TargetAbi.WindowsX64)
        {
            moves["Thread.LongSize"] = -4;
            if (v.Major == 2)
                moves["String.BytesData"] = -4;   // PyStringObject.ob_shash is a long
            if (gilInRuntime)
                // The GIL is 136 bytes, not 208: interval and switch_number are 4-byte longs, CRITICAL_SECTION is 40
                // bytes and the emulated PyCOND_T 16. 3.7 also loses 88 bytes of GC state (long double is a double).
                Runtime(v.Minor == 7 ? -88 : 0, v.Minor == 7 ? -88 - 72 : -72);
            if (v.Major == 3 && v.Minor >= 11)
            {
                // native_thread_id follows a 4-byte thread_id, and the next member (an int in 3.11, a struct
                // _py_trashcan in 3.12, a pointer in 3.13) starts 8 bytes earlier.
                moves["Thread.NativeId"] = -4;
                moves["Thread.DatastackChunk"] = moves["Thread.Size"] = -8;
                // 3.13: the running loop of _PyThreadStateImpl follows the whole thread state.
                if (v.Minor == 13)
                    moves["Asyncio.ThreadStateLoop"] = -8;
            }
            if (v.Major == 3 && v.Minor >= 13)
                // PyInterpreterState._whence is a long: threads.head and everything after it move by 8.
                moves["Interpreter.ThreadsHead"] = moves["Interpreter.GcCollecting"] = moves["Interpreter.Modules"] = moves["Interpreter.Size"] = -8;
        }
        return moves;
    }

    private static IEnumerable<TestCaseData> Cases() =>
        from abi in TargetAbi.All
        where abi != TargetAbi.LinuxX64
        from v in Versions
        select new TestCaseData(abi, new PythonVersion(v.Major, v.Minor))
            .SetName($"On {abi.Name}, Python {v.Major}.{v.Minor} moves exactly the offsets its C types move");

    [TestCaseSource(nameof(Cases))]
    public void Another_target_moves_exactly_the_offsets_its_C_types_move(TargetAbi abi, PythonVersion v)
    {
        Dictionary<string, long> moves = Moves(abi, v), expected = Expected(abi, v);
        Assert.That(moves, Is.EquivalentTo(expected),
            $"moved: {string.Join(", ", moves.Select(kv => $"{kv.Key} {kv.Value:+#;-#}"))}; expected: {string.Join(", ", expected.Select(kv => $"{kv.Key} {kv.Value:+#;-#}"))}");
    }

    [Test]
    public void With_a_4_byte_long_what_follows_thread_id_moves_and_thread_ids_are_read_at_4_bytes()
    {
        ThreadLayout windows = TargetAbi.WindowsX64.LayoutOf(new PythonVersion(3, 13))!.Thread;
        ThreadLayout linux = TargetAbi.LinuxX64.LayoutOf(new PythonVersion(3, 13))!.Thread;
        Assert.That((windows.Id, windows.NativeId, windows.DatastackChunk), Is.EqualTo((152, 156, 224)));
        Assert.That((linux.Id, linux.NativeId, linux.DatastackChunk), Is.EqualTo((152, 160, 232)));

        byte[] tstate = new byte[windows.Size];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(tstate.AsSpan(152), 0x1234);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(tstate.AsSpan(156), 0x5678);
        Assert.That((windows.IdOf(tstate), windows.NativeIdOf(tstate)), Is.EqualTo((0x1234UL, 0x5678UL)));
    }

    private static IEnumerable<TestCaseData> EveryLayout() =>
        from abi in TargetAbi.All
        from v in Versions
        select new TestCaseData(abi, new PythonVersion(v.Major, v.Minor))
            .SetName($"On {abi.Name}, every field of the Python {v.Major}.{v.Minor} layout lies inside what is read");

    [TestCaseSource(nameof(EveryLayout))]
    public void Every_field_of_every_target_lies_inside_what_is_read(TargetAbi abi, PythonVersion v)
    {
        Layout layout = abi.LayoutOf(v)!;
        Assert.That((layout.Abi, layout.Version, layout.Inconsistency()), Is.EqualTo((abi, v, (string?)null)));
    }

    [Test]
    public void Only_linux_x64_and_windows_x64_are_measured_and_every_target_is_64_bit()
    {
        Assert.That(TargetAbi.All.Where(abi => abi.Measured), Is.EqualTo(new[] { TargetAbi.LinuxX64, TargetAbi.WindowsX64 }));
        Assert.That(TargetAbi.All.Select(abi => abi.PointerSize), Is.All.EqualTo(8));
    }
}
