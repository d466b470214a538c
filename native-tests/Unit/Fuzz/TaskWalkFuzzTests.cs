// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzing the asyncio task walk (TaskWalker, RemoteObjects) over garbage: memory where words point into it, at type
// objects named as the walker looks for (so that it takes every path), at one event loop, or hold small numbers or
// noise; and, over it, the skeleton of a set of tasks (weak references to tasks of the loop, with coroutines and str
// names), some of whose words the garbage then overwrites. Bounded in the normal run; for a long campaign see Fuzz.cs.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Austin.Python.Abi;
using Austin.Python.Model;
using Austin.Python.Walkers;
using CsCheck;
using NUnit.Framework;

namespace Austin.Tests.Unit.Fuzz;

[TestFixture]
[Parallelizable(ParallelScope.All)]
internal sealed class TaskWalkFuzzTests
{
    private const ulong Base = 0x0000_7e00_0000_0000;
    private const int Pages = 16;
    private const int Size = Pages * FakeMemory.PageSize;
    private const int TypeSize = 1024;

    /// <summary>More than any walk of this memory may take: a walk that reads on and on is unbounded.</summary>
    private const long ReadBudget = 200_000;

    private static readonly string[] TypeNames =
        ["_asyncio.Task", "coroutine", "generator", "_GatheringFuture", "TaskGroup", "method", "str", "int", "list", "tuple", "set", "other"];

    public static IEnumerable<TestCaseData> Cases() =>
        new[] { 11, 12, 13 }.Select(minor => new TestCaseData(minor).SetName($"The task walk of Python 3.{minor} over garbage never throws, hangs or reads without bound"));

    /// <summary>The seed of the garbage and how much of it points where.</summary>
    internal sealed record Garbage(int Seed, int Pointers, int Typed, int Loops, int Small, int Mutations)
    {
        public override string ToString() => $"seed {Seed}, pointers {Pointers}%, typed {Typed}%, loops {Loops}%, small {Small}%, {Mutations} words of the skeleton overwritten";
    }

    private static readonly Gen<Garbage> s_garbage = Gen.Select(Gen.Int, Gen.Int[0, 60], Gen.Int[0, 30], Gen.Int[0, 20], Gen.Int[0, 30], Gen.Int[0, 40],
        (seed, pointers, typed, loops, small, mutations) => new Garbage(seed, pointers, typed, loops, small, mutations));

    /// <summary>Where the skeleton lies: the last pages.</summary>
    private const ulong Skeleton = Base + Size - 4 * FakeMemory.PageSize;

    [TestCaseSource(nameof(Cases))]
    public void The_task_walk_over_garbage_never_throws_hangs_or_reads_without_bound(int minor)
    {
        Layout layout = TargetAbi.LinuxX64.LayoutOf(new PythonVersion(3, minor))!;
        AsyncioLayout a = layout.Asyncio!;
        long emitted = 0;
        int cases = Fuzz.Check($"task walk 3.{minor}", s_garbage, g =>
        {
            var random = new Random(g.Seed);
            ulong loop = Base + Size - 64;
            FakeMemory memory = Memory(random, g, a, loop);
            memory.ReadBudget = ReadBudget;
            var strings = new RemoteStrings(memory, layout);
            var walker = new TaskWalker(memory, layout, a, strings, new CodeCache(memory, layout, strings));
            var objects = new RemoteObjects(memory, a, layout.String);
            var visitor = new Counting();
            ulong interp = Anywhere(random), thread = Anywhere(random);
            ulong[] frames = Enumerable.Range(0, 8).Select(_ => Anywhere(random)).ToArray();
            ulong set = PlantSkeleton(memory, random, g, layout, loop, thread);
            byte[] tstate = new byte[layout.Thread.Size];
            memory.TryRead(thread, tstate);
            for (int sample = 0; sample < 3; sample++)
            {
                walker.Know(interp, sample == 0 ? set : Anywhere(random));
                walker.BeginSample();
                walker.BeginInterpreter();
                walker.NoteThread(thread, tstate, 0x1234, frames);
                walker.Walk(interp, 0, visitor);
                ulong at = Anywhere(random);
                objects.DictItem(at, "_children"u8);
                objects.Attribute(at, "_parent_task"u8);
                objects.SetKeys(at, new ulong[64]);
                objects.Items(at, new ulong[64]);
                objects.SmallInt(at);
            }
            if (memory.BudgetExhausted)
                throw new PropertyFailed($"the walk read more than {ReadBudget} times");
            if (visitor.Problem is not null)
                throw new PropertyFailed(visitor.Problem);
            emitted += visitor.Tasks;
        }, defaultCount: 40);
        TestContext.Out.WriteLine($"{cases} cases, {emitted} tasks handed on");
    }

    private static ulong Anywhere(Random random) => Base + (ulong)random.Next(0, Size / 8) * 8;

    /// <summary>
    /// A set of 8 slots whose keys are weak references to tasks of the loop, each with a coroutine (in any frame state,
    /// its frame garbage) and a compact ASCII str for a name, waiting for one another; then some of its words
    /// overwritten with garbage. Returns the set.
    /// </summary>
    private static ulong PlantSkeleton(FakeMemory memory, Random random, Garbage g, Layout layout, ulong loop, ulong thread)
    {
        AsyncioLayout a = layout.Asyncio!;
        ulong TypeNamed(string name) => Base + (ulong)(Array.IndexOf(TypeNames, name) * TypeSize);
        const int Object = 256;
        void Str(ulong at, string text)
        {
            memory.WriteU64(at + 8, TypeNamed("str"));
            memory.WriteU64(at + 16, (ulong)text.Length);
            memory.WriteU32(at + 32, (1u << 2) | (1u << 5) | (1u << 6));   // kind 1, compact, ASCII
            memory.Write(at + (ulong)layout.String.AsciiSize, Encoding.ASCII.GetBytes(text + "\0"));
        }
        // The thread runs the loop: in its thread state (3.13), or in its dict, itself (3.12) or in a holder (3.11).
        ulong dict = Skeleton - 4 * Object, keys = dict + Object, key = keys + Object, holder = key + Object;
        if (a.RunningLoop == RunningLoopModel.InThreadState)
        {
            memory.WriteU64(thread + (ulong)a.ThreadStateLoop, loop);
        }
        else
        {
            memory.WriteU64(thread + (ulong)a.ThreadDict, dict);
            memory.WriteU64(dict + (ulong)a.DictKeys, keys);
            memory.WriteU64(dict + (ulong)a.DictValues, 0);
            memory.WriteU8(keys + (ulong)a.KeysLog2IndexBytes, 3);
            memory.WriteU8(keys + (ulong)a.KeysKind, 1);
            memory.WriteU64(keys + (ulong)a.KeysEntries, 1);
            ulong entry = keys + (ulong)a.KeysSize + 8;
            memory.WriteU64(entry, key);
            memory.WriteU64(entry + 8, a.RunningLoop == RunningLoopModel.InThreadDict ? loop : holder);
            memory.WriteU64(holder + (ulong)Math.Max(a.HolderLoop, 0), loop);
            Str(key, "__asyncio_running_event_loop__");
        }
        ulong set = Skeleton, table = set + Object;
        ulong tasks = table + 8 * 16;
        memory.WriteU64(set + 8, TypeNamed("set"));
        memory.WriteU64(set + (ulong)a.SetMask, 7);
        memory.WriteU64(set + (ulong)a.SetTable, table);
        var taskAddresses = new ulong[8];
        for (int i = 0; i < 8; i++)
            taskAddresses[i] = tasks + (ulong)(i * 4 * Object);
        for (int i = 0; i < 8; i++)
        {
            ulong task = taskAddresses[i], weak = task + Object, coro = weak + Object, name = coro + Object;
            memory.WriteU64(table + (ulong)(i * 16), random.Next(8) == 0 ? 0 : weak);
            memory.WriteU64(table + (ulong)(i * 16) + 8, (ulong)random.Next(0, 1000));
            memory.WriteU64(weak + (ulong)a.WeakRefObject, task);
            memory.WriteU64(task + 8, TypeNamed("_asyncio.Task"));
            memory.WriteI32(task + (ulong)a.TaskState, 0);
            memory.WriteU64(task + (ulong)a.TaskLoop, loop);
            memory.WriteU64(task + (ulong)a.TaskCoro, coro);
            memory.WriteU64(task + (ulong)a.TaskName, name);
            memory.WriteU64(task + (ulong)a.TaskFutWaiter, random.Next(3) == 0 ? 0 : taskAddresses[random.Next(8)]);
            memory.WriteU64(coro + 8, TypeNamed(random.Next(4) == 0 ? "generator" : "coroutine"));
            memory.WriteU8(coro + (ulong)a.GenFrameState, (byte)(sbyte)random.Next(a.FrameCreated, a.FrameCompleted + 1));
            Str(name, "task");
        }
        for (int i = 0; i < g.Mutations; i++)
            memory.WriteU64(dict + (ulong)random.Next(0, (int)(Base + Size - dict) / 8) * 8,
                random.Next(2) == 0 ? Anywhere(random) : (ulong)random.NextInt64());
        return set;
    }

    /// <summary>The garbage: type objects named as the walker looks for first, then words of every kind.</summary>
    private static FakeMemory Memory(Random random, Garbage g, AsyncioLayout a, ulong loop)
    {
        var memory = new FakeMemory();
        memory.Map(Base, Size);
        byte[] noise = new byte[Size];
        random.NextBytes(noise);
        memory.Write(Base, noise);
        var types = new List<ulong>();
        for (int i = 0; i < TypeNames.Length; i++)
        {
            ulong type = Base + (ulong)(i * TypeSize);
            ulong name = type + TypeSize - 32;
            memory.Write(name, Encoding.ASCII.GetBytes(TypeNames[i] + "\0"));
            memory.WriteU64(type + 24, name);
            memory.WriteU64(type + (ulong)a.TypeBase, random.Next(4) == 0 ? Base : 0);
            memory.WriteU64(type + (ulong)a.TypeFlags, (ulong)random.NextInt64() & ((1UL << 9) | a.FlagManagedDict | a.FlagInlineValues | 0xff));
            memory.WriteU64(type + (ulong)a.TypeBasicSize, (ulong)random.Next(0, 512));
            memory.WriteU64(type + (ulong)a.TypeDictOffset, (ulong)random.Next(-32, 256));
            memory.WriteU64(type + (ulong)a.HeapTypeCachedKeys, Anywhere(random));
            types.Add(type);
        }
        for (ulong at = Base + (ulong)(TypeNames.Length * TypeSize); at < Skeleton - 4 * 256; at += 8)
        {
            int roll = random.Next(100);
            ulong word = roll < g.Typed ? types[random.Next(types.Count)]
                : roll < g.Typed + g.Pointers ? Anywhere(random)
                : roll < g.Typed + g.Pointers + g.Loops ? loop
                : roll < g.Typed + g.Pointers + g.Loops + g.Small ? (ulong)random.Next(-4, 64)
                : (ulong)random.NextInt64();
            memory.WriteU64(at, word);
        }
        return memory;
    }

    private sealed class Counting : IThreadVisitor
    {
        public string? Problem;
        public long Tasks;

        public void OnThread(in WalkedThread thread)
        {
            Tasks++;
            if (thread.Task is null) Problem ??= "a task without its model";
            else if (thread.Task.Depth > Austin.Samples.AsyncTask.MaxDepth) Problem ??= $"a chain of {thread.Task.Depth} tasks";
            if (thread.Frames.Length > WalkLimits.MaxFrames) Problem ??= $"{thread.Frames.Length} frames";
            if (thread.ThreadId != 0x1234) Problem ??= $"a task of thread {thread.ThreadId:x}, which runs no loop";
        }
    }
}
