// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzing the discovery decoders: X64Getters.Decode and Arm64Getters.Decode (PyInterpreterState_Head), VersionDetector.FindVersionText,
// VersionDetector.NameVersion/IsLibPython and PythonVersion.TryParse. Bounded in the normal run; for a long
// campaign: AUSTIN_FUZZ_ITERATIONS=1000000 AUSTIN_FUZZ_SEED=random dotnet test ... (see Fuzz.cs).
using System;
using System.Text;
using Austin.Python.Abi;
using Austin.Platform;
using Austin.Python.Discovery;
using CsCheck;
using NUnit.Framework;

using Austin.Tests.Support.Synthetic;

namespace Austin.Tests.Unit.Fuzz;

[TestFixture]
[Parallelizable(ParallelScope.All)]
internal sealed class DiscoveryFuzzTests
{
    private static readonly Gen<ulong> s_address =
        Gen.Frequency((3, Gen.ULong[0x5500_0000_0000, 0x7fff_ffff_0000]), (1, Gen.OneOf(0UL, 1UL, ulong.MaxValue, ulong.MaxValue - 6, 0x8000_0000_0000_0000)), (1, Gen.ULong));

    [Test]
    public void Any_machine_code_decodes_to_an_address_or_zero_without_throwing()
    {
        var gen = Gen.Select(Gen.Byte.Array[0, 24], s_address, Gen.ULong, Gen.Int[0, 3]);
        int cases = Fuzz.Check("head function, garbage", gen, input =>
        {
            (byte[] code, ulong function, ulong pointer, int prefix) = input;
            // A quarter of the time each, make it start like one of the recognised forms so that the rest is reached.
            byte[][] starts = [[], [0x48, 0x8b, 0x05], [0x48, 0x8b, 0x05, 1, 2, 3, 4, 0x48, 0x8b, 0x40], [0x48, 0x8b, 0x05, 1, 2, 3, 4, 0x48, 0x8b, 0x80]];
            byte[] start = starts[prefix];
            start.AsSpan(0, Math.Min(start.Length, code.Length)).CopyTo(code);
            X64Getters.Decode(code, function, _ => pointer);
        }, defaultCount: 20_000, print: i => $"{Convert.ToHexString(i.Item1)} at {i.Item2:x}, [slot]={i.Item3:x}, prefix {i.Item4}");
        TestContext.Out.WriteLine($"{cases} functions");
    }

    [Test]
    public void Any_arm64_machine_code_decodes_to_an_address_or_zero_without_throwing()
    {
        var gen = Gen.Select(Gen.UInt.Array[0, 6], s_address, Gen.ULong, Gen.Int[0, 3]);
        int cases = Fuzz.Check("arm64 head function, garbage", gen, input =>
        {
            (uint[] words, ulong function, ulong pointer, int prefix) = input;
            // Most of the time, make it start with adrp, then a load or an add, so that the rest is reached.
            if (prefix > 0 && words.Length > 0) words[0] = 0x90000000 | (words[0] & 0x60ffffe0);
            if (prefix > 1 && words.Length > 1) words[1] = (prefix == 2 ? 0xf9400000 : 0x91000000) | (words[1] & 0x003fffff);
            byte[] code = new byte[words.Length * 4];
            Buffer.BlockCopy(words, 0, code, 0, code.Length);
            Arm64Getters.Decode(code, function, _ => pointer);
        }, defaultCount: 20_000, print: i => $"{string.Join(' ', Array.ConvertAll(i.Item1, w => w.ToString("x8")))} at {i.Item2:x}, [slot]={i.Item3:x}, prefix {i.Item4}");
        TestContext.Out.WriteLine($"{cases} functions");
    }

    [Test]
    public void The_three_compiled_forms_of_PyInterpreterState_Head_decode_exactly()
    {
        var gen = Gen.Select(Gen.Int[0, 2], s_address, Gen.Int, Gen.Int, Gen.ULong, Gen.Byte.Array[0, 8]);
        int cases = Fuzz.Check("head function, forms", gen, input =>
        {
            (int form, ulong function, int rip, int displacement, ulong runtime, byte[] tail) = input;
            ulong slot = unchecked(function + 7 + (ulong)(long)rip);
            var code = new System.Collections.Generic.List<byte> { 0x48, 0x8b, 0x05 };
            code.AddRange(BitConverter.GetBytes(rip));
            ulong expected;
            switch (form)
            {
                case 0: // mov rax,[rip+d32]; ret
                    code.Add(0xc3);
                    expected = slot;
                    break;
                case 1: // mov rax,[rip+d32]; mov rax,[rax+d8]; ret
                    code.AddRange([0x48, 0x8b, 0x40, (byte)displacement, 0xc3]);
                    expected = runtime == 0 ? 0 : unchecked(runtime + (ulong)(long)(sbyte)displacement);
                    break;
                default: // mov rax,[rip+d32]; mov rax,[rax+d32]; ret
                    code.AddRange([0x48, 0x8b, 0x80]);
                    code.AddRange(BitConverter.GetBytes(displacement));
                    code.Add(0xc3);
                    expected = runtime == 0 ? 0 : unchecked(runtime + (ulong)(long)displacement);
                    break;
            }
            code.AddRange(tail);
            while (code.Count < 16) code.Add(0xcc); // what a 16-byte read of a short function brings along
            ulong decoded = X64Getters.Decode(code.ToArray(), function, a => a == slot ? runtime : throw new PropertyFailed($"read {a:x}, not the slot {slot:x}"));
            if (decoded != expected) throw new PropertyFailed($"decoded {decoded:x}, expected {expected:x}");
        }, defaultCount: 5000);
        TestContext.Out.WriteLine($"{cases} functions");
    }

    [Test]
    public void Any_bytes_scanned_for_sys_version_give_a_version_or_nothing_without_throwing()
    {
        int cases = Fuzz.Check("version text, garbage", Gen.Byte.Array[0, 2000], block =>
        {
            if (VersionDetector.FindVersionText(block) is PythonVersion v && (v.Micro < 0 || v.Major is not (2 or 3)))
                throw new PropertyFailed($"found {v}");
        }, defaultCount: 3000, print: Convert.ToHexString);
        TestContext.Out.WriteLine($"{cases} blocks");
    }

    [Test]
    public void A_sys_version_text_in_any_surroundings_is_found()
    {
        string[] texts =
        [
            "3.11.7 (main, Dec  8 2023, 14:22:46) [GCC 13.2.1 20231205]", "2.7.18 (default, Jul  1 2022, 12:27:04) \n[GCC 11.2.0]",
            "3.13.0rc1 (main, Aug  1 2024, 00:00:00) [Clang 16.0.0 ]", "3.12.1+ (heads/3.12:abc, Jan 1 2024, 00:00:00) [GCC 12.2.0]",
        ];
        // Garbage that holds no '2' or '3' can hold no other version text.
        var noise = Gen.Byte.Where(b => b is not ((byte)'2' or (byte)'3')).Array[0, 600];
        var gen = Gen.Select(noise, noise, Gen.Int[0, texts.Length - 1]);
        int cases = Fuzz.Check("version text, embedded", gen, input =>
        {
            (byte[] before, byte[] after, int which) = input;
            byte[] block = [.. before, 0, .. Encoding.ASCII.GetBytes(texts[which]), 0, .. after];
            PythonVersion.TryParse(texts[which], out PythonVersion expected);
            if (VersionDetector.FindVersionText(block) is not PythonVersion found || found != expected)
                throw new PropertyFailed($"found {VersionDetector.FindVersionText(block)}, expected {expected}");
        }, defaultCount: 2000);
        TestContext.Out.WriteLine($"{cases} blocks");
    }

    private static readonly Gen<string> s_name =
        Gen.Frequency(
                (3, Gen.OneOf("libpython", "python", "3", ".", "11", "1", "so", "-", "/", "\0", "ß", "10000", "99999", "")),
                (1, Gen.Char.Select(c => c.ToString())))
            .Array[0, 12]
            .Select(parts => string.Concat(parts));

    [Test]
    public void Any_file_name_gives_a_version_or_nothing_without_throwing()
    {
        int cases = Fuzz.Check("file names", s_name, name =>
        {
            VersionDetector.IsLibPython(name);
            VersionDetector.IsLibPython("/usr/lib/" + name);
            foreach (bool anywhere in new[] { true, false })
                foreach (string prefix in new[] { "libpython", "python" })
                    if (VersionDetector.NameVersion(name, prefix, anywhere) is PythonVersion v && (v.Major > 9999 || v.Minor > 9999 || v.Major < 0 || v.Minor < 0))
                        throw new PropertyFailed($"{v}");
            PythonVersion.TryParse(name, out _);
        }, defaultCount: 5000, print: n => $"\"{n}\"");
        TestContext.Out.WriteLine($"{cases} names");
    }

    [TestCase("libpython3.11.so.1.0", "libpython", true, "3.11")]
    [TestCase("libpython3.13t.so", "libpython", true, "3.13")]
    [TestCase("python2.7", "python", false, "2.7")]
    [TestCase("python3", "python", false, null)]
    [TestCase("libpython3.so", "libpython", true, null)]
    [TestCase("xpython3.12", "python", false, null)]
    [TestCase("python99999.1", "python", false, null)]
    public void A_file_name_gives_its_version(string name, string prefix, bool anywhere, string? expected)
    {
        PythonVersion? v = VersionDetector.NameVersion(name, prefix, anywhere);
        Assert.That(v is PythonVersion p ? $"{p.Major}.{p.Minor}" : null, Is.EqualTo(expected));
    }
}
