// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Text;
using System.Threading;

namespace Austin.Samples;

/// <summary>
/// An asyncio task shown as a thread of its own (--asyncio): its name, and the task that awaits it (its parent), or
/// none. One object per task, name and parent for the whole run, with a stable <see cref="Id"/>, so that a writer
/// keeps what it encodes for a task (a collapsed-format prefix, say) in a table indexed by it, as for a
/// <see cref="Function"/>.
/// </summary>
internal sealed class AsyncTask
{
    /// <summary>Parents followed at most: a chain longer than this (or a loop) is cut there.</summary>
    public const int MaxDepth = 64;

    private static int s_lastId;

    public AsyncTask(byte[] nameUtf8, AsyncTask? parent)
    {
        Id = Interlocked.Increment(ref s_lastId);
        NameUtf8 = nameUtf8;
        Parent = parent;
        Depth = parent is null ? 1 : Math.Min(parent.Depth + 1, MaxDepth);
    }

    /// <summary>1, 2, 3...: dense enough to index a writer's tables.</summary>
    public int Id { get; }

    /// <summary>The task's name (Task.get_name()).</summary>
    public byte[] NameUtf8 { get; }

    /// <summary>The task that awaits this one (directly, through gather(), or as the owner of its TaskGroup).</summary>
    public AsyncTask? Parent { get; }

    /// <summary>How many tasks the chain from the outermost one to this one holds (1 without a parent).</summary>
    public int Depth { get; }

    public string Name => Encoding.UTF8.GetString(NameUtf8);

    /// <summary>The chain of tasks from the outermost one to this one, in <paramref name="chain"/>; returns how many.</summary>
    public int Ancestry(Span<AsyncTask?> chain)
    {
        int n = Math.Min(Depth, chain.Length);
        AsyncTask? task = this;
        for (int i = n - 1; i >= 0 && task is not null; i--, task = task.Parent)
            chain[i] = task;
        return n;
    }

    public override string ToString() => Parent is null ? Name : $"{Parent} > {Name}";
}
