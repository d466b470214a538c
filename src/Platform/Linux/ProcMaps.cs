// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace Austin.Platform.Linux;

/// <summary>Why a maps file could (not) be read.</summary>
internal enum ProcMapsStatus : byte
{
    Ok,

    /// <summary>No such process (never existed, or exited).</summary>
    NoProcess,

    /// <summary>Not allowed: reading another user's maps needs ptrace read access (root, or same uid and ptrace_scope).</summary>
    NoPermission,

    IoError,
}

/// <summary>Reader of <c>/proc/PID/maps</c> (proc(5), fs/proc/task_mmu.c <c>show_map_vma</c>).</summary>
/// <remarks>
/// The kernel prints the first five columns separated by single spaces, pads the inode column, then
/// prints the path, which may contain spaces, is absent for anonymous memory, and ends in
/// <c>" (deleted)"</c> for an unlinked file. Newlines inside a path are printed as <c>\012</c>; that
/// escape is kept verbatim, as the kernel gives no way to tell it from a literal backslash.
/// </remarks>
internal static class ProcMaps
{
    private const string DeletedSuffix = " (deleted)";

    /// <summary>
    /// Reads and parses the maps of <paramref name="pid"/> into <paramref name="mappings"/> (appending),
    /// skipping lines that do not parse. Never throws for a missing process or a denied read.
    /// </summary>
    public static ProcMapsStatus TryRead(int pid, List<MemoryMapping> mappings)
    {
        if (pid <= 0)
            return ProcMapsStatus.NoProcess;
        string path = "/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/maps";
        try
        {
            using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
            Parse(reader, mappings);
            return ProcMapsStatus.Ok;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return ProcMapsStatus.NoProcess;
        }
        catch (UnauthorizedAccessException)
        {
            return ProcMapsStatus.NoPermission;
        }
        catch (IOException)
        {
            return ProcMapsStatus.IoError;
        }
    }

    /// <summary>Parses every line of <paramref name="reader"/>; returns how many lines were malformed and skipped.</summary>
    public static int Parse(TextReader reader, List<MemoryMapping> mappings)
    {
        int malformed = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0)
                continue;
            if (TryParseLine(line, out MemoryMapping mapping))
                mappings.Add(mapping);
            else
                malformed++;
        }
        return malformed;
    }

    /// <summary>Parses one maps line (without its newline). False when any of the first five columns is malformed.</summary>
    public static bool TryParseLine(ReadOnlySpan<char> line, out MemoryMapping mapping)
    {
        mapping = default;
        ReadOnlySpan<char> rest = line;
        if (!NextField(ref rest, out ReadOnlySpan<char> range)
            || !NextField(ref rest, out ReadOnlySpan<char> perms)
            || !NextField(ref rest, out ReadOnlySpan<char> offsetText)
            || !NextField(ref rest, out ReadOnlySpan<char> device)
            || !NextField(ref rest, out ReadOnlySpan<char> inodeText))
            return false;

        int dash = range.IndexOf('-');
        int colon = device.IndexOf(':');
        if (dash < 0 || colon < 0
            || !TryHex(range[..dash], out ulong start) || !TryHex(range[(dash + 1)..], out ulong end) || start >= end
            || !TryPermissions(perms, out MapPermissions permissions)
            || !TryHex(offsetText, out ulong offset)
            || !TryHex32(device[..colon], out uint major) || !TryHex32(device[(colon + 1)..], out uint minor)
            || !ulong.TryParse(inodeText, NumberStyles.None, CultureInfo.InvariantCulture, out ulong inode))
            return false;

        // The path is everything after the padding, spaces included.
        ReadOnlySpan<char> path = rest.TrimStart(' ').TrimEnd('\r');
        bool deleted = path.EndsWith(DeletedSuffix, StringComparison.Ordinal);
        if (deleted)
            path = path[..^DeletedSuffix.Length];
        mapping = new MemoryMapping(start, end, permissions, offset, major, minor, inode, path.IsEmpty ? null : path.ToString(), deleted);
        return true;
    }

    /// <summary>
    /// The lowest start among the mappings of <paramref name="path"/> at file offset <paramref name="fileOffset"/>:
    /// step 2 of the load-bias recipe (cpython-internals.md §2.2), where the offset is the first
    /// <c>PT_LOAD</c>'s <c>p_offset</c> rounded down to a page.
    /// </summary>
    public static bool TryFindLowestStart(ReadOnlySpan<MemoryMapping> mappings, string path, ulong fileOffset, out ulong start)
    {
        start = ulong.MaxValue;
        foreach (MemoryMapping m in mappings)
        {
            if (m.Offset == fileOffset && m.Start < start && string.Equals(m.Path, path, StringComparison.Ordinal))
                start = m.Start;
        }
        if (start != ulong.MaxValue)
            return true;
        start = 0;
        return false;
    }

    private static bool NextField(ref ReadOnlySpan<char> rest, out ReadOnlySpan<char> field)
    {
        rest = rest.TrimStart(' ');
        int space = rest.IndexOf(' ');
        field = space < 0 ? rest : rest[..space];
        rest = space < 0 ? [] : rest[space..];
        return !field.IsEmpty;
    }

    private static bool TryHex(ReadOnlySpan<char> text, out ulong value) =>
        ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);

    private static bool TryHex32(ReadOnlySpan<char> text, out uint value) =>
        uint.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);

    private static bool TryPermissions(ReadOnlySpan<char> text, out MapPermissions permissions)
    {
        permissions = MapPermissions.None;
        if (text.Length != 4)
            return false;
        if (!Flag(text[0], 'r', MapPermissions.Read, ref permissions)
            || !Flag(text[1], 'w', MapPermissions.Write, ref permissions)
            || !Flag(text[2], 'x', MapPermissions.Execute, ref permissions))
            return false;
        if (text[3] == 's')
            permissions |= MapPermissions.Shared;
        else if (text[3] != 'p')
            return false;
        return true;
    }

    private static bool Flag(char c, char set, MapPermissions flag, ref MapPermissions permissions)
    {
        if (c == set)
            permissions |= flag;
        return c == set || c == '-';
    }
}
