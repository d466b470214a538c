// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Austin.Platform.Linux;
using NUnit.Framework;

namespace Austin.Tests.Unit.Platform;

[TestFixture]
[Parallelizable(ParallelScope.All)]
internal sealed class ProcMapsTests
{
    private static MemoryMapping Parse(string line)
    {
        Assert.That(ProcMaps.TryParseLine(line, out MemoryMapping mapping), Is.True, line);
        return mapping;
    }

    [Test]
    public void A_file_mapping_has_every_column()
    {
        MemoryMapping m = Parse("7ff912e00000-7ff912f06000 r--p 00000000 fe:01 1837462                    /root/.pyenv/versions/3.12.1/lib/libpython3.12.so.1.0");
        Assert.That(m, Is.EqualTo(new MemoryMapping(0x7ff912e00000, 0x7ff912f06000, MapPermissions.Read, 0, 0xfe, 1, 1837462,
            "/root/.pyenv/versions/3.12.1/lib/libpython3.12.so.1.0", false)));
        Assert.Multiple(() =>
        {
            Assert.That(m.Size, Is.EqualTo(0x106000UL));
            Assert.That(m.IsAnonymous || m.IsPseudo, Is.False);
            Assert.That(m.Contains(0x7ff912e00000) && m.Contains(0x7ff912f05fff) && !m.Contains(0x7ff912f06000), Is.True);
        });
    }

    [TestCase("r-xp", MapPermissions.Read | MapPermissions.Execute)]
    [TestCase("rw-p", MapPermissions.Read | MapPermissions.Write)]
    [TestCase("rw-s", MapPermissions.Read | MapPermissions.Write | MapPermissions.Shared)]
    [TestCase("---p", MapPermissions.None)]
    [TestCase("rwxs", MapPermissions.Read | MapPermissions.Write | MapPermissions.Execute | MapPermissions.Shared)]
    public void Permissions_are_read_letter_by_letter(string perms, MapPermissions expected)
    {
        Assert.That(Parse($"1000-2000 {perms} 00000000 00:00 0").Permissions, Is.EqualTo(expected));
    }

    [TestCase("5629e9c37000-5629e9c4a000 rw-p 00000000 00:00 0 ", TestName = "An anonymous mapping with the kernel's trailing space has no path")]
    [TestCase("5629e9c37000-5629e9c4a000 rw-p 00000000 00:00 0", TestName = "An anonymous mapping without a trailing space has no path")]
    public void Anonymous_mappings_have_no_path(string line)
    {
        MemoryMapping m = Parse(line);
        Assert.That(m.Path, Is.Null);
        Assert.That(m.IsAnonymous, Is.True);
    }

    [TestCase("[heap]")]
    [TestCase("[stack]")]
    [TestCase("[vdso]")]
    [TestCase("[anon:glibc malloc arena]")]
    public void Pseudo_paths_are_kept_and_flagged(string path)
    {
        MemoryMapping m = Parse("55d1e6f1c000-55d1e6f3d000 rw-p 00000000 00:00 0                          " + path);
        Assert.That(m.Path, Is.EqualTo(path));
        Assert.That(m.IsPseudo, Is.True);
    }

    [Test]
    public void The_vsyscall_page_at_the_top_of_the_address_space_parses()
    {
        MemoryMapping m = Parse("ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]");
        Assert.That((m.Start, m.End), Is.EqualTo((0xffffffffff600000UL, 0xffffffffff601000UL)));
    }

    [Test]
    public void A_path_keeps_its_spaces()
    {
        Assert.That(Parse("1000-2000 r--p 00001000 08:02 42   /tmp/my dir/lib python 3.so").Path, Is.EqualTo("/tmp/my dir/lib python 3.so"));
    }

    [TestCase("/usr/lib/libpython3.12.so.1.0 (deleted)", "/usr/lib/libpython3.12.so.1.0")]
    [TestCase("/memfd:jit code (deleted)", "/memfd:jit code")]
    public void A_deleted_file_loses_the_suffix_and_is_flagged(string shown, string path)
    {
        MemoryMapping m = Parse("1000-2000 r-xp 00000000 00:01 77 " + shown);
        Assert.That((m.Path, m.IsDeleted), Is.EqualTo((path, true)));
    }

    [Test]
    public void Large_device_numbers_and_offsets_parse()
    {
        MemoryMapping m = Parse("1000-2000 r--p 7fffffffff000 103:0a 18446744073709551615 /dev/x");
        Assert.That((m.Offset, m.DeviceMajor, m.DeviceMinor, m.Inode), Is.EqualTo((0x7fffffffff000UL, 0x103U, 0xaU, ulong.MaxValue)));
    }

    [TestCase("", TestName = "An empty line is malformed")]
    [TestCase("garbage", TestName = "A word is malformed")]
    [TestCase("10002000 r--p 00000000 00:00 0", TestName = "A range without a dash is malformed")]
    [TestCase("2000-1000 r--p 00000000 00:00 0", TestName = "A range that ends before it starts is malformed")]
    [TestCase("1000-1000 r--p 00000000 00:00 0", TestName = "An empty range is malformed")]
    [TestCase("-1000 r--p 00000000 00:00 0", TestName = "A range without a start is malformed")]
    [TestCase("0x1000-0x2000 r--p 00000000 00:00 0", TestName = "Hex with a 0x prefix is malformed")]
    [TestCase("1000-10000000000000000 r--p 00000000 00:00 0", TestName = "An address over 64 bits is malformed")]
    [TestCase("1000-2000 rwzp 00000000 00:00 0", TestName = "An unknown permission letter is malformed")]
    [TestCase("1000-2000 rw-q 00000000 00:00 0", TestName = "A sharing letter other than p or s is malformed")]
    [TestCase("1000-2000 rw- 00000000 00:00 0", TestName = "Three permission letters are malformed")]
    [TestCase("1000-2000 r--p 0000zz00 00:00 0", TestName = "A non-hex offset is malformed")]
    [TestCase("1000-2000 r--p 00000000 0000 0", TestName = "A device without a colon is malformed")]
    [TestCase("1000-2000 r--p 00000000 00:00 1a", TestName = "A hex inode is malformed")]
    [TestCase("1000-2000 r--p 00000000 00:00 -1", TestName = "A negative inode is malformed")]
    [TestCase("1000-2000 r--p 00000000 00:00", TestName = "A line without an inode is malformed")]
    public void Malformed_lines_are_rejected(string line)
    {
        Assert.That(ProcMaps.TryParseLine(line, out MemoryMapping m), Is.False);
        Assert.That(m, Is.EqualTo(default(MemoryMapping)));
    }

    [Test]
    public void Parsing_a_text_keeps_the_good_lines_and_counts_the_bad()
    {
        const string text = "1000-2000 r--p 00000000 00:00 0 /a\nnot a line\n\n3000-4000 rw-p 00000000 00:00 0\r\n5000-4000 r--p 0 0:0 0\n";
        var mappings = new List<MemoryMapping>();
        int malformed = ProcMaps.Parse(new StringReader(text), mappings);
        Assert.That(malformed, Is.EqualTo(2));
        Assert.That(mappings.Select(m => (m.Start, m.Path)), Is.EqualTo(new[] { (0x1000UL, (string?)"/a"), (0x3000UL, null) }));
    }

    [Test]
    public void The_maps_of_this_process_parse_completely()
    {
        var mappings = new List<MemoryMapping>();
        Assert.That(ProcMaps.TryRead(Environment.ProcessId, mappings), Is.EqualTo(ProcMapsStatus.Ok));
        string[] lines = File.ReadAllLines($"/proc/{Environment.ProcessId}/maps");
        Assert.Multiple(() =>
        {
            // The process maps and unmaps as it runs: the two reads agree only roughly.
            Assert.That(mappings, Has.Count.GreaterThan(lines.Length / 2));
            Assert.That(mappings.Any(m => m.Path == "[stack]"), Is.True);
            Assert.That(mappings.Any(m => m.Path?.EndsWith("/libcoreclr.so", StringComparison.Ordinal) == true
                && m.Permissions.HasFlag(MapPermissions.Execute)), Is.True, "the runtime's own code");
            Assert.That(mappings.Zip(mappings.Skip(1)).All(p => p.First.End <= p.Second.Start), Is.True, "sorted, not overlapping");
            Assert.That(ProcMaps.Parse(new StringReader(string.Join('\n', lines)), []), Is.Zero, "no line of the real file is malformed");
        });
    }

    [TestCase(0)]
    [TestCase(-5)]
    [TestCase(int.MaxValue)]
    public void A_process_that_does_not_exist_is_reported(int pid)
    {
        var mappings = new List<MemoryMapping>();
        Assert.That(ProcMaps.TryRead(pid, mappings), Is.EqualTo(ProcMapsStatus.NoProcess));
        Assert.That(mappings, Is.Empty);
    }

    [Test]
    public void The_lowest_start_of_a_file_at_an_offset_is_found()
    {
        MemoryMapping[] maps =
        [
            Parse("7f0000200000-7f0000300000 r--p 00000000 fe:01 9 /lib/libpython3.12.so.1.0"),
            Parse("7f0000100000-7f0000200000 r--p 00000000 fe:01 9 /lib/libpython3.12.so.1.0"),
            Parse("7f0000000000-7f0000100000 r--p 00001000 fe:01 9 /lib/libpython3.12.so.1.0"),
            Parse("7e0000000000-7e0000100000 r--p 00000000 fe:01 8 /lib/other.so"),
        ];
        Assert.Multiple(() =>
        {
            Assert.That(ProcMaps.TryFindLowestStart(maps, "/lib/libpython3.12.so.1.0", 0, out ulong start) && start == 0x7f0000100000, Is.True);
            Assert.That(ProcMaps.TryFindLowestStart(maps, "/lib/libpython3.12.so.1.0", 0x2000, out _), Is.False);
            Assert.That(ProcMaps.TryFindLowestStart(maps, "/lib/missing.so", 0, out _), Is.False);
        });
    }
}
