// SPDX-License-Identifier: GPL-3.0-or-later
using System.Text;
using System.Threading;

namespace Austin.Samples;

/// <summary>
/// A function as profiles name it: its name and file, in UTF-8, read once per code object. <see cref="Id"/> is stable
/// for the whole run and never reused, so that a writer keeps what it encodes for a function (a collapsed-format
/// prefix, a MOJO string reference, a speedscope frame index) in a table indexed by it.
/// </summary>
internal sealed class Function
{
    private static int s_lastId;

    public Function(byte[] nameUtf8, byte[] fileUtf8, int firstLine)
    {
        Id = Interlocked.Increment(ref s_lastId);
        NameUtf8 = nameUtf8;
        FileUtf8 = fileUtf8;
        FirstLine = firstLine;
    }

    public Function(string name, string file, int firstLine = 0) : this(Encoding.UTF8.GetBytes(name), Encoding.UTF8.GetBytes(file), firstLine) { }

    /// <summary>1, 2, 3...: dense enough to index a writer's tables.</summary>
    public int Id { get; }

    /// <summary>The qualified name where the interpreter has one (3.11+), else the name.</summary>
    public byte[] NameUtf8 { get; }

    /// <summary>The code object's file name as stored.</summary>
    public byte[] FileUtf8 { get; }

    /// <summary>co_firstlineno: the line of the def (pprof's start line).</summary>
    public int FirstLine { get; }

    public string Name => Encoding.UTF8.GetString(NameUtf8);

    public string File => Encoding.UTF8.GetString(FileUtf8);

    public override string ToString() => $"{Name} ({File})";
}
