// SPDX-License-Identifier: GPL-3.0-or-later
using System.Runtime.CompilerServices;
using Austin.Python.LineTables;

namespace Austin.Python.Abi;

/// <summary>The versions austin reads.</summary>
internal static class VersionTable
{
    public static bool IsSupported(PythonVersion v) =>
        (v.Major == 2 && v.Minor == 7) || (v.Major == 3 && v.Minor >= 3 && v.Minor <= 15);
}

/// <summary>
/// The one version-to-layout table, for a target whose C long, long double, PyMUTEX_T and PyCOND_T are the type
/// arguments (see <see cref="TargetAbi"/>). Each family layout takes its offsets from the ABI structs of this folder,
/// instantiated for the target, so that the structs (checked member by member against the interpreters' headers in
/// the tests) are the single source of truth; each version composes its families in one line.
/// </summary>
internal static unsafe partial class VersionTable<TLong, TLongDouble, TMutex, TCond>
    where TLong : unmanaged where TLongDouble : unmanaged where TMutex : unmanaged where TCond : unmanaged
{
    /// <summary>The layout of a version on <paramref name="abi"/>, or null when austin does not know the version.</summary>
    public static Layout? For(TargetAbi abi, PythonVersion v) => (v.Major, v.Minor) switch
    {
        (2, 7) => Compose(abi, v, Code27, Frame27, Thread27, Interp27, RuntimeLayout.None, String27),
        (3, 3) => Compose(abi, v, Code33, Frame27, Thread33, Interp27, RuntimeLayout.None, Unicode33),
        (3, 4) or (3, 5) => Compose(abi, v, Code33, Frame34, Thread34, Interp27, RuntimeLayout.None, Unicode33),
        (3, 6) => Compose(abi, v, Code36, Frame34, Thread34, Interp27, RuntimeLayout.None, Unicode33),
        (3, 7) => Compose(abi, v, Code36, Frame37, Thread37, Interp37, Runtime37, Unicode33),
        (3, 8) => Compose(abi, v, Code38, Frame37, Thread37, Interp38, Runtime38, Unicode33),
        (3, 9) => Compose(abi, v, Code38, Frame37, Thread37, Interp39, Runtime39, Unicode33),
        (3, 10) => Compose(abi, v, Code310, Frame310, Thread310, Interp310, Runtime39, Unicode33),
        (3, 11) => Compose(abi, v, Code311, Frame311, Thread311, Interp311, Runtime311, Unicode33) with { Asyncio = Asyncio311 },
        (3, 12) => Compose(abi, v, Code312, Frame312, Thread312, Interp312, Runtime312, Unicode312) with { Asyncio = Asyncio312 },
        (3, 13) => Compose(abi, v, Code313, Frame313, Thread313, Interp313, Runtime313, Unicode312) with { Asyncio = Asyncio313 },
        // 3.14's threads, interpreters and runtime are where the target's _Py_DebugOffsets says (no 3.14 structs
        // here were measured): 3.13's stand in until DebugOffsets.Apply replaces them.
        (3, 14) => Compose(abi, v, Code314, Frame314, Thread313, Interp313, Runtime313, Unicode312) with { NeedsDebugOffsets = true, Asyncio = Asyncio314 },
        // 3.15 moves nothing in the code object or the frame that austin reads (Include/cpython/code.h,
        // pycore_interpframe_structs.h of v3.15.0rc1: FRAME_OWNED_BY_INTERPRETER is 3 now that CSTACK is gone);
        // the rest comes from its _Py_DebugOffsets, as 3.14's.
        (3, 15) => Compose(abi, v, Code314, Frame315, Thread313, Interp313, Runtime313, Unicode312) with { NeedsDebugOffsets = true, Asyncio = Asyncio315 },
        _ => null,
    };

    private static Layout Compose(TargetAbi abi, PythonVersion v, CodeLayout code, FrameLayout frame, ThreadLayout thread,
        InterpreterLayout interpreter, RuntimeLayout runtime, StringLayout strings) => new()
    {
        Version = v, Abi = abi, Code = code, Frame = frame, Thread = thread, Interpreter = interpreter, Runtime = runtime, String = strings,
    };

    private static int Off<TStruct, TField>(ref TStruct s, ref TField field) =>
        (int)Unsafe.ByteOffset(ref Unsafe.As<TStruct, byte>(ref s), ref Unsafe.As<TField, byte>(ref field));

    // ---- PyCodeObject ----

    private static CodeLayout Code27
    {
        get
        {
            var c = default(PyCodeObject27);
            return new CodeLayout
            {
                TableFormat = LineTableFormat.LnotabUnsigned,
                Filename = Off(ref c, ref c.co_filename), Name = Off(ref c, ref c.co_name),
                LineTable = Off(ref c, ref c.co_lnotab), FirstLineno = Off(ref c, ref c.co_firstlineno),
                Size = Unsafe.SizeOf<PyCodeObject27>(),
            };
        }
    }

    /// <summary>3.3-3.5: line deltas of co_lnotab are unsigned until 3.6 (Objects/lnotab_notes.txt).</summary>
    private static CodeLayout Code33
    {
        get
        {
            var c = default(PyCodeObject33);
            return new CodeLayout
            {
                TableFormat = LineTableFormat.LnotabUnsigned,
                Filename = Off(ref c, ref c.co_filename), Name = Off(ref c, ref c.co_name),
                LineTable = Off(ref c, ref c.co_lnotab), FirstLineno = Off(ref c, ref c.co_firstlineno),
                Size = Unsafe.SizeOf<PyCodeObject33>(),
            };
        }
    }

    private static CodeLayout Code36
    {
        get
        {
            var c = default(PyCodeObject36);
            return new CodeLayout
            {
                TableFormat = LineTableFormat.LnotabSigned,
                Filename = Off(ref c, ref c.co_filename), Name = Off(ref c, ref c.co_name),
                LineTable = Off(ref c, ref c.co_lnotab), FirstLineno = Off(ref c, ref c.co_firstlineno),
                Size = Unsafe.SizeOf<PyCodeObject36>(),
            };
        }
    }

    private static CodeLayout Code38
    {
        get
        {
            var c = default(PyCodeObject38);
            return new CodeLayout
            {
                TableFormat = LineTableFormat.LnotabSigned,
                Filename = Off(ref c, ref c.co_filename), Name = Off(ref c, ref c.co_name),
                LineTable = Off(ref c, ref c.co_lnotab), FirstLineno = Off(ref c, ref c.co_firstlineno),
                Size = Unsafe.SizeOf<PyCodeObject38>(),
            };
        }
    }

    private static CodeLayout Code310
    {
        get
        {
            var c = default(PyCodeObject310);
            return new CodeLayout
            {
                TableFormat = LineTableFormat.LineTable310,
                Filename = Off(ref c, ref c.co_filename), Name = Off(ref c, ref c.co_name),
                LineTable = Off(ref c, ref c.co_linetable), FirstLineno = Off(ref c, ref c.co_firstlineno),
                Size = Unsafe.SizeOf<PyCodeObject310>(),
            };
        }
    }

    private static CodeLayout Code311
    {
        get
        {
            var c = default(PyCodeObject311);
            return new CodeLayout
            {
                TableFormat = LineTableFormat.LocationTable,
                Filename = Off(ref c, ref c.co_filename), Name = Off(ref c, ref c.co_name), Qualname = Off(ref c, ref c.co_qualname),
                LineTable = Off(ref c, ref c.co_linetable), FirstLineno = Off(ref c, ref c.co_firstlineno),
                FirstTraceable = Off(ref c, ref c._co_firsttraceable), Adaptive = Off(ref c, ref c.co_code_adaptive),
                Size = Unsafe.SizeOf<PyCodeObject311>(),
            };
        }
    }

    private static CodeLayout Code312
    {
        get
        {
            var c = default(PyCodeObject312);
            return new CodeLayout
            {
                TableFormat = LineTableFormat.LocationTable,
                Filename = Off(ref c, ref c.co_filename), Name = Off(ref c, ref c.co_name), Qualname = Off(ref c, ref c.co_qualname),
                LineTable = Off(ref c, ref c.co_linetable), FirstLineno = Off(ref c, ref c.co_firstlineno),
                FirstTraceable = Off(ref c, ref c._co_firsttraceable), Adaptive = Off(ref c, ref c.co_code_adaptive),
                Size = Unsafe.SizeOf<PyCodeObject312>(),
            };
        }
    }

    private static CodeLayout Code313
    {
        get
        {
            var c = default(PyCodeObject313);
            return new CodeLayout
            {
                TableFormat = LineTableFormat.LocationTable,
                Filename = Off(ref c, ref c.co_filename), Name = Off(ref c, ref c.co_name), Qualname = Off(ref c, ref c.co_qualname),
                LineTable = Off(ref c, ref c.co_linetable), FirstLineno = Off(ref c, ref c.co_firstlineno),
                FirstTraceable = Off(ref c, ref c._co_firsttraceable), Adaptive = Off(ref c, ref c.co_code_adaptive),
                Size = Unsafe.SizeOf<PyCodeObject313>(),
            };
        }
    }

    private static CodeLayout Code314
    {
        get
        {
            var c = default(PyCodeObject314);
            return new CodeLayout
            {
                TableFormat = LineTableFormat.LocationTable,
                Filename = Off(ref c, ref c.co_filename), Name = Off(ref c, ref c.co_name), Qualname = Off(ref c, ref c.co_qualname),
                LineTable = Off(ref c, ref c.co_linetable), FirstLineno = Off(ref c, ref c.co_firstlineno),
                FirstTraceable = Off(ref c, ref c._co_firsttraceable), Adaptive = Off(ref c, ref c.co_code_adaptive),
                Size = Unsafe.SizeOf<PyCodeObject314>(),
            };
        }
    }

    // ---- PyFrameObject, _PyInterpreterFrame ----

    private static FrameLayout Frame27
    {
        get
        {
            var f = default(PyFrameObject27);
            return new FrameLayout
            {
                Model = FrameModel.FrameObjects,
                Back = Off(ref f, ref f.f_back), Code = Off(ref f, ref f.f_code), Instr = Off(ref f, ref f.f_lasti),
                Size = Unsafe.SizeOf<PyFrameObject27>(),
            };
        }
    }

    private static FrameLayout Frame34
    {
        get
        {
            var f = default(PyFrameObject34);
            return new FrameLayout
            {
                Model = FrameModel.FrameObjects,
                Back = Off(ref f, ref f.f_back), Code = Off(ref f, ref f.f_code), Instr = Off(ref f, ref f.f_lasti),
                Size = Unsafe.SizeOf<PyFrameObject34>(),
            };
        }
    }

    private static FrameLayout Frame37
    {
        get
        {
            var f = default(PyFrameObject37);
            return new FrameLayout
            {
                Model = FrameModel.FrameObjects,
                Back = Off(ref f, ref f.f_back), Code = Off(ref f, ref f.f_code), Instr = Off(ref f, ref f.f_lasti),
                Size = Unsafe.SizeOf<PyFrameObject37>(),
            };
        }
    }

    private static FrameLayout Frame310
    {
        get
        {
            var f = default(PyFrameObject310);
            return new FrameLayout
            {
                Model = FrameModel.FrameObjects,
                Back = Off(ref f, ref f.f_back), Code = Off(ref f, ref f.f_code), Instr = Off(ref f, ref f.f_lasti),
                Size = Unsafe.SizeOf<PyFrameObject310>(),
            };
        }
    }

    /// <summary>3.11 has no shim frames: is_entry frames are real Python frames.</summary>
    private static FrameLayout Frame311
    {
        get
        {
            var f = default(_PyInterpreterFrame311);
            return new FrameLayout
            {
                Model = FrameModel.InterpreterFrames,
                Back = Off(ref f, ref f.previous), Code = Off(ref f, ref f.f_code), Instr = Off(ref f, ref f.prev_instr),
                Owner = Off(ref f, ref f.owner), Size = Unsafe.SizeOf<_PyInterpreterFrame311>(),
                // dis._all_opmap of 3.11: CALL 171 and CALL_ADAPTIVE 22, CALL_PY_EXACT_ARGS 23, CALL_PY_WITH_DEFAULTS 24;
                // BINARY_SUBSCR 25 and its forms 17-21 (BINARY_SUBSCR_GETITEM 19 pushes a frame); 4 cache units each.
                IsEntry = Off(ref f, ref f.is_entry), CallSites = CallSiteTable.Of((4, [171, 22, 23, 24, 25, 17, 18, 19, 20, 21])),
            };
        }
    }

    /// <summary>FRAME_OWNED_BY_CSTACK (3): the &lt;interpreter trampoline&gt; shim.</summary>
    private static FrameLayout Frame312
    {
        get
        {
            var f = default(_PyInterpreterFrame312);
            return new FrameLayout
            {
                Model = FrameModel.InterpreterFrames,
                Back = Off(ref f, ref f.previous), Code = Off(ref f, ref f.f_code), Instr = Off(ref f, ref f.prev_instr),
                Owner = Off(ref f, ref f.owner), Size = Unsafe.SizeOf<_PyInterpreterFrame312>(), OwnerSkipFrom = 3,
                StackTop = Off(ref f, ref f.stacktop),
                // The families (opcode._specializations, dis._all_opmap of 3.12, with INSTRUMENTED_ forms) of the
                // opcodes that DISPATCH_INLINED a frame (Python/generated_cases.c.h), each past its cache units
                // (opcode._inline_cache_entries): CALL 3, CALL_FUNCTION_EX 0, BINARY_SUBSCR 1, FOR_ITER 1, SEND 1,
                // LOAD_ATTR 9. INSTRUMENTED_LINE 254 and INSTRUMENTED_INSTRUCTION 253 stand in for any opcode.
                CallSites = CallSiteTable.Of(
                    (3, [171, 241, 23, 24, 28, 29, 34, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 56]),
                    (0, [142, 244]),
                    (1, [25, 19, 20, 21, 22, 93, 248, 62, 63, 64, 65, 123, 168]),
                    (9, [106, 70, 72, 73, 76, 77, 78, 79, 80, 81, 82]),
                    (-1, [254, 253])),
            };
        }
    }

    private static FrameLayout Frame313
    {
        get
        {
            var f = default(_PyInterpreterFrame313);
            return new FrameLayout
            {
                Model = FrameModel.InterpreterFrames,
                Back = Off(ref f, ref f.previous), Code = Off(ref f, ref f.f_executable), Instr = Off(ref f, ref f.instr_ptr),
                Owner = Off(ref f, ref f.owner), Size = Unsafe.SizeOf<_PyInterpreterFrame313>(), OwnerSkipFrom = 3,
                StackTop = Off(ref f, ref f.stacktop),
                // As 3.12's, with 3.13's numbers (opcode._specialized_opmap too; the same in the free-threaded build),
                // and CALL_KW: instr_ptr stays on the call itself. ENTER_EXECUTOR 70 and the line and instruction
                // events' 254 and 247 stand in for others. EXIT_INIT_CHECK 13 is where the shim frame that
                // CALL_ALLOC_AND_ENTER_INIT pushes under __init__ waits (_Py_InitCleanup, owned by the thread).
                CallSites = CallSiteTable.Of(
                    (0, [53, 162, 163, 164, 165, 166, 167, 168, 169, 170, 171, 172, 173, 174, 175, 176, 177, 178, 179, 180, 181, 244,
                        57, 245, 54, 246, 5, 157, 158, 159, 160, 161, 72, 187, 188, 189, 190, 243, 104, 208,
                        82, 191, 192, 193, 194, 195, 196, 197, 198, 199, 200, 201, 202, 13]),
                    (-1, [70, 254, 247])),
            };
        }
    }

    /// <summary>
    /// 3.14: f_executable is a _PyStackRef whose low bits are tags (Include/internal/pycore_stackref.h); owners 3
    /// (FRAME_OWNED_BY_INTERPRETER) and 4 (FRAME_OWNED_BY_CSTACK) are not Python frames (_PyFrame_IsIncomplete).
    /// stackpointer is cleared while a frame runs in debug builds only, so callers are checked by where they wait alone.
    /// </summary>
    private static FrameLayout Frame314 => Frame314Family(CallSites314);

    /// <summary>3.15: as 3.14 (FRAME_OWNED_BY_INTERPRETER is 3 now that CSTACK is gone), with its own opcode numbers.</summary>
    private static FrameLayout Frame315 => Frame314Family(CallSites315);

    // One table per version, shared by every layout made of it (DebugOffsets.Apply copies the layout it is given).
    private static readonly byte[] CallSites314 =
        // As 3.13's, with 3.14's numbers (the same in the free-threaded build): the families of CALL, CALL_KW,
        // CALL_FUNCTION_EX, FOR_ITER, SEND and LOAD_ATTR, with their INSTRUMENTED_ forms; of BINARY_OP, which 3.14 made
        // of BINARY_SUBSCR too, only the forms a subscript's site can take (its oparg is NB_SUBSCR): BINARY_OP and
        // BINARY_OP_SUBSCR_*, not the arithmetic a caller computes its arguments with. EXIT_INIT_CHECK as in 3.13;
        // INSTRUMENTED_INSTRUCTION 238, INSTRUMENTED_LINE 254 and ENTER_EXECUTOR 255 stand in for others.
        CallSiteTable.Of(
            (0, [4, 11, 44, 52, 55, 70, 80, 106, 135, 136, 137, 138, 139, 140, 143, 144, 145, 146, 147, 148,
                149, 150, 151, 152, 153, 154, 155, 156, 157, 158, 159, 160, 161, 162, 163, 164, 165, 171,
                172, 173, 174, 177, 178, 179, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 197, 237,
                250, 251, 252]),
            (-1, [238, 254, 255]));

    private static readonly byte[] CallSites315 =
        // 3.15.0rc1's numbers, the same families; 3.15 adds CALL_EX_PY, FOR_ITER_VIRTUAL, SEND_VIRTUAL and SEND_ASYNC_GEN.
        CallSiteTable.Of(
            (0, [4, 11, 42, 50, 53, 68, 79, 105, 135, 136, 137, 138, 139, 140, 141, 144, 145, 146, 147, 148,
                149, 150, 151, 152, 153, 154, 155, 156, 157, 158, 159, 160, 161, 162, 163, 164, 165, 166,
                167, 168, 174, 175, 176, 177, 178, 183, 184, 185, 186, 187, 188, 189, 190, 191, 192, 193,
                194, 195, 202, 203, 204, 236, 249, 250, 251]),
            (-1, [237, 253, 254]));

    private static FrameLayout Frame314Family(byte[] callSites)
    {
        var f = default(_PyInterpreterFrame314);
        return new FrameLayout
        {
            Model = FrameModel.InterpreterFrames,
            Back = Off(ref f, ref f.previous), Code = Off(ref f, ref f.f_executable), Instr = Off(ref f, ref f.instr_ptr),
            Owner = Off(ref f, ref f.owner), Size = Unsafe.SizeOf<_PyInterpreterFrame314>(), OwnerSkipFrom = 3, CodeTagMask = 7,
            CallSites = callSites,
        };
    }

    // ---- PyThreadState ----

    private static ThreadLayout Thread27
    {
        get
        {
            var t = default(PyThreadState27<TLong>);
            return new ThreadLayout
            {
                Next = Off(ref t, ref t.next), Interp = Off(ref t, ref t.interp), Frame = Off(ref t, ref t.frame),
                Id = Off(ref t, ref t.thread_id), LongSize = Unsafe.SizeOf<TLong>(), Size = Unsafe.SizeOf<PyThreadState27<TLong>>(),
            };
        }
    }

    private static ThreadLayout Thread33
    {
        get
        {
            var t = default(PyThreadState33<TLong>);
            return new ThreadLayout
            {
                Next = Off(ref t, ref t.next), Interp = Off(ref t, ref t.interp), Frame = Off(ref t, ref t.frame),
                Id = Off(ref t, ref t.thread_id), LongSize = Unsafe.SizeOf<TLong>(), Size = Unsafe.SizeOf<PyThreadState33<TLong>>(),
            };
        }
    }

    private static ThreadLayout Thread34
    {
        get
        {
            var t = default(PyThreadState34<TLong>);
            return new ThreadLayout
            {
                Next = Off(ref t, ref t.next), Interp = Off(ref t, ref t.interp), Frame = Off(ref t, ref t.frame),
                Id = Off(ref t, ref t.thread_id), LongSize = Unsafe.SizeOf<TLong>(), Size = Unsafe.SizeOf<PyThreadState34<TLong>>(),
            };
        }
    }

    private static ThreadLayout Thread37
    {
        get
        {
            var t = default(PyThreadState37<TLong>);
            return new ThreadLayout
            {
                Next = Off(ref t, ref t.next), Interp = Off(ref t, ref t.interp), Frame = Off(ref t, ref t.frame),
                Id = Off(ref t, ref t.thread_id), LongSize = Unsafe.SizeOf<TLong>(), Size = Unsafe.SizeOf<PyThreadState37<TLong>>(),
            };
        }
    }

    /// <summary>3.10: frames still hang off frame; cframe only carries use_tracing.</summary>
    private static ThreadLayout Thread310
    {
        get
        {
            var t = default(PyThreadState310<TLong>);
            return new ThreadLayout
            {
                Next = Off(ref t, ref t.next), Interp = Off(ref t, ref t.interp), Frame = Off(ref t, ref t.frame),
                Id = Off(ref t, ref t.thread_id), LongSize = Unsafe.SizeOf<TLong>(), Size = Unsafe.SizeOf<PyThreadState310<TLong>>(),
            };
        }
    }

    private static ThreadLayout Thread311
    {
        get
        {
            var t = default(PyThreadState311<TLong>);
            var cf = default(_PyCFrame311);
            return new ThreadLayout
            {
                Next = Off(ref t, ref t.next), Interp = Off(ref t, ref t.interp),
                Frame = Off(ref t, ref t.cframe), FrameIsCFrame = true, CFrameCurrentFrame = Off(ref cf, ref cf.current_frame),
                Id = Off(ref t, ref t.thread_id), NativeId = Off(ref t, ref t.native_thread_id), LongSize = Unsafe.SizeOf<TLong>(),
                DatastackChunk = Off(ref t, ref t.datastack_chunk), Size = Unsafe.SizeOf<PyThreadState311<TLong>>(),
            };
        }
    }

    private static ThreadLayout Thread312
    {
        get
        {
            var t = default(PyThreadState312<TLong>);
            var cf = default(_PyCFrame312);
            return new ThreadLayout
            {
                Next = Off(ref t, ref t.next), Interp = Off(ref t, ref t.interp),
                Frame = Off(ref t, ref t.cframe), FrameIsCFrame = true, CFrameCurrentFrame = Off(ref cf, ref cf.current_frame),
                Id = Off(ref t, ref t.thread_id), NativeId = Off(ref t, ref t.native_thread_id), LongSize = Unsafe.SizeOf<TLong>(),
                DatastackChunk = Off(ref t, ref t.datastack_chunk), Size = Unsafe.SizeOf<PyThreadState312<TLong>>(),
            };
        }
    }

    private static ThreadLayout Thread313
    {
        get
        {
            var t = default(PyThreadState313<TLong>);
            return new ThreadLayout
            {
                Next = Off(ref t, ref t.next), Interp = Off(ref t, ref t.interp), Frame = Off(ref t, ref t.current_frame),
                Id = Off(ref t, ref t.thread_id), NativeId = Off(ref t, ref t.native_thread_id), LongSize = Unsafe.SizeOf<TLong>(),
                DatastackChunk = Off(ref t, ref t.datastack_chunk), Size = Unsafe.SizeOf<PyThreadState313<TLong>>(),
            };
        }
    }

    // ---- PyInterpreterState ----

    private static InterpreterLayout Interp27
    {
        get
        {
            var i = default(PyInterpreterState27);
            return new InterpreterLayout
            {
                Next = Off(ref i, ref i.next), ThreadsHead = Off(ref i, ref i.tstate_head), Modules = Off(ref i, ref i.modules),
                Size = Unsafe.SizeOf<PyInterpreterState27>(),
            };
        }
    }

    private static InterpreterLayout Interp37
    {
        get
        {
            var i = default(PyInterpreterState37);
            return new InterpreterLayout
            {
                Next = Off(ref i, ref i.next), Id = Off(ref i, ref i.id), ThreadsHead = Off(ref i, ref i.tstate_head), Modules = Off(ref i, ref i.modules),
                Size = Unsafe.SizeOf<PyInterpreterState37>(),
            };
        }
    }

    private static InterpreterLayout Interp38
    {
        get
        {
            var i = default(PyInterpreterState38);
            return new InterpreterLayout
            {
                Next = Off(ref i, ref i.next), Id = Off(ref i, ref i.id), ThreadsHead = Off(ref i, ref i.tstate_head), Modules = Off(ref i, ref i.modules),
                Size = Unsafe.SizeOf<PyInterpreterState38>(),
            };
        }
    }

    private static InterpreterLayout Interp39
    {
        get
        {
            var i = default(PyInterpreterState39);
            return new InterpreterLayout
            {
                Next = Off(ref i, ref i.next), Id = Off(ref i, ref i.id), ThreadsHead = Off(ref i, ref i.tstate_head), Modules = Off(ref i, ref i.modules),
                GcCollecting = Off(ref i, ref i.gc.collecting), Size = Unsafe.SizeOf<PyInterpreterState39>(),
            };
        }
    }

    private static InterpreterLayout Interp310
    {
        get
        {
            var i = default(PyInterpreterState310);
            return new InterpreterLayout
            {
                Next = Off(ref i, ref i.next), Id = Off(ref i, ref i.id), ThreadsHead = Off(ref i, ref i.tstate_head), Modules = Off(ref i, ref i.modules),
                GcCollecting = Off(ref i, ref i.gc.collecting), Size = Unsafe.SizeOf<PyInterpreterState310>(),
            };
        }
    }

    private static InterpreterLayout Interp311
    {
        get
        {
            var i = default(PyInterpreterState311<TLong>);
            return new InterpreterLayout
            {
                Next = Off(ref i, ref i.next), Id = Off(ref i, ref i.id), ThreadsHead = Off(ref i, ref i.threads.head), Modules = Off(ref i, ref i.modules),
                GcCollecting = Off(ref i, ref i.gc.collecting), Size = Unsafe.SizeOf<PyInterpreterState311<TLong>>(),
            };
        }
    }

    /// <summary>3.12: each interpreter points to its GIL (its own _gil, or the main interpreter's).</summary>
    private static InterpreterLayout Interp312
    {
        get
        {
            var i = default(PyInterpreterState312<TLong>);
            var g = default(_gil_runtime_state<TLong, TMutex, TCond>);
            return new InterpreterLayout
            {
                Next = Off(ref i, ref i.next), Id = Off(ref i, ref i.id), ThreadsHead = Off(ref i, ref i.threads.head), Modules = Off(ref i, ref i.imports.modules),
                CevalGil = Off(ref i, ref i.ceval.gil), GilLastHolder = Off(ref g, ref g.last_holder), GilLocked = Off(ref g, ref g.locked),
                GcCollecting = Off(ref i, ref i.gc.collecting), Size = Unsafe.SizeOf<PyInterpreterState312<TLong>>(),
            };
        }
    }

    private static InterpreterLayout Interp313
    {
        get
        {
            var i = default(PyInterpreterState313<TLong>);
            var g = default(_gil_runtime_state<TLong, TMutex, TCond>);
            return new InterpreterLayout
            {
                Next = Off(ref i, ref i.next), Id = Off(ref i, ref i.id), ThreadsHead = Off(ref i, ref i.threads.head), Modules = Off(ref i, ref i.imports.modules),
                CevalGil = Off(ref i, ref i.ceval.gil), GilLastHolder = Off(ref g, ref g.last_holder), GilLocked = Off(ref g, ref g.locked),
                GcCollecting = Off(ref i, ref i.gc.collecting), Size = Unsafe.SizeOf<PyInterpreterState313<TLong>>(),
            };
        }
    }

    // ---- _PyRuntimeState ----

    private static RuntimeLayout Runtime37
    {
        get
        {
            var r = default(_PyRuntimeState37<TLong, TLongDouble, TMutex, TCond>);
            return new RuntimeLayout
            {
                InterpretersHead = Off(ref r, ref r.interpreters.head), Size = Unsafe.SizeOf<_PyRuntimeState37<TLong, TLongDouble, TMutex, TCond>>(),
                GilLastHolder = Off(ref r, ref r.ceval.gil.last_holder), GilLocked = Off(ref r, ref r.ceval.gil.locked),
                TstateCurrent = Off(ref r, ref r.gilstate.tstate_current),
                GcCollecting = Off(ref r, ref r.gc.collecting),
            };
        }
    }

    private static RuntimeLayout Runtime38
    {
        get
        {
            var r = default(_PyRuntimeState38<TLong, TMutex, TCond>);
            return new RuntimeLayout
            {
                InterpretersHead = Off(ref r, ref r.interpreters.head), Size = Unsafe.SizeOf<_PyRuntimeState38<TLong, TMutex, TCond>>(),
                GilLastHolder = Off(ref r, ref r.ceval.gil.last_holder), GilLocked = Off(ref r, ref r.ceval.gil.locked),
                TstateCurrent = Off(ref r, ref r.gilstate.tstate_current),
                GcCollecting = Off(ref r, ref r.gc.collecting),
            };
        }
    }

    private static RuntimeLayout Runtime39
    {
        get
        {
            var r = default(_PyRuntimeState39<TLong, TMutex, TCond>);
            return new RuntimeLayout
            {
                InterpretersHead = Off(ref r, ref r.interpreters.head), Size = Unsafe.SizeOf<_PyRuntimeState39<TLong, TMutex, TCond>>(),
                GilLastHolder = Off(ref r, ref r.ceval.gil.last_holder), GilLocked = Off(ref r, ref r.ceval.gil.locked),
                TstateCurrent = Off(ref r, ref r.gilstate.tstate_current),
            };
        }
    }

    private static RuntimeLayout Runtime311
    {
        get
        {
            var r = default(_PyRuntimeState311<TLong, TMutex, TCond>);
            return new RuntimeLayout
            {
                InterpretersHead = Off(ref r, ref r.interpreters.head), Size = Unsafe.SizeOf<_PyRuntimeState311<TLong, TMutex, TCond>>(),
                GilLastHolder = Off(ref r, ref r.ceval.gil.last_holder), GilLocked = Off(ref r, ref r.ceval.gil.locked),
                TstateCurrent = Off(ref r, ref r.gilstate.tstate_current),
            };
        }
    }

    private static RuntimeLayout Runtime312
    {
        get
        {
            var r = default(_PyRuntimeState312);
            return new RuntimeLayout { InterpretersHead = Off(ref r, ref r.interpreters.head), Size = Unsafe.SizeOf<_PyRuntimeState312>() };
        }
    }

    private static RuntimeLayout Runtime313
    {
        get
        {
            var r = default(_PyRuntimeState313<TLong>);
            return new RuntimeLayout { InterpretersHead = Off(ref r, ref r.interpreters.head), Size = Unsafe.SizeOf<_PyRuntimeState313<TLong>>() };
        }
    }

    // ---- str and bytes ----

    private static StringLayout String27
    {
        get
        {
            var s = default(PyStringObject27<TLong>);
            return new StringLayout { Py2Strings = true, BytesData = Off(ref s, ref s.ob_sval[0]) };
        }
    }

    private static StringLayout Unicode33
    {
        get
        {
            var u = default(PyUnicodeObject33);
            var b = default(PyBytesObject3);
            return new StringLayout
            {
                Py2Strings = false, BytesData = Off(ref b, ref b.ob_sval[0]),
                AsciiSize = Unsafe.SizeOf<PyASCIIObject33>(), CompactSize = Unsafe.SizeOf<PyCompactUnicodeObject33>(),
                DataPointer = Off(ref u, ref u.data),
            };
        }
    }

    private static StringLayout Unicode312
    {
        get
        {
            var u = default(PyUnicodeObject312);
            var b = default(PyBytesObject3);
            return new StringLayout
            {
                Py2Strings = false, BytesData = Off(ref b, ref b.ob_sval[0]),
                AsciiSize = Unsafe.SizeOf<PyASCIIObject312>(), CompactSize = Unsafe.SizeOf<PyCompactUnicodeObject312>(),
                DataPointer = Off(ref u, ref u.data),
            };
        }
    }
}
