// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Austin.Output;
using Austin.Samples;

namespace Austin.Live;

/// <summary>One function's shares in a top table: what it ran itself (own) and with its callees (total).</summary>
internal readonly record struct TopEntry(Function Function, long Own, long Total)
{
    // Its name only: the generated list of members would bring every member type's formatting into the binary.
    public override string ToString() => nameof(TopEntry);
}

/// <summary>
/// What the live views read from a <see cref="LiveSnapshot"/>: its threads, a thread's current stack, the top
/// functions of a thread, and the profile so far in any format. Shares are of the mode's main measure: time (-s: CPU
/// time), or memory gained with -m; -f shows time.
/// </summary>
internal static class ProfileView
{
    /// <summary>The measure shares are of.</summary>
    public static Measure MainMeasure(MetricMode mode) => mode == MetricMode.Memory ? Measure.MemoryGained : Measure.Time;

    /// <summary>The main measure of each node's own stacks, by node number.</summary>
    public static long[] OwnValues(StackTree tree, MetricMode mode)
    {
        Measure measure = MainMeasure(mode);
        var values = new long[tree.Count];
        for (int i = 1; i < values.Length; i++) values[i] = tree.Own(i)[measure];
        return values;
    }

    /// <summary>Every thread node, by process id then thread id.</summary>
    public static List<int> Threads(StackTree tree)
    {
        var threads = new List<int>();
        foreach (int process in tree.Children(0))
            foreach (int thread in tree.Children(process))
                if (tree.Kind(thread) == StackNodeKind.Thread) threads.Add(thread);
        threads.Sort((a, b) =>
        {
            int byPid = tree.Key(tree.Parent(a)).CompareTo(tree.Key(tree.Parent(b)));
            return byPid != 0 ? byPid : ((ulong)tree.Key2(a)).CompareTo((ulong)tree.Key2(b));
        });
        return threads;
    }

    /// <summary>The process ids in the tree.</summary>
    public static List<int> Processes(StackTree tree)
    {
        var pids = new List<int>();
        foreach (int process in tree.Children(0)) pids.Add(tree.Key(process));
        pids.Sort();
        return pids;
    }

    /// <summary>"0x7f3a..." as the collapsed format names a thread.</summary>
    public static string ThreadName(StackTree tree, int thread) => "0x" + ((ulong)tree.Key2(thread)).ToString("x");

    /// <summary>The frame nodes of the stack a thread was last seen in, outermost first (empty for a bad or empty stack).</summary>
    public static List<int> CurrentStack(LiveSnapshot snapshot, int thread)
    {
        var frames = new List<int>();
        if (!snapshot.LastLeaf.TryGetValue(thread, out int node)) return frames;
        StackTree tree = snapshot.Tree;
        for (; node != 0 && node != thread; node = tree.Parent(node))
            if (tree.Kind(node) == StackNodeKind.Frame) frames.Add(node);
        frames.Reverse();
        return frames;
    }

    /// <summary>
    /// The functions of a thread's stacks (of all threads when <paramref name="thread"/> is 0) with their own and total
    /// measures from <paramref name="own"/> (node → value; nodes beyond its length count 0), and their sum. A recursive
    /// function's total counts each stack once.
    /// </summary>
    public static (List<TopEntry> Entries, long Sum) Top(StackTree tree, int thread, long[] own)
    {
        int count = Math.Min(tree.Count, own.Length);
        var totals = new long[count];
        for (int i = count - 1; i > 0; i--)
        {
            totals[i] += own[i];
            int parent = tree.Parent(i);
            if (parent < count) totals[parent] += totals[i];
        }
        var byFunction = new Dictionary<int, (long Own, long Total)>();
        var onPath = new Dictionary<int, int>();
        long sum = 0;
        // Depth-first with an explicit stack: (node, entering) pairs; a function's total counts only its outermost frame.
        var work = new Stack<(int Node, bool Enter)>();
        int[] starts = thread != 0 ? [thread] : tree.Children(0);
        foreach (int start in starts)
        {
            if (start < count) sum += totals[start];
            work.Push((start, true));
        }
        while (work.Count > 0)
        {
            (int node, bool enter) = work.Pop();
            bool frame = tree.Kind(node) == StackNodeKind.Frame;
            int key = frame ? tree.Key(node) : 0;
            if (!enter)
            {
                if (frame && --onPath[key] == 0) onPath.Remove(key);
                continue;
            }
            if (node >= count) continue;
            if (frame)
            {
                byFunction.TryGetValue(key, out (long Own, long Total) entry);
                bool outermost = !onPath.TryGetValue(key, out int depth) || depth == 0;
                byFunction[key] = (entry.Own + own[node], entry.Total + (outermost ? totals[node] : 0));
                onPath[key] = depth + 1;
            }
            work.Push((node, false));
            for (int child = tree.FirstChild(node); child != 0; child = tree.NextSibling(child)) work.Push((child, true));
        }
        var entries = new List<TopEntry>(byFunction.Count);
        var functionOf = new Dictionary<int, Function>();
        for (int i = 1; i < count; i++)
            if (tree.Kind(i) == StackNodeKind.Frame) functionOf.TryAdd(tree.Key(i), tree.Function(i));
        foreach ((int id, (long o, long t)) in byFunction)
            if (o != 0 || t != 0) entries.Add(new TopEntry(functionOf[id], o, t));
        return (entries, sum);
    }

    /// <summary>Writes the profile so far in <paramref name="format"/>.</summary>
    public static void Export(LiveSnapshot snapshot, OutputFormat format, Stream stream)
    {
        ProfileMetadata metadata = snapshot.Metadata ?? new ProfileMetadata { AustinVersion = AustinVersion.Number, Mode = snapshot.Mode, IntervalUs = 0 };
        using ISampleWriter writer = SampleWriterFactory.Create(format, snapshot.Mode, new KeepOpen(stream));
        TreeReplay.Into(writer, snapshot.Tree, metadata, new ProfileStatistics { ThreadSamples = snapshot.Tree.Samples });
    }

    /// <summary>The file a format's profile is saved in: its first ending, collapsed's ".collapsed".</summary>
    public static string FileEnding(OutputFormat format)
    {
        foreach (OutputFormatName entry in OutputFormats.All)
            if (entry.Format == format) return entry.Extensions.Length > 0 ? entry.Extensions[0] : ".collapsed";
        return ".txt";
    }

    /// <summary>"name (file:line)" with the file's base name, as a narrow view shows a frame.</summary>
    public static string Describe(Function function, int line)
    {
        string file = function.File;
        int slash = file.LastIndexOf('/');
        var text = new StringBuilder(function.Name).Append(" (").Append(slash >= 0 ? file[(slash + 1)..] : file);
        if (line > 0) text.Append(':').Append(line);
        return text.Append(')').ToString();
    }

    /// <summary>A stream whose Dispose leaves the inner one open (a writer closes what it writes to).</summary>
    private sealed class KeepOpen(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
    }
}
