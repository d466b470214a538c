// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using Austin.Platform;
using NUnit.Framework;

namespace Austin.Tests.Unit.Platform;

/// <summary>
/// PyInterpreterState_Head() as compilers wrote it, byte for byte, decoded to the address it loads from. The bytes
/// come from Clang 14's objects for -target x86_64-apple-macos11 (-O2, llvm-objdump -d -r), whose relocations are
/// filled in here as the linker would.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class GetterDecodingTests
{
    private static byte[] Words(params uint[] instructions)
    {
        var bytes = new List<byte>();
        foreach (uint i in instructions) bytes.AddRange(BitConverter.GetBytes(i));
        while (bytes.Count < 16) bytes.Add(0);
        return [.. bytes];
    }

    private static Func<ulong, ulong> Slot(ulong slot, ulong value) =>
        address => address == slot ? value : throw new AssertionException($"read {address:x}, not the slot {slot:x}");

    private static readonly Func<ulong, ulong> NoRead = address => throw new AssertionException($"read {address:x}: no slot to read");

    [Test]
    public void Apple_clang_x86_64_keeps_the_frame_pointer_around_the_GOT_load_and_the_member()
    {
        // push rbp; mov rbp,rsp; mov rax,[rip+d32]; mov rax,[rax+40]; pop rbp; ret
        const ulong function = 0x1_0000_3f00;
        byte[] code = [0x55, 0x48, 0x89, 0xe5, 0x48, 0x8b, 0x05, 0xf9, 0x00, 0x00, 0x00, 0x48, 0x8b, 0x40, 0x28, 0x5d, 0xc3, 0x66, 0x2e, 0x0f, 0x1f, 0x84, 0x00, 0x00];
        ulong slot = function + 11 + 0xf9;
        Assert.That(X64Getters.Decode(code, function, Slot(slot, 0x1_0000_8000)), Is.EqualTo(0x1_0000_8028UL));
    }

    [Test]
    public void Apple_clang_x86_64_returns_a_static_between_push_and_pop_of_rbp()
    {
        // push rbp; mov rbp,rsp; mov rax,[rip+d32]; pop rbp; ret
        byte[] code = [0x55, 0x48, 0x89, 0xe5, 0x48, 0x8b, 0x05, 0x10, 0x00, 0x00, 0x00, 0x5d, 0xc3, 0x0f, 0x1f, 0x00];
        Assert.That(X64Getters.Decode(code, 0x1000, NoRead), Is.EqualTo(0x1000UL + 11 + 0x10));
    }

    [Test]
    public void A_relaxed_GOT_load_is_a_lea_of_the_struct_itself()
    {
        // lea rax,[rip+d32]; mov rax,[rax+40]; ret: no slot to read.
        byte[] code = [0x48, 0x8d, 0x05, 0x00, 0x01, 0x00, 0x00, 0x48, 0x8b, 0x40, 0x28, 0xc3, 0, 0, 0, 0];
        Assert.That(X64Getters.Decode(code, 0x2000, NoRead), Is.EqualTo(0x2000UL + 7 + 0x100 + 40));
    }

    [TestCase(new byte[] { 0x55, 0x48, 0x89, 0xe5, 0x48, 0x8b, 0x05, 0x10, 0x00, 0x00, 0x00, 0xc3, 0, 0, 0, 0 }, TestName = "A framed x86-64 getter that returns without popping rbp decodes to 0")]
    [TestCase(new byte[] { 0x48, 0x8b, 0x05, 0x10, 0x00, 0x00, 0x00, 0x5d, 0xc3, 0, 0, 0 }, TestName = "An x86-64 getter without a frame that pops rbp decodes to 0")]
    [TestCase(new byte[] { 0x48, 0x8d, 0x05, 0x10, 0x00, 0x00, 0x00, 0xc3, 0, 0, 0, 0 }, TestName = "An x86-64 lea returned as it is (an address, not a load) decodes to 0")]
    [TestCase(new byte[] { 0x48, 0x8b, 0x05, 1, 0, 0, 0, 0x48, 0x8b, 0x80, 1, 0 }, TestName = "An x86-64 member load cut short decodes to 0")]
    public void Other_x86_64_code_decodes_to_zero(byte[] code)
    {
        Assert.That(X64Getters.Decode(code, 0x1000, _ => 0x5000), Is.Zero);
    }
}
