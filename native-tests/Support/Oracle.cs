// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;

namespace Austin.Tests.Support;

/// <summary>
/// What a target wrote about itself once every thread was parked (target_support.py): the interpreter's own
/// view of every thread's stack, from <c>sys._current_frames()</c>, an answer independent of austin.
/// </summary>
/// <param name="Pid">The target's process id.</param>
/// <param name="Version">The target interpreter's version.</param>
/// <param name="Executable">Its <c>sys.executable</c>.</param>
/// <param name="Roles">Role (<c>main</c>, <c>alpha</c>, <c>deep</c>, ..., <c>reporter</c>) to thread id, in austin's
/// spelling (lowercase hex of <c>threading.get_ident()</c>).</param>
/// <param name="Threads">Thread id to frames, outermost first, names as austin must print them.</param>
public sealed record Oracle(
    int Pid,
    PythonVersion Version,
    string Executable,
    IReadOnlyDictionary<string, string> Roles,
    IReadOnlyDictionary<string, IReadOnlyList<Frame>> Threads)
{
    /// <summary>The role of the thread that took the snapshot: it is running, not parked.</summary>
    public const string Reporter = "reporter";

    /// <summary>The thread id of a role; fails the test when the target has no such role.</summary>
    public string ThreadOf(string role)
    {
        if (!Roles.TryGetValue(role, out string? tid))
            Assert.Fail($"the oracle has no thread for role '{role}' (roles: {string.Join(", ", Roles.Keys.Order(StringComparer.Ordinal))})");
        return tid!;
    }

    /// <summary>The interpreter's own view of a role's stack.</summary>
    public IReadOnlyList<Frame> StackOf(string role)
    {
        string tid = ThreadOf(role);
        if (!Threads.TryGetValue(tid, out IReadOnlyList<Frame>? frames))
            Assert.Fail($"the oracle lists no stack for thread {tid} (role '{role}')");
        return frames!;
    }

    /// <summary>Reads an oracle file; fails the test, saying so, when the target never wrote it.</summary>
    public static Oracle Load(string path)
    {
        if (!File.Exists(path))
            Assert.Fail($"the target wrote no oracle to {path}: it never had all its threads parked");
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        JsonElement root = document.RootElement;

        int[] version = root.GetProperty("version").EnumerateArray().Select(part => part.GetInt32()).ToArray();
        var roles = root.GetProperty("roles").EnumerateObject()
            .ToDictionary(role => role.Name, role => role.Value.GetString()!, StringComparer.Ordinal);
        var threads = root.GetProperty("threads").EnumerateObject()
            .ToDictionary(
                thread => thread.Name,
                thread => (IReadOnlyList<Frame>)thread.Value.EnumerateArray()
                    .Select(frame => new Frame(frame[0].GetString()!, frame[1].GetString()!, frame[2].GetInt32()))
                    .ToArray(),
                StringComparer.Ordinal);
        return new Oracle(
            root.GetProperty("pid").GetInt32(),
            new PythonVersion(version[0], version[1], version[2]),
            root.GetProperty("executable").GetString() ?? "",
            roles,
            threads);
    }
}
