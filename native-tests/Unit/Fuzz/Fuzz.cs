// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Globalization;
using CsCheck;
using NUnit.Framework;

using Austin.Tests.Support.Synthetic;

namespace Austin.Tests.Unit.Fuzz;

/// <summary>
/// How many cases a fuzz test tries and from which seed, and the loop that runs them.
/// </summary>
/// <remarks>
/// <para>
/// The normal run is deterministic: every case of every test comes from a fixed base seed, so CI is
/// reproducible and the whole Fuzz folder stays well under 30 s on 2 cores. For a long campaign:
/// </para>
/// <code>
/// AUSTIN_FUZZ_ITERATIONS=200000 AUSTIN_FUZZ_SEED=random \
///   dotnet test native-tests -c Release --filter "FullyQualifiedName~Fuzz"
/// </code>
/// <para>
/// AUSTIN_FUZZ_ITERATIONS replaces every test's own case count; AUSTIN_FUZZ_SEED is a number, or
/// <c>random</c> for a fresh one (it is printed in any failure). Case <c>i</c> of a test uses seed
/// <c>base + i</c>, so <c>AUSTIN_FUZZ_SEED=base+i AUSTIN_FUZZ_ITERATIONS=1</c> replays it alone.
/// A failing case is then shrunk by CsCheck (random search for a smaller input that still fails, for
/// AUSTIN_FUZZ_SHRINK_SECONDS, 10 by default) and both the original and the shrunk input are reported.
/// </para>
/// </remarks>
internal static class Fuzz
{
    public const ulong DefaultSeed = 0x4155_5354_494e; // "AUSTIN"

    private static readonly Lazy<ulong> s_seed = new(() =>
    {
        string? text = Environment.GetEnvironmentVariable("AUSTIN_FUZZ_SEED");
        if (string.IsNullOrWhiteSpace(text)) return DefaultSeed;
        if (text.Equals("random", StringComparison.OrdinalIgnoreCase)) return (ulong)Random.Shared.NextInt64();
        return ulong.Parse(text, CultureInfo.InvariantCulture);
    });

    /// <summary>The base seed of this run.</summary>
    public static ulong Seed => s_seed.Value;

    /// <summary>The number of cases a test runs: AUSTIN_FUZZ_ITERATIONS if set, else <paramref name="defaultCount"/>.</summary>
    public static int Iterations(int defaultCount)
    {
        string? text = Environment.GetEnvironmentVariable("AUSTIN_FUZZ_ITERATIONS");
        return string.IsNullOrWhiteSpace(text) ? defaultCount : int.Parse(text, CultureInfo.InvariantCulture);
    }

    private static int ShrinkSeconds()
    {
        string? text = Environment.GetEnvironmentVariable("AUSTIN_FUZZ_SHRINK_SECONDS");
        return string.IsNullOrWhiteSpace(text) ? 10 : int.Parse(text, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Runs <paramref name="property"/> on <paramref name="defaultCount"/> (or AUSTIN_FUZZ_ITERATIONS) inputs
    /// drawn from <paramref name="gen"/>; the property throws <see cref="PropertyFailed"/> (or anything else)
    /// to fail. NUnit assertions must not be used inside it: they would record every shrinking attempt.
    /// </summary>
    /// <returns>The number of cases run.</returns>
    public static int Check<T>(string name, Gen<T> gen, Action<T> property, int defaultCount, Func<T, string>? print = null)
    {
        int count = Iterations(defaultCount);
        uint stream = Stream(name);
        for (int i = 0; i < count; i++)
        {
            var pcg = new PCG(stream, Seed + (ulong)i);
            string seedText = pcg.ToString();
            T input = gen.Generate(pcg, null, out _);
            try
            {
                property(input);
            }
            catch (Exception e)
            {
                string shown = print is null ? $"{input}" : print(input);
                Assert.Fail($"{name}: case {i} failed (AUSTIN_FUZZ_SEED={Seed + (ulong)i} AUSTIN_FUZZ_ITERATIONS=1 replays it; CsCheck seed {seedText})\n" +
                            $"input: {shown}\n{e}\n\n{Shrink(gen, property, seedText, print)}");
            }
        }
        return count;
    }

    private static string Shrink<T>(Gen<T> gen, Action<T> property, string seed, Func<T, string>? print)
    {
        int seconds = ShrinkSeconds();
        if (seconds <= 0) return "(not shrunk: AUSTIN_FUZZ_SHRINK_SECONDS=0)";
        try
        {
            gen.Sample(property, seed: seed, time: seconds, threads: 1, print: print);
            return "(the failure did not reproduce under CsCheck)";
        }
        catch (Exception e)
        {
            return "shrunk by CsCheck: " + e.Message;
        }
    }

    /// <summary>A stable per-test stream (string.GetHashCode is randomised per process).</summary>
    private static uint Stream(string name)
    {
        uint h = 2166136261;
        foreach (char c in name) h = (h ^ c) * 16777619;
        return h;
    }
}

/// <summary>A property of a fuzz case does not hold.</summary>
internal sealed class PropertyFailed(string message) : Exception(message);
