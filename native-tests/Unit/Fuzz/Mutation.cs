// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Buffers.Binary;
using System.Linq;
using CsCheck;

using Austin.Tests.Support.Synthetic;

namespace Austin.Tests.Unit.Fuzz;

/// <summary>What a mutation does to the image.</summary>
internal enum MutationKind
{
    /// <summary>Flips one bit of any mapped byte.</summary>
    FlipBit,
    /// <summary>Sets any mapped byte to a value.</summary>
    SetByte,
    /// <summary>Flips one bit of a pointer or integer field.</summary>
    FlipFieldBit,
    /// <summary>Points a pointer slot at any object of the image (type confusion).</summary>
    PointAtObject,
    /// <summary>Points a pointer slot at an object holding a slot of the same kind: frame to frame, thread to thread (cycles).</summary>
    PointAtSameKind,
    /// <summary>Points a pointer slot at the object that holds it (a self-loop).</summary>
    PointAtItself,
    /// <summary>Points a pointer slot at another pointer slot (a pointer read as an object).</summary>
    PointAtSlot,
    /// <summary>Moves a pointer by a few bytes (into the middle of an object, unaligned).</summary>
    NudgePointer,
    /// <summary>Sets a pointer to an awkward value: null, tiny, unmapped, the end of a page, near 2^64.</summary>
    OddPointer,
    /// <summary>Sets an integer field (size, length, state, line, position, owner) to an extreme.</summary>
    ExtremeInteger,
    /// <summary>Unmaps one page (truncation: the object continues into nothing).</summary>
    UnmapPage,
}

/// <summary>
/// One change to a synthetic image. The numbers pick the target modulo what the image has, so that any
/// mutation applies to any image (and CsCheck can shrink them independently). <see cref="Delay"/> &gt; 0
/// applies it only after that many reads of the sample: the target changing while it is read.
/// </summary>
internal sealed record Mutation(MutationKind Kind, uint A, uint B, uint C, int Delay)
{
    public override string ToString() => $"{Kind}({A},{B},{C}{(Delay > 0 ? $",after {Delay} reads" : "")})";

    private static readonly long[] s_extremes =
    [
        0, -1, 1, 2, 3, 4, 255, 256, int.MaxValue, int.MinValue, int.MaxValue - 1, 4096, 4097, 1 << 20, (1 << 20) + 1,
        long.MaxValue, long.MinValue, 0x1_0000_0000, -2,
    ];

    public static readonly Gen<Mutation> Generator =
        Gen.Select(
            Gen.Enum<MutationKind>(), Gen.UInt, Gen.UInt, Gen.UInt,
            Gen.Frequency((4, Gen.Const(0)), (1, Gen.Int[1, 400])),
            (k, a, b, c, d) => new Mutation(k, a, b, c, d));

    /// <summary>1 to 8 mutations.</summary>
    public static readonly Gen<Mutation[]> Several = Generator.Array[1, 8];

    /// <summary>Applies the mutation to <paramref name="memory"/> (a state of <paramref name="image"/>'s memory).</summary>
    public void Apply(SyntheticImage image, FakeMemory memory)
    {
        ulong[] pages = memory.MappedPages.ToArray();
        if (pages.Length == 0) return;
        ulong AnyByte() => pages[A % (uint)pages.Length] + B % FakeMemory.PageSize;
        PointerSlot Slot() => image.PointerSlots[(int)(A % (uint)image.PointerSlots.Count)];

        switch (Kind)
        {
            case MutationKind.FlipBit:
            {
                ulong at = AnyByte();
                if (memory.Peek(at) is byte v) memory.WriteMapped(at, [(byte)(v ^ (1 << (int)(C % 8)))]);
                break;
            }
            case MutationKind.SetByte:
                memory.WriteMapped(AnyByte(), [(byte)C]);
                break;
            case MutationKind.FlipFieldBit:
            {
                bool pointer = B % 2 == 0;
                (ulong at, int width) = pointer
                    ? (Slot().Address, 8)
                    : image.IntFields[(int)(A % (uint)image.IntFields.Count)];
                at += (C / 8) % (uint)width;
                if (memory.Peek(at) is byte v) memory.WriteMapped(at, [(byte)(v ^ (1 << (int)(C % 8)))]);
                break;
            }
            case MutationKind.PointAtObject:
                WritePointer(memory, Slot().Address, image.Objects[(int)(B % (uint)image.Objects.Count)]);
                break;
            case MutationKind.PointAtSameKind:
            {
                PointerSlot slot = Slot();
                PointerSlot[] same = image.PointerSlots.Where(s => s.Kind == slot.Kind).ToArray();
                WritePointer(memory, slot.Address, same[(int)(B % (uint)same.Length)].Owner);
                break;
            }
            case MutationKind.PointAtItself:
                WritePointer(memory, Slot().Address, Slot().Owner);
                break;
            case MutationKind.PointAtSlot:
                WritePointer(memory, Slot().Address, image.PointerSlots[(int)(B % (uint)image.PointerSlots.Count)].Address);
                break;
            case MutationKind.NudgePointer:
            {
                ulong slot = Slot().Address;
                if (TryReadPointer(memory, slot, out ulong value))
                    WritePointer(memory, slot, value + (ulong)(long)((int)(B % 97) - 48));
                break;
            }
            case MutationKind.OddPointer:
            {
                ulong page = pages[B % (uint)pages.Length];
                ulong[] odd =
                [
                    0, 1, 8, 0xfff, 0x1000, page - 8, page + FakeMemory.PageSize - 1, page + FakeMemory.PageSize - 8,
                    ulong.MaxValue, ulong.MaxValue - 7, ulong.MaxValue - 4095, 0x8000_0000_0000_0000, (ulong)C << 3,
                ];
                WritePointer(memory, Slot().Address, odd[(C >> 8) % (uint)odd.Length]);
                break;
            }
            case MutationKind.ExtremeInteger:
            {
                (ulong at, int width) = image.IntFields[(int)(A % (uint)image.IntFields.Count)];
                long value = B % 8 == 7 ? (long)C : s_extremes[B % (uint)s_extremes.Length];
                Span<byte> bytes = stackalloc byte[8];
                BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
                memory.WriteMapped(at, bytes[..width]);
                break;
            }
            case MutationKind.UnmapPage:
                memory.Unmap(pages[A % (uint)pages.Length]);
                break;
        }
    }

    private static void WritePointer(FakeMemory memory, ulong slot, ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        memory.WriteMapped(slot, bytes);
    }

    private static bool TryReadPointer(FakeMemory memory, ulong slot, out ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        value = 0;
        if (!memory.TryRead(slot, bytes)) return false;
        value = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        return true;
    }
}
