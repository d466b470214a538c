// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;

namespace Austin.Tests.Unit.LineTables;

/// <summary>One code object as the interpreter dumped it.</summary>
/// <param name="Label">File (or <c>&lt;snippet&gt;</c>) and <c>co_name</c>, for messages.</param>
/// <param name="FirstLineNo"><c>co_firstlineno</c>.</param>
/// <param name="Table">The raw <c>co_lnotab</c> (≤3.9) or <c>co_linetable</c> (3.10+).</param>
/// <param name="Lines">
/// <c>PyCode_Addr2Line</c> for every position: per byte offset (≤3.9) or per code unit (3.10+); -1 = no line.
/// </param>
/// <param name="Locations">3.11+: <c>co_positions()</c> flattened, four ints per code unit, -1 = None.</param>
internal sealed record CodeDump(string Label, int FirstLineNo, byte[] Table, int[] Lines, int[]? Locations);

/// <summary>What one interpreter says about the line tables of the code it compiled.</summary>
internal sealed class TableDump
{
    public int Major { get; private set; }
    public int Minor { get; private set; }
    public int Micro { get; private set; }
    public List<CodeDump> Codes { get; } = [];

    /// <summary>Offsets where the interpreter's own APIs disagreed with each other (should stay empty).</summary>
    public List<string> Disagreements { get; } = [];

    /// <summary>
    /// The dump of <paramref name="python"/>, made once per test run (several tests read it): the
    /// interpreter compiles a few stdlib modules plus a generated snippet (multi-line calls, loops,
    /// handlers, lambdas, comprehensions, line jumps over 127/255 lines in both directions, more than
    /// 255 bytecode bytes on one line, a long function with EXTENDED_ARG jumps, lines past 2**18, lines
    /// stepping back over 128 through the AST) and dumps, for every code object, its table and its own
    /// answer for every position.
    /// </summary>
    public static TableDump For(InstalledInterpreter python) =>
        s_cache.GetOrAdd(python.Executable, _ => new Lazy<TableDump>(() => Run(python))).Value;

    private static readonly ConcurrentDictionary<string, Lazy<TableDump>> s_cache = new(StringComparer.Ordinal);

    private static TableDump Run(InstalledInterpreter python)
    {
        var psi = new ProcessStartInfo(python.Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // -E: ignore PYTHON* variables; -S: no site (nothing here needs it, and it keeps startup short).
        psi.ArgumentList.Add("-E");
        psi.ArgumentList.Add("-S");
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(Script);
        using Process process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + python.Executable);
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Task<TableDump> parse = Task.Run(() => Parse(process.StandardOutput));
        if (!process.WaitForExit(120_000))
        {
            process.Kill();
            throw new TimeoutException(python.Executable + " did not finish dumping its line tables in 120 s");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{python.Executable} exited with {process.ExitCode}: {stderr.Result}");
        return parse.Result;
    }

    public static TableDump Parse(TextReader reader)
    {
        var dump = new TableDump();
        int declared = -1;
        CodeDump? pending = null;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length < 2)
                throw new FormatException("short line in the dump: '" + line + "'");
            string rest = line[2..];
            switch (line[0])
            {
                case 'V':
                    int[] v = Ints(rest);
                    (dump.Major, dump.Minor, dump.Micro) = (v[0], v[1], v[2]);
                    break;
                case 'C':
                    string[] f = rest.Split(' ', 4);
                    pending = new CodeDump(f[3], Int(f[0]), f[2] == "-" ? [] : Convert.FromHexString(f[2]), new int[Int(f[1])], null);
                    dump.Codes.Add(pending);
                    break;
                case 'L':
                    Fill(pending, rest, pending?.Lines.Length ?? 0, pending?.Lines);
                    break;
                case 'P':
                    if (pending is null)
                        throw new FormatException("positions before a code object");
                    int[] locations = new int[pending.Lines.Length * 4];
                    Fill(pending, rest, locations.Length, locations);
                    dump.Codes[^1] = pending = pending with { Locations = locations };
                    break;
                case '!':
                    dump.Disagreements.Add(rest);
                    break;
                case 'E':
                    declared = Int(rest);
                    break;
                default:
                    throw new FormatException("unexpected line in the dump: '" + line + "'");
            }
        }
        if (declared != dump.Codes.Count)
            throw new FormatException($"the dump is incomplete: {dump.Codes.Count} code objects, the trailer says {declared}");
        return dump;
    }

    private static void Fill(CodeDump? code, string text, int count, int[]? into)
    {
        if (code is null || into is null)
            throw new FormatException("values before a code object");
        if (text.Length == 0 && count == 0)
            return;
        int n = 0;
        foreach (Range r in text.AsSpan().Split(' '))
        {
            if (n == count)
                throw new FormatException($"{code.Label}: more than {count} values");
            into[n++] = int.Parse(text.AsSpan()[r], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        if (n != count)
            throw new FormatException($"{code.Label}: {n} values, expected {count}");
    }

    private static int Int(string s) => int.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    private static int[] Ints(string s) => Array.ConvertAll(s.Split(' '), Int);

    /// <summary>Runs under 2.7 and 3.x alike (no f-strings).</summary>
    private const string Script = """
        # Dumps, for every code object of a few stdlib modules and of a generated snippet, what the running
        # interpreter says the line (and 3.11+ location) of every instruction offset is. Runs on 2.7 and 3.x.
        import binascii, ctypes, dis, os, sys

        V = sys.version_info[:2]
        addr2line = ctypes.pythonapi.PyCode_Addr2Line
        addr2line.argtypes = [ctypes.py_object, ctypes.c_int]
        addr2line.restype = ctypes.c_int
        out = sys.stdout
        STDLIB = ["argparse.py", "difflib.py", "textwrap.py", "tarfile.py", "_pydecimal.py", "decimal.py",
                  "inspect.py", "asyncio/base_events.py", "json/decoder.py"]

        def snippet():
            s = []
            s.append("def calls(a, b):\n"
                     "    x = dict(a,\n"
                     "             b=[i * 2\n"
                     "                for i in range(a)\n"
                     "                if i % 3],\n"
                     "             c=lambda y: (y +\n"
                     "                          1),\n"
                     "             d={k: v for k, v in\n"
                     "                zip(a, b)})\n"
                     "    return (x *\n"
                     "            2)\n")
            s.append("def flow(a):\n"
                     "    total = 0\n"
                     "    for i in a:\n"
                     "        if i:\n"
                     "            continue\n"
                     "        while total < 10:\n"
                     "            total += 1\n"
                     "            if total == 5:\n"
                     "                break\n"
                     "        else:\n"
                     "            total -= 1\n"
                     "    try:\n"
                     "        total /= len(a)\n"
                     "    except ZeroDivisionError as e:\n"
                     "        total = -1\n"
                     "    except (TypeError, ValueError):\n"
                     "        raise\n"
                     "    else:\n"
                     "        total += 1\n"
                     "    finally:\n"
                     "        a = None\n"
                     "    with open(__file__) as fh, open(__file__) as gh:\n"
                     "        total += len(fh.read())\n"
                     "    return total\n")
            s.append("def gen(n):\n"
                     "    for i in range(n):\n"
                     "        yield (i,\n"
                     "               i * 2)\n"
                     "    g = (x for x in range(n)\n"
                     "         if x)\n"
                     "    s = {x for x in g}\n"
                     "    yield s\n")
            # Line jumps forward and backward of more than 127 and 255 lines, with code on both sides.
            body = ["def jumps(a):", "    x = a"]
            body += [""] * 140 + ["    y = x + 1"]
            body += [""] * 300 + ["    for i in range(a):", "        x += i"]
            body += [""] * 200 + ["        y -= i"]
            body += [""] * 300 + ["        if x:", "            continue"]
            body += ["    return (x,"] + [""] * 400 + ["            y)"]
            s.append("\n".join(body) + "\n")
            # More than 255 bytes of bytecode on one line, and a jump over a long body (EXTENDED_ARG).
            s.append("def wide(a):\n    x = [" + ", ".join(["a"] * 300) + "]\n"
                     "    y = " + " + ".join(["a"] * 200) + "\n    return x, y\n")
            long = ["def long_body(a):", "    if a:"]
            long += ["        a%d = a + %d" % (i, i) for i in range(1500)]
            long += ["    return a"]
            s.append("\n".join(long) + "\n")
            s.append("class K(object):\n"
                     "    @staticmethod\n"
                     "    def m(\n"
                     "        a,\n"
                     "        b=lambda: 0,\n"
                     "    ):\n"
                     "        return [lambda: a for _ in b()]\n")
            if V >= (3, 5):
                s.append("async def co(a):\n"
                         "    async with a as b:\n"
                         "        await b\n"
                         "    async for x in a:\n"
                         "        await x\n")
            if V >= (3, 6):
                s.append("def fmt(a):\n"
                         "    return f'{a}' \\\n"
                         "           f'{a!r:>{10}}'\n")
            if V >= (3, 8):
                s.append("def walrus(a):\n"
                         "    while (n := len(a)) > 10:\n"
                         "        a = a[:n // 2]\n"
                         "    return [y for x in a if (y := x)]\n")
            if V >= (3, 10):
                s.append("def matcher(p):\n"
                         "    match p:\n"
                         "        case [x, y, *rest] if x > 0:\n"
                         "            return rest\n"
                         "        case {'k': v}:\n"
                         "            return v\n"
                         "        case _:\n"
                         "            return None\n")
            if V >= (3, 11):
                s.append("def groups():\n"
                         "    try:\n"
                         "        raise ExceptionGroup('g', [ValueError()])\n"
                         "    except* ValueError:\n"
                         "        x = 1\n"
                         "    return x\n")
            # Line numbers beyond 2**18, so that 3.11+ needs multi-byte varints.
            s.append("\n" * 300000 + "def far(a):\n    return (a,\n" + "\n" * 70000 + "            a)\n")
            return "".join(x + "\n" for x in s)

        def backwards():
            # Statements placed at lines 400, 200, 20, 300 through the AST: 3.6 and 3.7 never step back from
            # source text, this makes them emit negative line deltas of more than 128 (2.7 cannot encode them).
            import ast
            tree = ast.parse("def back(a):\n    x = a\n    y = x\n    z = y\n    return z\n")
            for stmt, line in zip(tree.body[0].body, (400, 200, 20, 300)):
                for node in ast.walk(stmt):
                    if hasattr(node, "lineno"):
                        node.lineno = line
                    if hasattr(node, "end_lineno"):
                        node.end_lineno = line
            return compile(tree, "<backwards>", "exec")

        def code_objects(co):
            yield co
            for c in co.co_consts:
                if hasattr(c, "co_code"):
                    for x in code_objects(c):
                        yield x

        def hexlify(b):
            return binascii.hexlify(bytes(bytearray(b))).decode("ascii") or "-"

        def expected_lines(co):
            # PyCode_Addr2Line is what f_lineno calls for a frame that is not being traced.
            code = co.co_code
            if V < (3, 10):
                return [addr2line(co, off) for off in range(len(code))]
            return [addr2line(co, 2 * unit) for unit in range(len(code) // 2)]

        def other_lines(co, n):
            # A second opinion from the interpreter's documented API (dis.findlinestarts <= 3.9, co_lines 3.10+).
            if V < (3, 10):
                result, starts, j, cur = [], list(dis.findlinestarts(co)), 0, co.co_firstlineno
                for off in range(n):
                    while j < len(starts) and starts[j][0] <= off:
                        cur = starts[j][1]
                        j += 1
                    result.append(cur)
                return result
            result = [-1] * n
            for start, end, line in co.co_lines():
                for unit in range(start // 2, end // 2):
                    result[unit] = -1 if line is None else line
            return result

        def dump(co, label):
            table = co.co_lnotab if V < (3, 10) else co.co_linetable
            lines = expected_lines(co)
            out.write("C %d %d %s %s:%s\n" % (co.co_firstlineno, len(lines), hexlify(table), label, co.co_name))
            out.write("L " + " ".join([str(x) for x in lines]) + "\n")
            for n, (a, b) in enumerate(zip(lines, other_lines(co, len(lines)))):
                if a != b:
                    out.write("! %s:%s offset %d: PyCode_Addr2Line %d, other %d\n" % (label, co.co_name, n, a, b))
                    break
            if V >= (3, 11):
                pos = []
                for p in co.co_positions():
                    pos.extend([-1 if x is None else x for x in p])
                out.write("P " + " ".join([str(x) for x in pos]) + "\n")
            return 1

        def main():
            out.write("V %d %d %d\n" % sys.version_info[:3])
            libdir = os.path.dirname(os.__file__)
            count = 0
            for name in STDLIB:
                path = os.path.join(libdir, name)
                if not os.path.exists(path):
                    continue
                with open(path, "rb") as fh:
                    top = compile(fh.read(), path, "exec")
                for co in code_objects(top):
                    count += dump(co, name)
            for co in code_objects(compile(snippet(), "<snippet>", "exec")):
                count += dump(co, "<snippet>")
            if V >= (3, 6):
                for co in code_objects(backwards()):
                    count += dump(co, "<backwards>")
            out.write("E %d\n" % count)

        main()
        """;
}
