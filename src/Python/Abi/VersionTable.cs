// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.CompilerServices;
using Austin.Python.LineTables;

namespace Austin.Python.Abi;

/// <summary>
/// The one version-to-layout table. Offsets come from the ABI structs of this folder (so that the structs,
/// checked field by field against the interpreters' headers in the tests, are the single source of truth).
/// </summary>
internal static class VersionTable
{
    public static bool IsSupported(PythonVersion v) =>
        (v.Major == 2 && v.Minor == 7) || (v.Major == 3 && v.Minor >= 3 && v.Minor <= 14);

    /// <summary>The layout for a version, or null when austin does not know it.</summary>
    public static Layout? For(PythonVersion v)
    {
        if (v.Major == 2) return v.Minor == 7 ? Py27(v) : null;
        if (v.Major != 3) return null;
        return v.Minor switch
        {
            3 => Py33(v),
            4 or 5 or 6 => Py36(v),
            7 => Py37(v),
            8 => Py38(v),
            9 => Py39(v),
            10 => Py310(v),
            11 => Py311(v),
            12 => Py312(v),
            // 3.13 from the table; 3.14+ needs the target's _Py_DebugOffsets (DebugOffsets.Apply) on top.
            >= 13 => Py313(v),
            _ => null,
        };
    }

    private static int Off<TStruct, TField>(ref TStruct s, ref TField field) =>
        (int)Unsafe.ByteOffset(ref Unsafe.As<TStruct, byte>(ref s), ref Unsafe.As<TField, byte>(ref field));

    private static Layout Py27(PythonVersion v)
    {
        var i = default(PyInterpreterState27); var t = default(PyThreadState27);
        var f = default(PyFrameObject27); var c = default(PyCodeObject27); var s = default(PyStringObject27);
        return new Layout
        {
            Version = v, Frames = FrameModel.FrameObjects, LineTable = LineTableFormat.LnotabUnsigned,
            InterpNext = Off(ref i, ref i.next), InterpThreadsHead = Off(ref i, ref i.tstate_head),
            InterpModules = Off(ref i, ref i.modules), InterpSize = Unsafe.SizeOf<PyInterpreterState27>(),
            ThreadNext = Off(ref t, ref t.next), ThreadInterp = Off(ref t, ref t.interp),
            ThreadFrame = Off(ref t, ref t.frame), ThreadId = Off(ref t, ref t.thread_id),
            ThreadSize = Unsafe.SizeOf<PyThreadState27>(),
            FrameBack = Off(ref f, ref f.f_back), FrameCode = Off(ref f, ref f.f_code),
            FrameInstr = Off(ref f, ref f.f_lasti), FrameSize = Off(ref f, ref f.f_lasti) + 4,
            CodeFilename = Off(ref c, ref c.co_filename), CodeName = Off(ref c, ref c.co_name),
            CodeLineTable = Off(ref c, ref c.co_lnotab), CodeFirstLineno = Off(ref c, ref c.co_firstlineno),
            CodeSize = Unsafe.SizeOf<PyCodeObject27>(),
            Py2Strings = true, BytesData = Off(ref s, ref s.ob_sval),
        };
    }

    /// <summary>3.3 has no PyThreadState.prev (appendix A of the internals doc; unmeasured here).</summary>
    private static Layout Py33(PythonVersion v)
    {
        var t = default(PyThreadState27);
        return Py36(v) with
        {
            ThreadNext = Off(ref t, ref t.next), ThreadInterp = Off(ref t, ref t.interp),
            ThreadFrame = Off(ref t, ref t.frame), ThreadId = Off(ref t, ref t.thread_id),
        };
    }

    private static Layout Py36(PythonVersion v)
    {
        var i = default(PyInterpreterState27); var t = default(PyThreadState36);
        var f = default(PyFrameObject27); var c = default(PyCodeObject36);
        // 3.3-3.5 keep co_firstlineno after the pointers (appendix A): 112, not 36, and lnotab at 120.
        bool pre36 = v.Minor < 6;
        return new Layout
        {
            Version = v, Frames = FrameModel.FrameObjects,
            LineTable = pre36 ? LineTableFormat.LnotabUnsigned : LineTableFormat.LnotabSigned,
            InterpNext = Off(ref i, ref i.next), InterpThreadsHead = Off(ref i, ref i.tstate_head),
            InterpModules = Off(ref i, ref i.modules), InterpSize = Unsafe.SizeOf<PyInterpreterState27>(),
            ThreadNext = Off(ref t, ref t.next), ThreadInterp = Off(ref t, ref t.interp),
            ThreadFrame = Off(ref t, ref t.frame), ThreadId = Off(ref t, ref t.thread_id),
            ThreadSize = Unsafe.SizeOf<PyThreadState36>(),
            FrameBack = Off(ref f, ref f.f_back), FrameCode = Off(ref f, ref f.f_code),
            FrameInstr = Off(ref f, ref f.f_lasti), FrameSize = Off(ref f, ref f.f_lasti) + 4,
            CodeFilename = Off(ref c, ref c.co_filename), CodeName = Off(ref c, ref c.co_name),
            CodeLineTable = pre36 ? 120 : Off(ref c, ref c.co_lnotab),
            CodeFirstLineno = pre36 ? 112 : Off(ref c, ref c.co_firstlineno),
            CodeSize = Unsafe.SizeOf<PyCodeObject36>(),
            Py2Strings = false, BytesData = 32,
            UnicodeAsciiSize = PyUnicodeObject33.AsciiObjectSize,
            UnicodeCompactSize = PyUnicodeObject33.CompactUnicodeObjectSize, UnicodeDataPointer = 72,
        };
    }

    private static Layout Py37(PythonVersion v)
    {
        var r = default(_PyRuntimeState37); var i = default(PyInterpreterState37);
        var t = default(PyThreadState37); var f = default(PyFrameObject37); var c = default(PyCodeObject36);
        return FrameObjectLayout(v, LineTableFormat.LnotabSigned,
            Off(ref r, ref r.interpreters_head), Unsafe.SizeOf<_PyRuntimeState37>(),
            Off(ref r, ref r.ceval_gil_last_holder), Off(ref r, ref r.ceval_gil_locked), Off(ref r, ref r.gilstate_tstate_current),
            Off(ref i, ref i.next), Off(ref i, ref i.tstate_head), Off(ref i, ref i.modules), -1, Unsafe.SizeOf<PyInterpreterState37>(),
            Off(ref t, ref t.next), Off(ref t, ref t.interp), Off(ref t, ref t.frame), Off(ref t, ref t.thread_id), Unsafe.SizeOf<PyThreadState37>(),
            Off(ref f, ref f.f_back), Off(ref f, ref f.f_code), Off(ref f, ref f.f_lasti),
            Off(ref c, ref c.co_filename), Off(ref c, ref c.co_name), Off(ref c, ref c.co_lnotab), Off(ref c, ref c.co_firstlineno), Unsafe.SizeOf<PyCodeObject36>());
    }

    private static Layout Py38(PythonVersion v)
    {
        var r = default(_PyRuntimeState38); var i = default(PyInterpreterState38);
        var t = default(PyThreadState37); var f = default(PyFrameObject37); var c = default(PyCodeObject38);
        return FrameObjectLayout(v, LineTableFormat.LnotabSigned,
            Off(ref r, ref r.interpreters_head), Unsafe.SizeOf<_PyRuntimeState38>(),
            Off(ref r, ref r.ceval_gil_last_holder), Off(ref r, ref r.ceval_gil_locked), Off(ref r, ref r.gilstate_tstate_current),
            Off(ref i, ref i.next), Off(ref i, ref i.tstate_head), Off(ref i, ref i.modules), -1, Unsafe.SizeOf<PyInterpreterState38>(),
            Off(ref t, ref t.next), Off(ref t, ref t.interp), Off(ref t, ref t.frame), Off(ref t, ref t.thread_id), Unsafe.SizeOf<PyThreadState37>(),
            Off(ref f, ref f.f_back), Off(ref f, ref f.f_code), Off(ref f, ref f.f_lasti),
            Off(ref c, ref c.co_filename), Off(ref c, ref c.co_name), Off(ref c, ref c.co_lnotab), Off(ref c, ref c.co_firstlineno), Unsafe.SizeOf<PyCodeObject38>());
    }

    private static Layout Py39(PythonVersion v)
    {
        var r = default(_PyRuntimeState39); var i = default(PyInterpreterState39);
        var t = default(PyThreadState37); var f = default(PyFrameObject37); var c = default(PyCodeObject38);
        return FrameObjectLayout(v, LineTableFormat.LnotabSigned,
            Off(ref r, ref r.interpreters_head), Unsafe.SizeOf<_PyRuntimeState39>(),
            Off(ref r, ref r.ceval_gil_last_holder), Off(ref r, ref r.ceval_gil_locked), Off(ref r, ref r.gilstate_tstate_current),
            Off(ref i, ref i.next), Off(ref i, ref i.tstate_head), Off(ref i, ref i.modules), Off(ref i, ref i.gc_collecting), Unsafe.SizeOf<PyInterpreterState39>(),
            Off(ref t, ref t.next), Off(ref t, ref t.interp), Off(ref t, ref t.frame), Off(ref t, ref t.thread_id), Unsafe.SizeOf<PyThreadState37>(),
            Off(ref f, ref f.f_back), Off(ref f, ref f.f_code), Off(ref f, ref f.f_lasti),
            Off(ref c, ref c.co_filename), Off(ref c, ref c.co_name), Off(ref c, ref c.co_lnotab), Off(ref c, ref c.co_firstlineno), Unsafe.SizeOf<PyCodeObject38>());
    }

    private static Layout Py310(PythonVersion v)
    {
        var r = default(_PyRuntimeState39); var i = default(PyInterpreterState39);
        var t = default(PyThreadState310); var f = default(PyFrameObject310); var c = default(PyCodeObject310);
        return FrameObjectLayout(v, LineTableFormat.LineTable310,
            Off(ref r, ref r.interpreters_head), Unsafe.SizeOf<_PyRuntimeState39>(),
            Off(ref r, ref r.ceval_gil_last_holder), Off(ref r, ref r.ceval_gil_locked), Off(ref r, ref r.gilstate_tstate_current),
            Off(ref i, ref i.next), Off(ref i, ref i.tstate_head), Off(ref i, ref i.modules), Off(ref i, ref i.gc_collecting), Unsafe.SizeOf<PyInterpreterState39>(),
            Off(ref t, ref t.next), Off(ref t, ref t.interp), Off(ref t, ref t.frame), Off(ref t, ref t.thread_id), Unsafe.SizeOf<PyThreadState310>(),
            Off(ref f, ref f.f_back), Off(ref f, ref f.f_code), Off(ref f, ref f.f_lasti),
            Off(ref c, ref c.co_filename), Off(ref c, ref c.co_name), Off(ref c, ref c.co_linetable), Off(ref c, ref c.co_firstlineno), Unsafe.SizeOf<PyCodeObject310>());
    }

    private static Layout FrameObjectLayout(PythonVersion v, LineTableFormat lineTable,
        int rtHead, int rtSize, int rtGilHolder, int rtGilLocked, int rtTstateCurrent,
        int iNext, int iThreads, int iModules, int iGc, int iSize,
        int tNext, int tInterp, int tFrame, int tId, int tSize,
        int fBack, int fCode, int fLasti,
        int cFile, int cName, int cTable, int cFirst, int cSize) => new()
    {
        Version = v, Frames = FrameModel.FrameObjects, LineTable = lineTable,
        RuntimeInterpretersHead = rtHead, RuntimeSize = rtSize,
        RuntimeGilLastHolder = rtGilHolder, RuntimeGilLocked = rtGilLocked, RuntimeTstateCurrent = rtTstateCurrent,
        InterpNext = iNext, InterpThreadsHead = iThreads, InterpModules = iModules, InterpGcCollecting = iGc, InterpSize = iSize,
        ThreadNext = tNext, ThreadInterp = tInterp, ThreadFrame = tFrame, ThreadId = tId, ThreadSize = tSize,
        FrameBack = fBack, FrameCode = fCode, FrameInstr = fLasti, FrameSize = fLasti + 4,
        CodeFilename = cFile, CodeName = cName, CodeLineTable = cTable, CodeFirstLineno = cFirst, CodeSize = cSize,
        Py2Strings = false, BytesData = 32,
        UnicodeAsciiSize = PyUnicodeObject33.AsciiObjectSize,
        UnicodeCompactSize = PyUnicodeObject33.CompactUnicodeObjectSize, UnicodeDataPointer = 72,
    };

    private static Layout Py311(PythonVersion v)
    {
        var r = default(_PyRuntimeState311); var i = default(PyInterpreterState311); var t = default(PyThreadState311);
        var cf = default(_PyCFrame311); var f = default(_PyInterpreterFrame311); var c = default(PyCodeObject311);
        return new Layout
        {
            Version = v, Frames = FrameModel.InterpreterFrames, LineTable = LineTableFormat.LocationTable,
            RuntimeInterpretersHead = Off(ref r, ref r.interpreters_head), RuntimeSize = Unsafe.SizeOf<_PyRuntimeState311>(),
            RuntimeGilLastHolder = Off(ref r, ref r.ceval_gil_last_holder), RuntimeGilLocked = Off(ref r, ref r.ceval_gil_locked),
            RuntimeTstateCurrent = Off(ref r, ref r.gilstate_tstate_current),
            InterpNext = Off(ref i, ref i.next), InterpThreadsHead = Off(ref i, ref i.threads_head),
            InterpModules = Off(ref i, ref i.modules), InterpGcCollecting = Off(ref i, ref i.gc_collecting),
            InterpSize = Unsafe.SizeOf<PyInterpreterState311>(),
            ThreadNext = Off(ref t, ref t.next), ThreadInterp = Off(ref t, ref t.interp),
            ThreadFrame = Off(ref t, ref t.cframe), ThreadFrameIsCFrame = true, CFrameCurrentFrame = Off(ref cf, ref cf.current_frame),
            ThreadId = Off(ref t, ref t.thread_id), ThreadNativeId = Off(ref t, ref t.native_thread_id),
            ThreadDatastackChunk = Off(ref t, ref t.datastack_chunk), ThreadSize = Unsafe.SizeOf<PyThreadState311>(),
            FrameBack = Off(ref f, ref f.previous), FrameCode = Off(ref f, ref f.f_code), FrameInstr = Off(ref f, ref f.prev_instr),
            FrameOwner = Off(ref f, ref f.owner), FrameSize = Unsafe.SizeOf<_PyInterpreterFrame311>(),
            FrameOwnerSkipFrom = 0, // 3.11 has no shim frames; is_entry frames are real Python frames.
            CodeFilename = Off(ref c, ref c.co_filename), CodeName = Off(ref c, ref c.co_name), CodeQualname = Off(ref c, ref c.co_qualname),
            CodeLineTable = Off(ref c, ref c.co_linetable), CodeFirstLineno = Off(ref c, ref c.co_firstlineno),
            CodeFirstTraceable = Off(ref c, ref c._co_firsttraceable), CodeAdaptive = Off(ref c, ref c.co_code_adaptive),
            CodeSize = Unsafe.SizeOf<PyCodeObject311>(),
            Py2Strings = false, BytesData = 32,
            UnicodeAsciiSize = PyUnicodeObject33.AsciiObjectSize,
            UnicodeCompactSize = PyUnicodeObject33.CompactUnicodeObjectSize, UnicodeDataPointer = 72,
        };
    }

    private static Layout Py312(PythonVersion v)
    {
        var r = default(_PyRuntimeState312); var i = default(PyInterpreterState312); var t = default(PyThreadState312);
        var cf = default(_PyCFrame312); var f = default(_PyInterpreterFrame312); var c = default(PyCodeObject312);
        return new Layout
        {
            Version = v, Frames = FrameModel.InterpreterFrames, LineTable = LineTableFormat.LocationTable,
            RuntimeInterpretersHead = Off(ref r, ref r.interpreters_head), RuntimeSize = Unsafe.SizeOf<_PyRuntimeState312>(),
            InterpNext = Off(ref i, ref i.next), InterpThreadsHead = Off(ref i, ref i.threads_head),
            InterpModules = Off(ref i, ref i.imports_modules), InterpGcCollecting = Off(ref i, ref i.gc_collecting),
            InterpCevalGil = Off(ref i, ref i.ceval_gil), InterpSize = Unsafe.SizeOf<PyInterpreterState312>(),
            ThreadNext = Off(ref t, ref t.next), ThreadInterp = Off(ref t, ref t.interp),
            ThreadFrame = Off(ref t, ref t.cframe), ThreadFrameIsCFrame = true, CFrameCurrentFrame = Off(ref cf, ref cf.current_frame),
            ThreadId = Off(ref t, ref t.thread_id), ThreadNativeId = Off(ref t, ref t.native_thread_id),
            ThreadDatastackChunk = Off(ref t, ref t.datastack_chunk), ThreadSize = Unsafe.SizeOf<PyThreadState312>(),
            FrameBack = Off(ref f, ref f.previous), FrameCode = Off(ref f, ref f.f_code), FrameInstr = Off(ref f, ref f.prev_instr),
            FrameOwner = Off(ref f, ref f.owner), FrameSize = Unsafe.SizeOf<_PyInterpreterFrame312>(),
            FrameOwnerSkipFrom = 3, // FRAME_OWNED_BY_CSTACK: the <interpreter trampoline> shim
            CodeFilename = Off(ref c, ref c.co_filename), CodeName = Off(ref c, ref c.co_name), CodeQualname = Off(ref c, ref c.co_qualname),
            CodeLineTable = Off(ref c, ref c.co_linetable), CodeFirstLineno = Off(ref c, ref c.co_firstlineno),
            CodeFirstTraceable = Off(ref c, ref c._co_firsttraceable), CodeAdaptive = Off(ref c, ref c.co_code_adaptive),
            CodeSize = Unsafe.SizeOf<PyCodeObject312>(),
            Py2Strings = false, BytesData = 32,
            UnicodeAsciiSize = PyUnicodeObject312.AsciiObjectSize,
            UnicodeCompactSize = PyUnicodeObject312.CompactUnicodeObjectSize, UnicodeDataPointer = 56,
        };
    }

    private static Layout Py313(PythonVersion v)
    {
        var r = default(_PyRuntimeState313); var i = default(PyInterpreterState313); var t = default(PyThreadState313);
        var f = default(_PyInterpreterFrame313); var c = default(PyCodeObject313);
        return new Layout
        {
            Version = v, Frames = FrameModel.InterpreterFrames, LineTable = LineTableFormat.LocationTable,
            RuntimeInterpretersHead = Off(ref r, ref r.interpreters_head), RuntimeSize = Unsafe.SizeOf<_PyRuntimeState313>(),
            InterpNext = Off(ref i, ref i.next), InterpThreadsHead = Off(ref i, ref i.threads_head),
            InterpModules = Off(ref i, ref i.imports_modules), InterpGcCollecting = Off(ref i, ref i.gc_collecting),
            InterpCevalGil = Off(ref i, ref i.ceval_gil), InterpSize = Unsafe.SizeOf<PyInterpreterState313>(),
            ThreadNext = Off(ref t, ref t.next), ThreadInterp = Off(ref t, ref t.interp),
            ThreadFrame = Off(ref t, ref t.current_frame),
            ThreadId = Off(ref t, ref t.thread_id), ThreadNativeId = Off(ref t, ref t.native_thread_id),
            ThreadDatastackChunk = Off(ref t, ref t.datastack_chunk), ThreadSize = Unsafe.SizeOf<PyThreadState313>(),
            FrameBack = Off(ref f, ref f.previous), FrameCode = Off(ref f, ref f.f_executable), FrameInstr = Off(ref f, ref f.instr_ptr),
            FrameOwner = Off(ref f, ref f.owner), FrameSize = Unsafe.SizeOf<_PyInterpreterFrame313>(),
            FrameOwnerSkipFrom = 3,
            CodeFilename = Off(ref c, ref c.co_filename), CodeName = Off(ref c, ref c.co_name), CodeQualname = Off(ref c, ref c.co_qualname),
            CodeLineTable = Off(ref c, ref c.co_linetable), CodeFirstLineno = Off(ref c, ref c.co_firstlineno),
            CodeFirstTraceable = Off(ref c, ref c._co_firsttraceable), CodeAdaptive = Off(ref c, ref c.co_code_adaptive),
            CodeSize = Unsafe.SizeOf<PyCodeObject313>(),
            Py2Strings = false, BytesData = 32,
            UnicodeAsciiSize = PyUnicodeObject312.AsciiObjectSize,
            UnicodeCompactSize = PyUnicodeObject312.CompactUnicodeObjectSize, UnicodeDataPointer = 56,
        };
    }
}
