// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using Austin.Platform;
using NUnit.Framework;

namespace Austin.Tests.Unit.Platform;

/// <summary>
/// PyInterpreterState_Head() as compilers wrote it, byte for byte, decoded to the address it loads from. The bytes
/// come from real binaries: Debian 12's arm64 python3.11 and libpython3.11.so.1.0 (GCC 12; aarch64-linux-gnu-objdump
/// -d), and Clang 14's objects for -target x86_64-apple-macos11 and arm64-apple-macos11 (-O2, llvm-objdump -d -r),
/// whose relocations are filled in here as the linker would.
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
    public void Debian_arm64_python3_11_loads_the_interpreters_head_from_PyRuntime_directly()
    {
        // 68cf00: adrp x0, a36000; ldr x0, [x0, #32]; ret. _PyRuntime is at 0xa35ff8, interpreters.head at +40.
        byte[] code = Words(0xd0001d40, 0xf9401000, 0xd65f03c0);
        Assert.That(Arm64Getters.Decode(code, 0x68cf00, NoRead), Is.EqualTo(0xa35ff8UL + 40));
    }

    [Test]
    public void Debian_arm64_libpython3_11_loads_the_runtime_s_address_from_its_GOT_slot_then_the_member()
    {
        // 2a3820: adrp x0, 61f000; ldr x0, [x0, #3264]; ldr x0, [x0, #40]; ret. Loaded 0x5500000000 higher.
        const ulong bias = 0x55_0000_0000;
        byte[] code = Words(0x90001be0, 0xf9466000, 0xf9401400, 0xd65f03c0);
        ulong runtime = bias + 0x726f80;
        Assert.That(Arm64Getters.Decode(code, bias + 0x2a3820, Slot(bias + 0x61f000 + 3264, runtime)), Is.EqualTo(runtime + 40));
    }

    [Test]
    public void Apple_clang_arm64_reaches_the_runtime_through_x8_and_a_GOT_slot_or_the_page_of_a_static()
    {
        // adrp x8, GOT page; ldr x8, [x8, #slot]; ldr x0, [x8, #40]; ret (the object's relocations, filled in).
        const ulong function = 0x1_0000_4000;
        uint adrp = 0x90000008 | (1u << 29);   // x8 = the page after the function's (immlo = 1)
        byte[] got = Words(adrp, 0xf9400108 | (0x18u << 10), 0xf9401500, 0xd65f03c0);
        Assert.That(Arm64Getters.Decode(got, function, Slot(0x1_0000_5000 + 0x18 * 8, 0x1_0000_8000)), Is.EqualTo(0x1_0000_8000UL + 40));
        // adrp x8, page; ldr x0, [x8, #lo12]; ret: a static (interp_head).
        byte[] direct = Words(adrp, 0xf9400100 | (2u << 10), 0xd65f03c0);
        Assert.That(Arm64Getters.Decode(direct, function, NoRead), Is.EqualTo(0x1_0000_5000UL + 16));
        // ld64 relaxes the GOT load of a symbol of the same image to an add: adrp x8, page; add x8, x8, #lo12; ldr x0, [x8, #40]; ret.
        byte[] relaxed = Words(adrp, 0x91000108 | (0x123u << 10), 0xf9401500, 0xd65f03c0);
        Assert.That(Arm64Getters.Decode(relaxed, function, NoRead), Is.EqualTo(0x1_0000_5000UL + 0x123 + 40));
    }

    [Test]
    public void An_adrp_reaches_back_a_negative_page_distance()
    {
        // adrp x0, -1 page (immhi all ones, immlo 3); ldr x0, [x0]; ret.
        byte[] code = Words(0x90000000 | (3u << 29) | (0x7ffffu << 5), 0xf9400000, 0xd65f03c0);
        Assert.That(Arm64Getters.Decode(code, 0x40_2345, NoRead), Is.EqualTo(0x40_1000UL));
    }

    [TestCase(new uint[] { 0xd0001d40, 0xf9401001, 0xd65f03c0 }, TestName = "An arm64 getter that loads into another register than x0 decodes to 0")]
    [TestCase(new uint[] { 0xd0001d40, 0xf9401000, 0xd503201f }, TestName = "An arm64 getter that does not return decodes to 0")]
    [TestCase(new uint[] { 0xd0001d40, 0xf9401020, 0xd65f03c0 }, TestName = "An arm64 load from another register than adrp's decodes to 0")]
    [TestCase(new uint[] { 0xb9401000, 0xf9401000, 0xd65f03c0 }, TestName = "An arm64 function that does not start with adrp decodes to 0")]
    [TestCase(new uint[] { 0xd0001d40, 0xf9466000, 0xf9401401, 0xd65f03c0 }, TestName = "An arm64 member load into another register than x0 decodes to 0")]
    public void Other_arm64_code_decodes_to_zero(uint[] instructions)
    {
        Assert.That(Arm64Getters.Decode(Words(instructions), 0x68cf00, _ => 0x1234_0000), Is.Zero);
    }

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
