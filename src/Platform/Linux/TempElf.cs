// SPDX-License-Identifier: GPL-3.0-or-later
// TEMPORARY: replaced by src/Binary's ELF reader when it lands.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Austin.Platform.Linux;

internal sealed class TempElf
{
    public ushort Type;
    public ulong FirstLoadVaddr = ulong.MaxValue, FirstLoadOffset;
    public readonly Dictionary<string, ulong> Symbols = new();
    public readonly Dictionary<string, ulong> Sections = new();

    public static TempElf? Open(string path)
    {
        try
        {
            byte[] d = File.ReadAllBytes(path);
            if (d.Length < 64 || d[0] != 0x7f || d[1] != (byte)'E' || d[4] != 2) return null;
            var e = new TempElf { Type = BitConverter.ToUInt16(d, 16) };
            ulong phoff = BitConverter.ToUInt64(d, 32), shoff = BitConverter.ToUInt64(d, 40);
            int phentsize = BitConverter.ToUInt16(d, 54), phnum = BitConverter.ToUInt16(d, 56);
            int shentsize = BitConverter.ToUInt16(d, 58), shnum = BitConverter.ToUInt16(d, 60), shstrndx = BitConverter.ToUInt16(d, 62);
            for (int i = 0; i < phnum; i++)
            {
                int o = (int)phoff + i * phentsize;
                if (BitConverter.ToUInt32(d, o) == 1)
                {
                    ulong vaddr = BitConverter.ToUInt64(d, o + 16);
                    if (vaddr < e.FirstLoadVaddr) { e.FirstLoadVaddr = vaddr; e.FirstLoadOffset = BitConverter.ToUInt64(d, o + 8); }
                }
            }
            int Sh(int i) => (int)shoff + i * shentsize;
            int shstr = (int)BitConverter.ToUInt64(d, Sh(shstrndx) + 24);
            string Str(int at) { int end = Array.IndexOf(d, (byte)0, at); return Encoding.ASCII.GetString(d, at, end - at); }
            for (int i = 0; i < shnum; i++)
            {
                int s = Sh(i);
                string name = Str(shstr + (int)BitConverter.ToUInt32(d, s));
                uint type = BitConverter.ToUInt32(d, s + 4);
                e.Sections[name] = BitConverter.ToUInt64(d, s + 16);
                if (type is 2 or 11)
                {
                    int off = (int)BitConverter.ToUInt64(d, s + 24), size = (int)BitConverter.ToUInt64(d, s + 32);
                    int link = (int)BitConverter.ToUInt32(d, s + 40);
                    int strOff = (int)BitConverter.ToUInt64(d, Sh(link) + 24);
                    for (int k = off; k + 24 <= off + size; k += 24)
                    {
                        uint nameIdx = BitConverter.ToUInt32(d, k);
                        ulong value = BitConverter.ToUInt64(d, k + 8);
                        if (nameIdx == 0 || value == 0) continue;
                        e.Symbols.TryAdd(Str(strOff + (int)nameIdx), value);
                    }
                }
            }
            return e;
        }
        catch (Exception) { return null; }
    }
}
