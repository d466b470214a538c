// SPDX-License-Identifier: GPL-3.0-or-later
namespace Austin.Binary;

// Values from the System V gABI, as spelled in glibc's elf.h. Unlisted values are valid too: these
// enums only name the ones austin looks at.

/// <summary><c>e_type</c>.</summary>
internal enum ElfType : ushort
{
    None = 0,          // ET_NONE
    Relocatable = 1,   // ET_REL
    Executable = 2,    // ET_EXEC: symbol values are absolute addresses (load bias 0)
    SharedObject = 3,  // ET_DYN: shared library or PIE executable, relocated by a load bias
    Core = 4,          // ET_CORE
}

/// <summary><c>p_type</c>.</summary>
internal enum ElfSegmentType : uint
{
    Null = 0,     // PT_NULL
    Load = 1,     // PT_LOAD
    Dynamic = 2,  // PT_DYNAMIC
    Interp = 3,   // PT_INTERP
    Note = 4,     // PT_NOTE
    Phdr = 6,     // PT_PHDR
    Tls = 7,      // PT_TLS
}

/// <summary><c>sh_type</c>.</summary>
internal enum ElfSectionType : uint
{
    Null = 0,         // SHT_NULL
    ProgBits = 1,     // SHT_PROGBITS
    SymbolTable = 2,  // SHT_SYMTAB: .symtab, the full table (gone after strip)
    StringTable = 3,  // SHT_STRTAB
    NoBits = 8,       // SHT_NOBITS: .bss, occupies no file space
    DynamicSymbols = 11, // SHT_DYNSYM: .dynsym, survives strip
}

/// <summary>Which symbol table to search.</summary>
internal enum ElfSymbolTableKind : byte
{
    /// <summary><c>.dynsym</c> (<c>SHT_DYNSYM</c>): exported symbols, present in stripped files.</summary>
    Dynamic,

    /// <summary><c>.symtab</c> (<c>SHT_SYMTAB</c>): every symbol including file-local statics; removed by strip.</summary>
    Static,
}

/// <summary>The low nibble of <c>st_info</c>.</summary>
internal enum ElfSymbolType : byte
{
    NoType = 0,   // STT_NOTYPE
    Object = 1,   // STT_OBJECT
    Function = 2, // STT_FUNC
    Section = 3,  // STT_SECTION
    File = 4,     // STT_FILE
    Common = 5,   // STT_COMMON
    Tls = 6,      // STT_TLS
}

/// <summary>The high nibble of <c>st_info</c>.</summary>
internal enum ElfSymbolBinding : byte
{
    Local = 0,       // STB_LOCAL
    Global = 1,      // STB_GLOBAL
    Weak = 2,        // STB_WEAK
    GnuUnique = 10,  // STB_GNU_UNIQUE
}
