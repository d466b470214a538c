// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Austin.Samples;
using Austin.Python.Abi;
using Austin.Python.LineTables;
using Austin.Python.Model;

namespace Austin.Tests.Support.Synthetic;

/// <summary>A frame as the sampler must print it.</summary>
internal sealed record ExpectedFrame(string Name, string File, int Line)
{
    public override string ToString() => $"{Short(Name)} ({Short(File)}):{Line}";

    private static string Short(string s) => s.Length <= 40 ? s : $"{s[..8]}…[{s.Length} chars]";
}

/// <summary>A thread as the sampler must report it.</summary>
internal sealed record ExpectedThread(long InterpreterId, ulong ThreadId, ulong NativeId, bool HoldsGil, ExpectedFrame[] Frames)
{
    public override string ToString() => $"i{InterpreterId}/{ThreadId:x}/{NativeId}{(HoldsGil ? " gil" : "")}: {string.Join(";", Frames.Select(f => f.ToString()))}";
}

/// <summary>
/// A CPython process image in a <see cref="FakeMemory"/>, laid out with one version's <see cref="Layout"/>:
/// the runtime (or interp_head), interpreters, thread states, frames (frame objects, or _PyCFrame and
/// interpreter frames), code objects, str/bytes objects, type objects and struct pthread blocks. It also
/// records what a mutation can aim at: every pointer slot, every object, every integer field.
/// </summary>
internal sealed class SyntheticImage
{
    // Object header offsets common to every supported version (internals doc §4.1, §4.9).
    private const int ObRefcnt = 0, ObType = 8, ObSize = 16, TpName = 24;
    private const int UnicodeLength = 16, UnicodeState = 32;
    private const int GilLastHolder = 8, GilLocked = 16;
    private const int PthreadSize = 0x800;
    private const int MinimumObjectSize = 96; // RemoteStrings reads up to 80 bytes of any str header

    private const ulong HeapBase = 0x0000_5600_0000_0000;
    private const ulong LibBase = 0x0000_7f10_0000_0000;
    private const ulong StackBase = 0x0000_7f20_0000_0000;

    private readonly ImageSpec _spec;
    private readonly Random _scatter;
    private readonly Dictionary<char, ulong> _next;
    private readonly bool _py2;
    private readonly bool _interpreterFrames;
    private ulong _codeType, _strType, _bytesType, _frameType, _none, _shimCode;
    private readonly List<ulong> _codes = new();
    private readonly List<LineTableEncoder> _tables = new();

    public FakeMemory Memory { get; } = new();
    public Layout Layout { get; }
    public ulong HeadPointer { get; private set; }
    /// <summary>What discovery would pass as PyCode_Type: its address, or 0 to make the cache learn it from tp_name.</summary>
    public ulong CodeTypeArgument { get; private set; }
    /// <summary>&amp;_PyThreadState_Current (≤3.6), else 0.</summary>
    public ulong ThreadStateCurrent { get; private set; }
    /// <summary>The PID to give <see cref="SyntheticRuntime.LearnPthreadTidOffset"/>: the first thread's TID.</summary>
    public int Pid { get; private set; }

    public List<ExpectedThread> Expected { get; } = new();
    /// <summary>Interpreter states, in list order.</summary>
    public List<ulong> Interpreters { get; } = new();
    /// <summary>Thread states, in the order they are sampled.</summary>
    public List<ulong> ThreadStates { get; } = new();
    /// <summary>Each thread's innermost frame (0: none), by thread.</summary>
    public List<ulong> InnermostFrames { get; } = new();
    /// <summary>Every code object's (name, file) as the sampler prints it.</summary>
    public HashSet<Function> KnownSymbols { get; } = new(FunctionComparer.Instance);

    /// <summary>Every pointer written: where, what kind of field, and the object it belongs to.</summary>
    public List<PointerSlot> PointerSlots { get; } = new();
    public List<ulong> Objects { get; } = new();
    public List<(ulong Address, int Width)> IntFields { get; } = new();

    /// <param name="bases">Where the heap, the library data and the stacks start; Linux-like addresses by default. A
    /// Windows process under Wine gets others (Wine's own Linux mappings sit where Linux puts libraries).</param>
    public SyntheticImage(Layout layout, ImageSpec spec, (ulong Heap, ulong Lib, ulong Stack)? bases = null)
    {
        (ulong heap, ulong lib, ulong stack) = bases ?? (HeapBase, LibBase, StackBase);
        _next = new() { ['h'] = heap, ['l'] = lib, ['s'] = stack };
        Layout = layout;
        _spec = spec;
        _scatter = new Random(spec.Scatter);
        _py2 = layout.String.Py2Strings;
        _interpreterFrames = layout.Frame.Model == FrameModel.InterpreterFrames;
        BuildTypes();
        foreach (CodeSpec code in spec.Codes) BuildCode(code);
        if (_interpreterFrames && layout.Frame.OwnerSkipFrom > 0 && !HasNoneEntryFrames)
            _shimCode = BuildCodeObject(Str("<interpreter trampoline>", true), Str("<interpreter trampoline>", true), Str("<shim>", true), 0, [0x80], 1, 0, symbol: true);
        BuildRuntime();
    }

    /// <summary>3.13+: the entry frame's f_executable is None; 3.12 uses a shim code object.</summary>
    private bool HasNoneEntryFrames => Layout.Version.AtLeast(3, 13);

    /// <summary>A runtime over this image, as discovery would build it, wanting native ids and the GIL holder.</summary>
    public SyntheticRuntime NewRuntime() => new(this);

    // ---- allocation and recorded writes ----

    private ulong Alloc(char region, int size, bool record = true)
    {
        ulong at = _next[region];
        if (_scatter.Next(8) == 0) at += (ulong)_scatter.Next(1, 8) * 16;                   // a little slack
        if (_scatter.Next(40) == 0) at = (at / FakeMemory.PageSize + 2) * FakeMemory.PageSize; // an unmapped hole
        at = (at + 15) & ~15UL;
        size = Math.Max(size, MinimumObjectSize);
        Memory.Map(at, size);
        _next[region] = at + (ulong)size;
        if (record) Objects.Add(at);
        return at;
    }

    private void Ptr(ulong owner, int offset, ulong value, string kind)
    {
        Memory.WriteU64(owner + (ulong)offset, value);
        PointerSlots.Add(new PointerSlot(owner + (ulong)offset, owner, kind));
    }

    private void Int(ulong at, long value, int width)
    {
        switch (width)
        {
            case 1: Memory.WriteU8(at, (byte)value); break;
            case 4: Memory.WriteI32(at, (int)value); break;
            default: Memory.WriteI64(at, value); break;
        }
        IntFields.Add((at, width));
    }

    private ulong CString(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text + "\0");
        ulong at = Alloc('l', bytes.Length, record: false);
        Memory.Write(at, bytes);
        return at;
    }

    private ulong TypeObject(string name)
    {
        ulong type = Alloc('l', 416);
        Int(type + ObRefcnt, 1, 8);
        Ptr(type, TpName, CString(name), "tp_name");
        return type;
    }

    private void BuildTypes()
    {
        _codeType = TypeObject("code");
        _strType = TypeObject("str");
        _bytesType = TypeObject(_py2 ? "str" : "bytes");
        _frameType = TypeObject("frame");
        ulong noneType = TypeObject("NoneType");
        _none = Alloc('l', 16);
        Int(_none + ObRefcnt, 1, 8);
        Ptr(_none, ObType, noneType, "ob_type");
        // Decoys: a type named "cod" and one named "codex" must not pass for code.
        TypeObject("cod");
        TypeObject("codex");
        CodeTypeArgument = _spec.CodeTypeKnown ? _codeType : 0;
    }

    // ---- strings ----

    /// <summary>Adds a str object (2.7: a str, i.e. bytes of the UTF-8 text) to the image.</summary>
    public ulong AddString(string text, bool compact) => Str(text, compact);

    private ulong Str(string text, bool compact) => _py2 ? Py2String(text) : Unicode(text, compact);

    private ulong Py2String(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        ulong at = Alloc('h', Layout.String.BytesData + bytes.Length + 1);
        Int(at + ObRefcnt, 1, 8);
        Ptr(at, ObType, _strType, "ob_type");
        Int(at + ObSize, bytes.Length, 8);
        Memory.Write(at + (ulong)Layout.String.BytesData, bytes);
        return at;
    }

    private ulong Unicode(string text, bool compact)
    {
        int[] points = text.EnumerateRunes().Select(r => r.Value).ToArray();
        int max = points.Length == 0 ? 0 : points.Max();
        bool ascii = max < 128;
        int kind = max < 256 ? 1 : max < 65536 ? 2 : 4;
        byte[] data = new byte[(points.Length + 1) * kind];
        for (int i = 0; i < points.Length; i++)
            for (int b = 0; b < kind; b++) data[i * kind + b] = (byte)(points[i] >> (8 * b));

        int header = compact ? (ascii ? Layout.String.AsciiSize : Layout.String.CompactSize) : Layout.String.DataPointer + 8;
        ulong at = Alloc('h', header + (compact ? data.Length : 0));
        Int(at + ObRefcnt, 1, 8);
        Ptr(at, ObType, _strType, "ob_type");
        Int(at + UnicodeLength, points.Length, 8);
        uint state = (uint)(kind << 2) | (compact ? 1u << 5 : 0) | (ascii ? 1u << 6 : 0) | 1u << 7;
        Int(at + UnicodeState, state, 4);
        if (compact)
        {
            Memory.Write(at + (ulong)header, data);
        }
        else
        {
            ulong buffer = Alloc('h', data.Length);
            Memory.Write(buffer, data);
            Ptr(at, Layout.String.DataPointer, buffer, "str.data");
        }
        return at;
    }

    private ulong Bytes(byte[] content)
    {
        ulong at = Alloc('h', Layout.String.BytesData + content.Length + 1);
        Int(at + ObRefcnt, 1, 8);
        Ptr(at, ObType, _bytesType, "ob_type");
        Int(at + ObSize, content.Length, 8);
        Memory.Write(at + (ulong)Layout.String.BytesData, content);
        return at;
    }

    // ---- code objects ----

    private void BuildCode(CodeSpec spec)
    {
        var table = new LineTableEncoder(Layout.Code.TableFormat, spec.FirstLine, spec.Segments);
        byte[] encoded = table.Encode(new Random(spec.FormSeed));
        int trace = Layout.Code.FirstTraceable >= 0 ? spec.FirstTraceable % table.Units : 0;
        string name = ImageSpec.Texts[spec.Name.Text], qualname = ImageSpec.Texts[spec.Qualname.Text], file = ImageSpec.Texts[spec.File.Text];
        ulong code = BuildCodeObject(
            Str(name, spec.Name.Compact), Str(qualname, spec.Qualname.Compact), Str(file, spec.File.Compact),
            spec.FirstLine, encoded, table.Units, trace, symbol: false);
        KnownSymbols.Add(new Function(Layout.Code.Qualname >= 0 ? qualname : name, file));
        _codes.Add(code);
        _tables.Add(table);
    }

    private ulong BuildCodeObject(ulong name, ulong qualname, ulong file, int firstLine, byte[] table, int units, int firstTraceable, bool symbol)
    {
        int size = Layout.Code.Adaptive >= 0 ? Layout.Code.Adaptive + 2 * units : Layout.Code.Size;
        ulong code = Alloc('h', Math.Max(size, Layout.Code.Size));
        Int(code + ObRefcnt, 1, 8);
        Ptr(code, ObType, _codeType, "ob_type");
        if (Layout.Code.Adaptive >= 0) Int(code + ObSize, units, 8);
        Int(code + (ulong)Layout.Code.FirstLineno, firstLine, 4);
        Ptr(code, Layout.Code.Name, name, "code.name");
        if (Layout.Code.Qualname >= 0) Ptr(code, Layout.Code.Qualname, qualname, "code.qualname");
        Ptr(code, Layout.Code.Filename, file, "code.filename");
        Ptr(code, Layout.Code.LineTable, Bytes(table), "code.linetable");
        if (Layout.Code.FirstTraceable >= 0) Int(code + (ulong)Layout.Code.FirstTraceable, firstTraceable, 4);
        if (symbol) KnownSymbols.Add(new Function("<interpreter trampoline>", "<shim>"));
        return code;
    }

    // ---- frames, threads, interpreters, runtime ----

    private sealed record BuiltFrame(ulong Address, ExpectedFrame? Shown);

    private BuiltFrame BuildFrame(FrameSpec spec, ulong back)
    {
        int index = ((spec.Code % _codes.Count) + _codes.Count) % _codes.Count;
        ulong code = _codes[index];
        LineTableEncoder table = _tables[index];
        CodeSpec codeSpec = _spec.Codes[index];
        int units = table.Units;
        int trace = Layout.Code.FirstTraceable >= 0 ? codeSpec.FirstTraceable % units : 0;
        FrameKind kind = spec.Kind;
        if (!_interpreterFrames || (kind == FrameKind.Shim && Layout.Frame.OwnerSkipFrom == 0))
            kind = kind is FrameKind.NotStarted ? kind : FrameKind.Normal;
        if (kind == FrameKind.Incomplete && trace == 0) kind = FrameKind.NotStarted;

        // Positions run past the end of the table by two units: those have no line (lnotab: the last one).
        int unit = kind switch
        {
            FrameKind.NotStarted => -1,
            FrameKind.Incomplete => spec.Unit % trace,
            FrameKind.Generator => -1 + spec.Unit % (units + 3),
            _ => trace + spec.Unit % (units + 2 - trace),
        };
        string name = ImageSpec.Texts[(Layout.Code.Qualname >= 0 ? codeSpec.Qualname : codeSpec.Name).Text];
        string file = ImageSpec.Texts[codeSpec.File.Text];
        bool hidden = _interpreterFrames && kind is FrameKind.Incomplete or FrameKind.NotStarted or FrameKind.Shim;
        ExpectedFrame? shown = hidden ? null : new ExpectedFrame(name, file, table.ExpectedLine(unit));

        if (!_interpreterFrames)
        {
            ulong frame = Alloc('h', Math.Max(Layout.Frame.Size, 128));
            Int(frame + ObRefcnt, 1, 8);
            Ptr(frame, ObType, _frameType, "ob_type");
            Ptr(frame, Layout.Frame.Back, back, "frame.back");
            Ptr(frame, Layout.Frame.Code, code, "frame.code");
            Int(frame + (ulong)Layout.Frame.Instr, table.Position(unit), 4);
            return new BuiltFrame(frame, shown);
        }

        ulong iframe = Alloc('s', Layout.Frame.Size + 16);
        Ptr(iframe, Layout.Frame.Back, back, "frame.back");
        int owner = kind switch { FrameKind.Generator => 1, FrameKind.OwnedByFrameObject => 2, FrameKind.Shim => 3, _ => 0 };
        Int(iframe + (ulong)Layout.Frame.Owner, owner, 1);
        if (kind == FrameKind.Shim)
        {
            Ptr(iframe, Layout.Frame.Code, HasNoneEntryFrames ? _none : _shimCode, "frame.code");
            Ptr(iframe, Layout.Frame.Instr, HasNoneEntryFrames ? 0 : _shimCode + (ulong)Layout.Code.Adaptive, "frame.instr");
            return new BuiltFrame(iframe, null);
        }
        // 3.14: f_executable is a _PyStackRef whose low bits are tags (internals doc §4.7).
        Ptr(iframe, Layout.Frame.Code, code | (Layout.Frame.CodeTagMask & (ulong)(1 + spec.Unit % 3)), "frame.code");
        Ptr(iframe, Layout.Frame.Instr, (ulong)((long)code + Layout.Code.Adaptive + 2L * unit), "frame.instr");
        return new BuiltFrame(iframe, shown);
    }

    /// <summary>Builds a thread's frames, outermost first, and returns the innermost one (0 for none).</summary>
    private ulong BuildFrames(FrameSpec[] frames, List<ExpectedFrame> shown)
    {
        ulong back = 0;
        foreach (FrameSpec f in frames)
        {
            BuiltFrame built = BuildFrame(f, back);
            if (built.Shown is not null) shown.Add(built.Shown);
            back = built.Address;
        }
        return back;
    }

    private void BuildRuntime()
    {
        ulong runtime = 0;
        if (Layout.Runtime.InterpretersHead >= 0)
        {
            runtime = Alloc('l', Math.Max(Layout.Runtime.Size, Layout.Runtime.InterpretersHead + 8));
            if (Layout.Version.AtLeast(3, 13)) Memory.Write(runtime, "xdebugpy"u8);
            HeadPointer = runtime + (ulong)Layout.Runtime.InterpretersHead;
        }
        else
        {
            HeadPointer = Alloc('l', 8);          // interp_head
            ThreadStateCurrent = Alloc('l', 8);   // _PyThreadState_Current
        }

        List<ulong> interpreters = Interpreters;
        List<ulong> threadAddresses = ThreadStates;
        int tid = 4000;
        ulong gilState = 0;
        foreach (FrameSpec[][] threads in _spec.Interpreters)
        {
            ulong interp = Alloc('h', Layout.Interpreter.Size);
            // CPython links each new interpreter at the head of the list: the head has the highest id, the main
            // interpreter (id 0) comes last. Before 3.7 there is no id, and the sampler numbers them in list order.
            long interpreterId = Layout.Interpreter.Id >= 0 ? _spec.Interpreters.Length - 1 - interpreters.Count : interpreters.Count;
            if (Layout.Interpreter.Id >= 0) Int(interp + (ulong)Layout.Interpreter.Id, interpreterId, 8);
            interpreters.Add(interp);
            if (Layout.Interpreter.CevalGil >= 0)
            {
                // One GIL that every interpreter points to: the main interpreter's, which sub-interpreters made with
                // the legacy configuration (Py_NewInterpreter) share.
                if (gilState == 0) gilState = Alloc('h', 64);
                Ptr(interp, Layout.Interpreter.CevalGil, gilState, "interp.gil");
            }
            ulong previous = 0;
            if (threads.Length == 0) Ptr(interp, Layout.Interpreter.ThreadsHead, 0, "interp.threads");
            foreach (FrameSpec[] frames in threads)
            {
                ulong thread = Alloc('h', Layout.Thread.Size);
                ulong pthread = Alloc('l', PthreadSize);
                int nativeId = ++tid;
                if (Pid == 0) Pid = nativeId;
                Int(pthread + (ulong)_spec.PthreadTidOffset, nativeId, 4);
                Ptr(thread, Layout.Thread.Interp, interp, "thread.interp");
                Int(thread + (ulong)Layout.Thread.Id, (long)pthread, 8);
                if (Layout.Thread.NativeId >= 0) Int(thread + (ulong)Layout.Thread.NativeId, nativeId, 8);

                var shown = new List<ExpectedFrame>();
                ulong innermost = BuildFrames(frames, shown);
                if (Layout.Thread.FrameIsCFrame)
                {
                    ulong cframe = Alloc('s', 24);
                    Ptr(cframe, Layout.Thread.CFrameCurrentFrame, innermost, "cframe.current_frame");
                    Ptr(thread, Layout.Thread.Frame, cframe, "thread.frame");
                }
                else
                {
                    Ptr(thread, Layout.Thread.Frame, innermost, "thread.frame");
                }
                if (previous == 0) Ptr(interp, Layout.Interpreter.ThreadsHead, thread, "interp.threads");
                else Ptr(previous, Layout.Thread.Next, thread, "thread.next");
                Ptr(thread, Layout.Thread.Next, 0, "thread.next");
                previous = thread;

                threadAddresses.Add(thread);
                InnermostFrames.Add(innermost);
                Expected.Add(new ExpectedThread(interpreterId, (ulong)pthread, (ulong)nativeId, false, shown.ToArray()));
            }
        }
        for (int i = 0; i < interpreters.Count; i++)
        {
            if (i == 0) Ptr(HeadPointer, 0, interpreters[0], "runtime.interpreters_head");
            else Ptr(interpreters[i - 1], Layout.Interpreter.Next, interpreters[i], "interp.next");
            Ptr(interpreters[i], Layout.Interpreter.Next, 0, "interp.next");
        }

        // ≤3.10 keep no TID: the sampler finds it in struct pthread, at the offset LearnPthreadTidOffset(Pid) finds
        // in the head interpreter's threads, else at glibc 2.36's 0x2d0.
        if (Layout.Thread.NativeId < 0)
        {
            int offset = _spec.Interpreters[0].Length > 0 ? _spec.PthreadTidOffset : 0x2d0;
            if (offset != _spec.PthreadTidOffset)
                for (int i = 0; i < Expected.Count; i++) Expected[i] = Expected[i] with { NativeId = 0 };
        }

        ulong holder = _spec.GilHolder >= 0 && _spec.GilHolder < threadAddresses.Count ? threadAddresses[_spec.GilHolder] : 0;
        if (holder != 0) Expected[_spec.GilHolder] = Expected[_spec.GilHolder] with { HoldsGil = true };
        if (Layout.Runtime.TstateCurrent >= 0) Ptr(runtime, Layout.Runtime.TstateCurrent, holder, "runtime.tstate_current");
        else if (Layout.Interpreter.CevalGil >= 0)
        {
            Ptr(gilState, GilLastHolder, holder != 0 ? holder : threadAddresses.FirstOrDefault(), "gil.last_holder");
            Int(gilState + GilLocked, holder != 0 ? 1 : 0, 4);
            // Nobody holds it: the memory of -m/-f goes to the thread that held it last.
            if (holder == 0 && threadAddresses.Count > 0) Expected[0] = Expected[0] with { HoldsGil = true };
        }
        else if (ThreadStateCurrent != 0) Ptr(ThreadStateCurrent, 0, holder, "tstate_current");
    }
}

/// <summary>A pointer field of the image: its address, the object holding it, and its kind ("frame.back", ...).</summary>
internal readonly record struct PointerSlot(ulong Address, ulong Owner, string Kind);

/// <summary>Compares functions by their name and file bytes (not their ids), without allocating.</summary>
internal sealed class FunctionComparer : IEqualityComparer<Function>
{
    public static readonly FunctionComparer Instance = new();

    public bool Equals(Function? x, Function? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && x.NameUtf8.AsSpan().SequenceEqual(y.NameUtf8) && x.FileUtf8.AsSpan().SequenceEqual(y.FileUtf8));

    public int GetHashCode(Function obj)
    {
        var hash = new HashCode();
        hash.AddBytes(obj.NameUtf8);
        hash.AddBytes(obj.FileUtf8);
        return hash.ToHashCode();
    }
}
