// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Buffers.Text;
using System.IO;
using Austin.Samples;

namespace Austin.Output;

/// <summary>
/// FlameGraph's collapsed-stack format, as austin 0.7.0 writes it (spec §3):
/// <c>Thread tid;func (file);Lline;... metric</c>, or with -a <c>Thread tid;func (file:line);... metric</c>; with -C
/// (which 0.7.0 did not have) each line starts with <c>Process pid;</c>.
/// With -g, the stack of a thread sampled while the garbage collector ran ends with the frame <c>:GC:</c>.
/// Lines are assembled in one buffer and written in large blocks: no allocation per sample. Each function's
/// <c>;func (file</c> prefix is encoded once and kept by <see cref="Function.Id"/>.
/// An asyncio task (--asyncio) is a line of the thread that runs its loop, whose first frames name the tasks from the
/// outermost one that awaits it down to itself, <c>Thread tid;Task main;Task worker;func (file);Lline...</c>, so that
/// a flame graph shows each task under the task that awaits it; the prefix is encoded once per task.
/// </summary>
internal sealed class CollapsedWriter : ISampleWriter
{
    private const int BufferSize = 64 * 1024;
    private readonly Stream _stream;
    private readonly bool _alternative;
    private readonly MetricMode _mode;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _used;
    private byte[]?[] _prefixes = new byte[]?[1024];
    private byte[]?[] _taskPrefixes = new byte[]?[64];
    private bool _processes;
    private long _bufferWrites;

    // A thread's stack is most often the one it had at its previous sample: the text of its frames is kept (in a
    // small cache indexed by thread, replaced on collision) and copied when the functions and lines are the same.
    private const int RememberedThreads = 16;
    private const int MaxRememberedText = 16 * 1024;
    private readonly LastStack[] _lastStacks = new LastStack[RememberedThreads];

    private sealed class LastStack
    {
        public int Pid;
        public ulong ThreadId;
        public int Count = -1;
        public int[] Functions = new int[64];
        public int[] Lines = new int[64];
        /// <summary>Where each frame's text ends in <see cref="Text"/>.</summary>
        public int[] Ends = new int[64];
        public byte[] Text = new byte[2048];
    }

    public CollapsedWriter(Stream stream, bool alternative, MetricMode mode)
    {
        _stream = stream;
        _alternative = alternative;
        _mode = mode;
    }

    /// <summary>The collapsed format has no header; with -C, each line says which process it is of.</summary>
    public void Begin(ProfileMetadata metadata) => _processes = metadata.Children;

    public void WriteMetadata(string key, string value) { }

    public void End(ProfileStatistics statistics) { }

    public void Write(in ThreadSample sample)
    {
        if (_processes) WriteProcess(sample.Pid);
        WriteThread(sample.ThreadId);
        if (sample.Task is AsyncTask task) Append(TaskPrefix(task));
        if (sample.IsBad)
        {
            Append(";Bad sample"u8);
        }
        else
        {
            WriteFrames(sample.Pid, sample.ThreadId, sample.Frames);
        }
        // -g: the C austin 3.x ends the stack of every thread with the frame ":GC:" while the collector runs; its
        // text format has no room for a file or a line in it, so neither has ours, in both collapsed formats.
        if (sample.GcCollecting) Append(";:GC:"u8);
        WriteMetrics(sample.Metrics);
    }

    /// <summary>
    /// The frames of a stack: those it shares with the thread's previous stack, from the outermost to the first that
    /// differs (a busy thread's innermost line moves, its callers do not), as that stack's text; the rest written.
    /// </summary>
    private void WriteFrames(int pid, ulong threadId, ReadOnlySpan<Frame> frames)
    {
        LastStack last = _lastStacks[(int)((threadId >> 6 ^ threadId >> 14 ^ (ulong)pid) % RememberedThreads)] ??= new LastStack();
        int same = 0;
        if (last.Pid == pid && last.ThreadId == threadId && last.Count >= 0)
        {
            int common = Math.Min(frames.Length, last.Count);
            while (same < common && frames[same].Line == last.Lines[same] && frames[same].Function.Id == last.Functions[same]) same++;
        }
        int kept = same == 0 ? 0 : last.Ends[same - 1];
        if (same == frames.Length && same == last.Count)
        {
            Append(last.Text.AsSpan(0, kept));
            return;
        }

        int start = _used;
        long writes = _bufferWrites;
        Append(last.Text.AsSpan(0, kept));
        if (last.Functions.Length < frames.Length)
        {
            int size = Math.Max(frames.Length, last.Functions.Length * 2);
            Array.Resize(ref last.Functions, size);
            Array.Resize(ref last.Lines, size);
            Array.Resize(ref last.Ends, size);
        }
        for (int i = same; i < frames.Length; i++)
        {
            Frame frame = frames[i];
            Append(Prefix(frame.Function));
            AppendNumber(frame.Line);
            if (_alternative) Append(")"u8);
            last.Functions[i] = frame.Function.Id;
            last.Lines[i] = frame.Line;
            last.Ends[i] = _used - start;
        }
        int length = _used - start;
        // Kept only when the text is whole in the buffer (not split by a write) and not too large.
        if (_bufferWrites != writes || length > MaxRememberedText)
        {
            last.Count = -1;
            return;
        }
        if (last.Text.Length < length) Array.Resize(ref last.Text, Math.Max(length, last.Text.Length * 2));
        _buffer.AsSpan(start + kept, length - kept).CopyTo(last.Text.AsSpan(kept));
        (last.Pid, last.ThreadId, last.Count) = (pid, threadId, frames.Length);
    }

    /// <summary>";func (file);L" (normal) or ";func (file:" (-a): everything of a frame before its line.</summary>
    private byte[] Prefix(Function function)
    {
        int id = function.Id;
        if (id >= _prefixes.Length) Array.Resize(ref _prefixes, Math.Max(id + 1, _prefixes.Length * 2));
        return _prefixes[id] ??= Concat(";"u8, function.NameUtf8, " ("u8, function.FileUtf8, _alternative ? ":"u8 : ");L"u8);
    }

    /// <summary>";Task outer;Task ...;Task name": the chain of tasks that awaits this one, outermost first, and itself.</summary>
    private byte[] TaskPrefix(AsyncTask task)
    {
        int id = task.Id;
        if (id >= _taskPrefixes.Length) Array.Resize(ref _taskPrefixes, Math.Max(id + 1, _taskPrefixes.Length * 2));
        if (_taskPrefixes[id] is byte[] known) return known;
        var chain = new AsyncTask?[task.Depth];
        int n = task.Ancestry(chain);
        var prefix = new MemoryStream();
        for (int i = 0; i < n; i++)
        {
            prefix.Write(";Task "u8);
            // A name is anything the program chose: a ';' or a line break in it would split the line.
            foreach (byte b in chain[i]!.NameUtf8)
                prefix.WriteByte(b is (byte)';' ? (byte)':' : b is (byte)'\n' or (byte)'\r' ? (byte)' ' : b);
        }
        return _taskPrefixes[id] = prefix.ToArray();
    }

    private static byte[] Concat(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c, ReadOnlySpan<byte> d, ReadOnlySpan<byte> e)
    {
        byte[] r = new byte[a.Length + b.Length + c.Length + d.Length + e.Length];
        Span<byte> s = r;
        a.CopyTo(s); s = s[a.Length..];
        b.CopyTo(s); s = s[b.Length..];
        c.CopyTo(s); s = s[c.Length..];
        d.CopyTo(s); s = s[d.Length..];
        e.CopyTo(s);
        return r;
    }

    /// <summary>"Process pid;" (decimal, as ps prints it): a flame graph's outermost level, one tower per process.</summary>
    private void WriteProcess(int pid)
    {
        Append("Process "u8);
        AppendNumber(pid);
        Append(";"u8);
    }

    private void WriteThread(ulong threadId)
    {
        Append("Thread "u8);
        Reserve(16);
        Utf8Formatter.TryFormat(threadId, _buffer.AsSpan(_used), out int written, new System.Buffers.StandardFormat('x'));
        _used += written;
    }

    private void WriteMetrics(SampleMetrics m)
    {
        Append(" "u8);
        switch (_mode)
        {
            case MetricMode.Time:
                AppendNumber(m.Time);
                break;
            case MetricMode.Memory:
                AppendNumber(m.MemoryDelta);
                break;
            case MetricMode.Full:
                AppendNumber(m.Time);
                Append(" "u8);
                AppendNumber(m.MemoryDelta > 0 ? m.MemoryDelta : 0);
                Append(" "u8);
                AppendNumber(m.MemoryDelta < 0 ? m.MemoryDelta : 0);
                break;
        }
        Append("\n"u8);
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > BufferSize - _used)
        {
            FlushBuffer();
            if (bytes.Length > BufferSize)
            {
                _stream.Write(bytes);
                return;
            }
        }
        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    private void AppendNumber(long value)
    {
        Reserve(20);
        if ((ulong)value >= 1_000_000_000)
        {
            Utf8Formatter.TryFormat(value, _buffer.AsSpan(_used), out int written);
            _used += written;
            return;
        }
        // Lines and most times are small and positive: their digits directly, which is a few times cheaper.
        uint v = (uint)value;
        int digits = 1;
        for (uint rest = v; rest >= 10; rest /= 10) digits++;
        int end = _used + digits;
        for (int i = end - 1; i >= _used; i--)
        {
            _buffer[i] = (byte)('0' + v % 10);
            v /= 10;
        }
        _used = end;
    }

    private void Reserve(int bytes)
    {
        if (BufferSize - _used < bytes) FlushBuffer();
    }

    private void FlushBuffer()
    {
        if (_used == 0) return;
        _stream.Write(_buffer, 0, _used);
        _used = 0;
        _bufferWrites++;
    }

    public void Flush()
    {
        FlushBuffer();
        _stream.Flush();
    }

    /// <summary>Closes the stream. Does not flush: the owner flushes on every exit path and handles write errors there.</summary>
    public void Dispose() => _stream.Dispose();
}
