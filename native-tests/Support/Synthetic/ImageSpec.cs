// SPDX-License-Identifier: GPL-3.0-or-later
using System.Linq;
using CsCheck;

namespace Austin.Tests.Support.Synthetic;

/// <summary>A str object: one of <see cref="ImageSpec.Texts"/>, compact (inline characters) or not (a data pointer).</summary>
internal sealed record StringSpec(int Text, bool Compact)
{
    public override string ToString() => $"{Text}{(Compact ? "" : "*")}";
}

/// <summary>A code object: its strings, first line, line table (as segments) and prologue length (3.11+).</summary>
internal sealed record CodeSpec(StringSpec Name, StringSpec Qualname, StringSpec File, int FirstLine, Segment[] Segments, int FormSeed, int FirstTraceable)
{
    public override string ToString() =>
        $"code({Name},{Qualname},{File},first={FirstLine},[{string.Join(" ", Segments)}],forms={FormSeed},trace={FirstTraceable})";
}

/// <summary>How a frame looks to the walker.</summary>
internal enum FrameKind
{
    /// <summary>A running frame (3.11+: owner THREAD).</summary>
    Normal,
    /// <summary>3.11+: owner FRAME_OBJECT; shown like a normal frame.</summary>
    OwnedByFrameObject,
    /// <summary>3.11+: owner GENERATOR, shown even before its prologue ends.</summary>
    Generator,
    /// <summary>3.11+: a frame still in its prologue (index &lt; _co_firsttraceable): hidden. Normal before.</summary>
    Incomplete,
    /// <summary>f_lasti = -1 (≤3.10: first line) or an instruction pointer just before the code (3.11+: hidden).</summary>
    NotStarted,
    /// <summary>3.12+: a C-stack shim frame (owner 3): skipped. Normal before.</summary>
    Shim,
}

/// <summary>A frame: which code object (an index taken modulo the code objects) and where in it.</summary>
internal sealed record FrameSpec(int Code, int Unit, FrameKind Kind)
{
    public override string ToString() => $"{Kind}:{Code}@{Unit}";
}

/// <summary>Interpreters of threads of frames (outermost first), plus where things lie and who holds the GIL.</summary>
internal sealed record ImageSpec(
    CodeSpec[] Codes,
    FrameSpec[][][] Interpreters,
    int GilHolder,
    bool CodeTypeKnown,
    int PthreadTidOffset,
    int Scatter)
{
    /// <summary>Names and file names: ASCII, Latin-1, UCS-2 and UCS-4 strings, empty and maximal ones.</summary>
    public static readonly string[] Texts =
    [
        "<module>", "main", "f", "Klass.method", "_bootstrap_inner", "naïve", "función", "δοκιμή", "函数.内部",
        "\U0001D523\U0001D532\U0001D52B\U0001D520", "", "/usr/lib/python3/threading.py", "/tmp/ünïcödé.py", "<string>",
        "<frozen importlib._bootstrap>", "outer.<locals>.inner", new string('x', 300), new string('y', 4096),
        "mixed ÿ and \u0100 and \U0010FFFF",
    ];

    public int ThreadCount => Interpreters.Sum(i => i.Length);

    public override string ToString() =>
        $"image(codes=[{string.Join(", ", Codes.Select(c => c.ToString()))}], " +
        $"interpreters=[{string.Join(" | ", Interpreters.Select(i => string.Join(" / ", i.Select(t => string.Join(" ", t.Select(f => f.ToString()))))))}], " +
        $"gil={GilHolder}, codeTypeKnown={CodeTypeKnown}, tidAt={PthreadTidOffset:x}, scatter={Scatter})";

    private static readonly Gen<StringSpec> s_string =
        Gen.Select(Gen.Int[0, Texts.Length - 1], Gen.Int[0, 3], (t, c) => new StringSpec(t, c != 0));

    private static readonly Gen<Segment> s_segment =
        Gen.Select(Gen.Int[1, 24], Gen.Frequency((6, Gen.Int[-3, 3]), (2, Gen.Int[-200, 200]), (1, Gen.Int[-70000, 70000])), Gen.Int[0, 7],
            (u, d, n) => new Segment(u, d, n == 0));

    private static readonly Gen<CodeSpec> s_code =
        Gen.Select(s_string, s_string, s_string, Gen.Frequency((4, Gen.Int[0, 300]), (1, Gen.Int[0, 1_000_000])),
            s_segment.Array[1, 8], Gen.Int[0, 1000], Gen.Frequency((3, Gen.Const(0)), (1, Gen.Int[1, 12])),
            (n, q, f, first, segments, forms, trace) => new CodeSpec(n, q, f, first, segments, forms, trace));

    private static readonly Gen<FrameSpec> s_frame =
        Gen.Select(Gen.Int[0, 15], Gen.Int[0, 400],
            Gen.Frequency((12, Gen.Const(FrameKind.Normal)), (1, Gen.Const(FrameKind.OwnedByFrameObject)), (2, Gen.Const(FrameKind.Generator)),
                (1, Gen.Const(FrameKind.Incomplete)), (1, Gen.Const(FrameKind.NotStarted)), (2, Gen.Const(FrameKind.Shim))),
            (c, u, k) => new FrameSpec(c, u, k));

    public static readonly Gen<ImageSpec> Generator =
        Gen.Select(
            s_code.Array[1, 6],
            s_frame.Array[0, 7].Array[0, 3].Array[1, 2],
            Gen.Int[-1, 6],
            Gen.Bool,
            Gen.OneOf(0x2d0, 0x2d0, 0x2e0, 0x10),
            Gen.Int[0, 1000],
            (codes, interps, gil, known, tid, scatter) => new ImageSpec(codes, interps, gil, known, tid, scatter));
}
