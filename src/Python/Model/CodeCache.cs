// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Generic;
using Austin.Platform;
using Austin.Python.Abi;

namespace Austin.Python.Model;

/// <summary>
/// Code objects by remote address. A hit costs a dictionary lookup and a comparison of the identifying
/// fields with the ones just read from the target, so that an address reused by another code object is
/// re-read instead of printed under the old name.
/// </summary>
internal sealed class CodeCache(IProcessMemory memory, Layout layout, RemoteStrings strings)
{
    /// <summary>Entries kept before the cache is cleared (bounds memory on programs that generate code).</summary>
    public const int MaxEntries = Limits.CodeCacheEntries;

    private readonly Dictionary<ulong, CodeObject> _byAddress = new();
    private readonly HashSet<Failure> _failures = new();

    private readonly record struct Failure(ulong Address, ulong Name, ulong File, ulong Table, int FirstLineno)
    {
        // Its name only: the generated list of members would bring every member type's formatting into the binary.
        public override string ToString() => nameof(Failure);
    }
    private ulong _codeType;

    /// <summary>The remote address of PyCode_Type, when discovery found it; else learnt from the first code object.</summary>
    public ulong CodeType { get => _codeType; set => _codeType = value; }

    /// <summary>
    /// The cached description of the code object at <paramref name="address"/>, given its header bytes as just
    /// read (<see cref="CodeLayout.Size"/> of them); null when they do not describe a readable code object.
    /// </summary>
    public CodeObject? Resolve(ulong address, ReadOnlySpan<byte> raw)
    {
        ulong type = raw.U64(layout.Object.Type);
        if (type != _codeType && !IsCodeType(type)) return null;

        ulong name = raw.U64(layout.Code.Qualname >= 0 ? layout.Code.Qualname : layout.Code.Name);
        ulong file = raw.U64(layout.Code.Filename);
        ulong table = raw.U64(layout.Code.LineTable);
        int first = raw.I32(layout.Code.FirstLineno);

        if (_byAddress.TryGetValue(address, out CodeObject? code) &&
            code.NamePointer == name && code.FilePointer == file && code.LineTablePointer == table && code.FirstLineno == first)
            return code;

        // A code object that could not be read is not read again while it looks the same: garbage (or an object
        // half-built) must not cost a megabyte of allocation per sample and per retry.
        var key = new Failure(address, name, file, table, first);
        if (_failures.Contains(key)) return null;
        code = Load(address, raw, name, file, table, first);
        if (code is null)
        {
            if (_failures.Count >= MaxEntries) _failures.Clear();
            _failures.Add(key);
            return null;
        }
        if (_byAddress.Count >= MaxEntries) _byAddress.Clear();
        _byAddress[address] = code;
        return code;
    }

    private CodeObject? Load(ulong address, ReadOnlySpan<byte> raw, ulong name, ulong file, ulong table, int first)
    {
        byte[]? nameUtf8 = strings.ReadUtf8(name);
        byte[]? fileUtf8 = strings.ReadUtf8(file);
        byte[]? lineTable = strings.ReadBytes(table);
        if (nameUtf8 is null || fileUtf8 is null || lineTable is null) return null;
        return new CodeObject
        {
            Address = address,
            NamePointer = name,
            FilePointer = file,
            LineTablePointer = table,
            FirstLineno = first,
            FirstTraceable = layout.Code.FirstTraceable >= 0 ? raw.I32(layout.Code.FirstTraceable) : 0,
            Function = new Austin.Samples.Function(nameUtf8, fileUtf8, first),
            LineTable = lineTable,
            Bytecode = Bytecode(address, raw),
        };
    }

    /// <summary>3.11+: the code units of co_code_adaptive (ob_size of them), when the frame walker checks callers with them.</summary>
    private byte[]? Bytecode(ulong address, ReadOnlySpan<byte> raw)
    {
        if (layout.Frame.CallSites is null || layout.Code.Adaptive < 0) return null;
        long units = (long)raw.U64(layout.Object.Type + 8);
        if (units <= 0 || units > Limits.BytesLength / 2) return null;
        byte[] bytes = new byte[units * 2];
        return memory.TryRead(address + (ulong)layout.Code.Adaptive, bytes) ? bytes : null;
    }

    /// <summary>Accepts a type object whose tp_name is "code", and remembers it.</summary>
    private bool IsCodeType(ulong type)
    {
        if (_codeType != 0 || type == 0) return false;
        if (!memory.TryRead(type + (ulong)layout.Object.TypeName, out ulong namePointer)) return false;
        Span<byte> name = stackalloc byte[8];
        if (memory.TryReadCString(namePointer, name) != 4 || !name[..4].SequenceEqual("code"u8)) return false;
        _codeType = type;
        return true;
    }

    public int Count => _byAddress.Count;

}
