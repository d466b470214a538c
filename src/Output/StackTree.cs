// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using Austin.Samples;

namespace Austin.Output;

/// <summary>What a node of a <see cref="StackTree"/> stands for.</summary>
internal enum StackNodeKind : byte
{
    /// <summary>Node 0, above everything.</summary>
    Root,
    /// <summary>A process: <see cref="StackTree.Key"/> is its pid.</summary>
    Process,
    /// <summary>A thread: <see cref="StackTree.Key"/> is its interpreter's id, <see cref="StackTree.Key2"/> its thread id.</summary>
    Thread,
    /// <summary>A frame: <see cref="StackTree.Key"/> is its <see cref="Function.Id"/>, <see cref="StackTree.Key2"/> its line.</summary>
    Frame,
    /// <summary>A stack that could not be read, under its thread.</summary>
    Bad,
}

/// <summary>What a profile can be measured in: the sums a <see cref="StackTree"/> keeps per node.</summary>
internal enum Measure
{
    /// <summary>Thread stacks.</summary>
    Samples,
    /// <summary>Microseconds.</summary>
    Time,
    /// <summary>KB of resident memory gained.</summary>
    MemoryGained,
    /// <summary>KB of resident memory released (as a positive number).</summary>
    MemoryReleased,
}

/// <summary>The sums of one node: the thread stacks that ended there and their metrics.</summary>
internal struct StackMetrics
{
    public long Samples;
    public long Time;
    public long MemoryGained;
    public long MemoryReleased;

    public readonly long this[Measure measure] => measure switch
    {
        Measure.Samples => Samples,
        Measure.Time => Time,
        Measure.MemoryGained => MemoryGained,
        _ => MemoryReleased,
    };

    public void Add(in StackMetrics other)
    {
        Samples += other.Samples;
        Time += other.Time;
        MemoryGained += other.MemoryGained;
        MemoryReleased += other.MemoryReleased;
    }

    public void Add(SampleMetrics metrics)
    {
        Samples++;
        Time += metrics.Time;
        if (metrics.MemoryDelta > 0) MemoryGained += metrics.MemoryDelta;
        else MemoryReleased -= metrics.MemoryDelta;
    }
}

/// <summary>
/// Samples aggregated by stack: a trie of process → thread → frames (outermost first), keyed by
/// (<see cref="Function.Id"/>, line), with the metric sums of the stacks that ended at each node. Identical stacks
/// share their nodes, so the tree grows with distinct stacks, never with samples, and adding a stack seen before
/// allocates nothing (one hash lookup per frame in an open-addressing table over arrays of structs). The picture
/// formats (SVG, speedscope, pprof) and the summary are drawn from it after the last sample.
/// Nodes are numbered in creation order: a parent's number is always below its children's.
/// </summary>
internal sealed class StackTree
{
    private struct Node
    {
        public int Parent;
        public int FirstChild;
        public int NextSibling;
        public StackNodeKind Kind;
        public int Key;
        public long Key2;
        public StackMetrics Own;
    }

    /// <summary>What a sample taken while the garbage collector ran ends with (-g), as the C austin 3.x's <c>:GC:</c> frame.</summary>
    public static readonly Function GarbageCollector = new(":GC:", "");

    private Node[] _nodes = new Node[1024];
    private int _count = 1;          // node 0 is the root
    private int[] _buckets = new int[2048];   // node number + 1; 0 is empty
    private Function?[] _functions = new Function?[1024];

    /// <summary>Nodes in the tree, the root included.</summary>
    public int Count => _count;

    /// <summary>The thread node of the stack added last.</summary>
    public int LastThread { get; private set; }

    /// <summary>Thread stacks added.</summary>
    public long Samples { get; private set; }

    /// <summary>The sums of every stack added.</summary>
    public StackMetrics Total => _total;
    private StackMetrics _total;

    /// <summary>Adds one thread's stack and its metrics; returns the node the stack ended at.</summary>
    public int Add(in ThreadSample sample)
    {
        int node = Child(0, StackNodeKind.Process, sample.Pid, 0);
        node = Child(node, StackNodeKind.Thread, (int)sample.InterpreterId, (long)sample.ThreadId);
        LastThread = node;
        if (sample.IsBad)
        {
            node = Child(node, StackNodeKind.Bad, 0, 0);
        }
        else
        {
            foreach (Frame frame in sample.Frames)
            {
                Remember(frame.Function);
                node = Child(node, StackNodeKind.Frame, frame.Function.Id, frame.Line);
            }
        }
        if (sample.GcCollecting)
        {
            Remember(GarbageCollector);
            node = Child(node, StackNodeKind.Frame, GarbageCollector.Id, 0);
        }
        _nodes[node].Own.Add(sample.Metrics);
        _total.Add(sample.Metrics);
        Samples++;
        return node;
    }

    /// <summary>
    /// A copy of the tree as it is now, for a reader on another thread (the live views): the sampling thread makes it
    /// when asked, so that nobody reads the tree while it grows. It costs a copy of the arrays, no per-node object.
    /// </summary>
    public StackTree Clone()
    {
        var copy = new StackTree
        {
            _nodes = (Node[])_nodes.Clone(),
            _count = _count,
            _buckets = (int[])_buckets.Clone(),
            _functions = (Function?[])_functions.Clone(),
            _total = _total,
            Samples = Samples,
        };
        return copy;
    }

    /// <summary>The thread node a node belongs to (itself for a thread), or 0 above the threads.</summary>
    public int ThreadOf(int node)
    {
        while (node != 0 && _nodes[node].Kind != StackNodeKind.Thread) node = _nodes[node].Parent;
        return node;
    }

    public StackNodeKind Kind(int node) => _nodes[node].Kind;

    public int Parent(int node) => _nodes[node].Parent;

    /// <summary>The first child of <paramref name="node"/>, or 0 (children come in no particular order).</summary>
    public int FirstChild(int node) => _nodes[node].FirstChild;

    /// <summary>The next child of the same parent, or 0.</summary>
    public int NextSibling(int node) => _nodes[node].NextSibling;

    /// <summary>The pid, the interpreter id or the function id (see <see cref="StackNodeKind"/>).</summary>
    public int Key(int node) => _nodes[node].Key;

    /// <summary>The thread id or the line (see <see cref="StackNodeKind"/>).</summary>
    public long Key2(int node) => _nodes[node].Key2;

    /// <summary>The function of a frame node.</summary>
    public Function Function(int node) => _functions[_nodes[node].Key]!;

    /// <summary>The line of a frame node (0 when the interpreter had none).</summary>
    public int Line(int node) => (int)_nodes[node].Key2;

    /// <summary>The sums of the stacks that ended at <paramref name="node"/>.</summary>
    public ref readonly StackMetrics Own(int node) => ref _nodes[node].Own;

    /// <summary>The sums of the stacks that went through each node (its own and its descendants'), by node number.</summary>
    public StackMetrics[] Totals()
    {
        var totals = new StackMetrics[_count];
        for (int i = _count - 1; i >= 0; i--)
        {
            totals[i].Add(_nodes[i].Own);
            if (i > 0) totals[_nodes[i].Parent].Add(totals[i]);
        }
        return totals;
    }

    /// <summary>The children of <paramref name="node"/>, in no particular order.</summary>
    public int[] Children(int node)
    {
        int n = 0;
        for (int c = _nodes[node].FirstChild; c != 0; c = _nodes[c].NextSibling) n++;
        var children = new int[n];
        for (int c = _nodes[node].FirstChild; c != 0; c = _nodes[c].NextSibling) children[--n] = c;
        return children;
    }

    private void Remember(Function function)
    {
        int id = function.Id;
        if (id >= _functions.Length) Array.Resize(ref _functions, Math.Max(id + 1, _functions.Length * 2));
        _functions[id] = function;
    }

    /// <summary>The child of <paramref name="parent"/> with this kind and keys, made when it is new.</summary>
    private int Child(int parent, StackNodeKind kind, int key, long key2)
    {
        int mask = _buckets.Length - 1;
        int slot = (int)(Hash(parent, kind, key, key2) & (uint)mask);
        while (true)
        {
            int found = _buckets[slot] - 1;
            if (found < 0) break;
            ref Node n = ref _nodes[found];
            if (n.Parent == parent && n.Key == key && n.Key2 == key2 && n.Kind == kind) return found;
            slot = (slot + 1) & mask;
        }

        if (_count == _nodes.Length) Array.Resize(ref _nodes, _nodes.Length * 2);
        int made = _count++;
        _nodes[made] = new Node { Parent = parent, Kind = kind, Key = key, Key2 = key2, NextSibling = _nodes[parent].FirstChild };
        _nodes[parent].FirstChild = made;
        _buckets[slot] = made + 1;
        if (_count * 2 > _buckets.Length) Rehash();
        return made;
    }

    private void Rehash()
    {
        _buckets = new int[_buckets.Length * 2];
        int mask = _buckets.Length - 1;
        for (int i = 1; i < _count; i++)
        {
            ref Node n = ref _nodes[i];
            int slot = (int)(Hash(n.Parent, n.Kind, n.Key, n.Key2) & (uint)mask);
            while (_buckets[slot] != 0) slot = (slot + 1) & mask;
            _buckets[slot] = i + 1;
        }
    }

    private static uint Hash(int parent, StackNodeKind kind, int key, long key2)
    {
        ulong h = (ulong)(uint)parent * 0x9E3779B97F4A7C15UL;
        h ^= ((ulong)(uint)key << 8 | (byte)kind) * 0xC2B2AE3D27D4EB4FUL;
        h ^= (ulong)key2 * 0x165667B19E3779F9UL;
        h ^= h >> 29;
        h *= 0xBF58476D1CE4E5B9UL;
        return (uint)(h ^ (h >> 32));
    }
}
