# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs austin and the C austin 3.7 on the same targets with the same options, and prints what agrees.

    python3 compare_c3.py OURS C3 [--pythons 3.8,3.9,...] [--rows default,-P,...] [--keep DIR]

Every row of ROWS is one command line, given to both binaries unchanged, on every interpreter. What a row
compares (CHECKS):
  keys      the metadata keys of the two outputs, in order (values that differ are listed as notes)
  functions the functions of the target's own file that the samples show
  stacks    the distinct stacks (function, file, line of every frame) whose innermost frame is where a thread of
            native-tests/Targets/main_target.py parks: each binary's against the interpreter's own view (the
            target's oracle), and the two sets against each other
  columns   MOJO only: the end lines and columns of the frames of those stacks (3.11+)
  memory    the memory metrics: bytes (multiples of the page size), gains and releases both present
  idle      full metrics: the parked (sleeping) threads carry the idle flag
  shares    -C: each process's share of the samples (the parent and the four workers of c3_pool.py)
  where     -w: the stacks printed for the parked target, against its oracle
  duration  -x: the wall time of the run and the footer's duration
A cell says "agree" when both binaries give what the target shows (and the same as each other where a mode
shows every thread), "ours right, C not" when only ours does (the notes say what the C austin got wrong), and
"DIFFER" when ours is wrong. A row whose option our binary does not have yet is reported as such. Outputs are told apart by their first bytes
(MOJ: MOJO; "# " or "P": the 3.x text format; "Thread": the 0.7.0 collapsed format), so that a row compares what
each binary makes of the same command line: where ours keeps 0.7.0's meaning (-m, -f, -s without -P or -b print the
collapsed format), the stacks are still compared.
"""
import argparse
import glob
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TARGETS = os.path.normpath(os.path.join(HERE, "..", "Targets"))
MAIN = os.path.join(TARGETS, "main_target.py")
POOL = os.path.join(HERE, "c3_pool.py")
ALLOC = os.path.join(HERE, "c3_alloc.py")
INTERVAL = "10000"  # µs: 100 samples a second keeps the 300-frame thread's text output small
PAGE = os.sysconf("SC_PAGE_SIZE")


class Row(object):
    def __init__(self, name, args, target, checks, needs=None):
        self.name, self.args, self.target, self.checks, self.needs = name, args, target, checks, needs


# The option table: one command line per row, the same for both binaries.
ROWS = [
    Row("default", [], "main", ["stacks"]),
    Row("-P", ["-P"], "main", ["keys", "stacks"], needs="--pipe"),
    Row("-b", ["-b"], "main", ["keys", "stacks", "columns"], needs="--binary"),
    Row("-m", ["-m"], "alloc", ["functions"]),
    Row("-f", ["-f"], "main", ["stacks"]),
    Row("-s", ["-s"], "main", ["stacks"]),
    Row("-P -m", ["-P", "-m"], "alloc", ["keys", "memory"], needs="--pipe"),
    Row("-P -f", ["-P", "-f"], "main", ["keys", "stacks", "idle"], needs="--pipe"),
    Row("-P -s", ["-P", "-s"], "main", ["keys", "stacks"], needs="--pipe"),
    Row("-b -f", ["-b", "-f"], "main", ["keys", "stacks", "columns", "idle"], needs="--binary"),
    Row("-P -g", ["-P", "-g"], "main", ["keys", "stacks"], needs="--gc"),
    Row("-P -C", ["-P", "-C"], "pool", ["keys", "shares"], needs="--children"),
    Row("-w", ["-w"], "where", ["where"], needs="--where"),
    Row("-P -x 1", ["-P", "-x", "1"], "long", ["keys", "duration"], needs="--exposure"),
]


# ---- reading the outputs ------------------------------------------------------------------------------------------

class Sample(object):
    __slots__ = ("pid", "iid", "tid", "frames", "invalid", "gc", "idle", "time", "memory")

    def __init__(self, pid, iid, tid, frames, invalid=False, gc=False, idle=None, time=None, memory=None):
        self.pid, self.iid, self.tid, self.frames = pid, iid, tid, frames
        self.invalid, self.gc, self.idle, self.time, self.memory = invalid, gc, idle, time, memory


class Profile(object):
    def __init__(self, kind, metadata, samples):
        self.kind, self.metadata, self.samples = kind, metadata, samples

    def keys(self):
        seen = []
        for k, _ in self.metadata:
            if k not in seen:
                seen.append(k)
        return seen

    def meta(self, key):
        values = [v for k, v in self.metadata if k == key]
        return values[-1] if values else None


def read_mojo(data):
    """MOJO (mojo.h of austin 3.7): MOJ, a version, then events; integers are 6 bits + sign + more, then 7 bits + more."""
    if data[:3] != b"MOJ":
        raise ValueError("not MOJO")
    at = [3]

    def integer():
        b = data[at[0]]
        at[0] += 1
        value, shift, negative = b & 0x3F, 6, b & 0x40
        while b & 0x80:
            b = data[at[0]]
            at[0] += 1
            value |= (b & 0x7F) << shift
            shift += 7
        return -value if negative else value

    def text():
        end = data.index(b"\0", at[0])
        s = data[at[0]:end].decode("utf-8", "replace")
        at[0] = end + 1
        return s

    version = integer()
    metadata, samples, strings, frames = [], [], {}, {}
    current = None
    while at[0] < len(data):
        kind = data[at[0]]
        at[0] += 1
        if kind == 1:
            metadata.append((text(), text()))
        elif kind == 2:
            pid = integer()
            iid = integer() if version >= 3 else 0
            current = Sample(pid, iid, int(text(), 16), [])
            samples.append(current)
        elif kind == 3:
            key, file_key, name_key, line = integer(), integer(), integer(), integer()
            location = (integer(), integer(), integer()) if version >= 2 else (0, 0, 0)
            pid = current.pid if current else 0
            frames[(pid, key)] = (strings.get((pid, name_key), "<unknown>"), strings.get((pid, file_key), ""), line) + location
        elif kind == 4:
            current.invalid = True
        elif kind == 5:
            current.frames.append(frames[(current.pid, integer())])
        elif kind == 6:
            current.frames.append((text(), "<kernel>", 0, 0, 0, 0))
        elif kind == 7:
            current.gc = True
        elif kind == 8:
            current.idle = True
        elif kind == 9:
            current.time = integer()
        elif kind == 10:
            current.memory = integer()
        elif kind == 11:
            key = integer()
            strings[(current.pid if current else 0, key)] = text()
        elif kind == 12:
            integer()
        else:
            raise ValueError("unknown MOJO event %d at byte %d" % (kind, at[0] - 1))
    for s in samples:
        if s.time is not None and s.memory is not None and s.idle is None:
            s.idle = False
    return Profile("mojo", metadata, samples)


FRAME_3 = re.compile(r"^(.*):([^:]*):(\d+)$")


def read_austin(text):
    """The 3.x text format: '# key: value', blank lines, P<pid>;T<iid>:<tid>;<file>:<func>:<line>;... <metrics>."""
    metadata, samples = [], []
    mode = "wall"
    for line in text.split("\n"):
        if not line:
            continue
        if line.startswith("# "):
            key, _, value = line[2:].partition(": ")
            metadata.append((key, value))
            if key == "mode":
                mode = value
            continue
        head, _, metrics = line.rpartition(" ")
        pieces = head.split(";")
        pid = int(pieces[0][1:])
        iid, _, tid = pieces[1][1:].partition(":")
        sample = Sample(pid, int(iid), int(tid), [])
        pending = ""
        for piece in pieces[2:]:
            piece = pending + ";" + piece if pending else piece
            if piece == ":INVALID:":
                sample.invalid = True
                continue
            if piece == ":GC:":
                sample.gc = True
                continue
            m = FRAME_3.match(piece)
            if not m:
                pending = piece
                continue
            pending = ""
            sample.frames.append((m.group(2), m.group(1), int(m.group(3))))
        values = metrics.split(",")
        if len(values) == 3:
            sample.time, sample.idle, sample.memory = int(values[0]), values[1] == "1", int(values[2])
        elif mode == "memory":
            sample.memory = int(values[0])
        else:
            sample.time = int(values[0])
        samples.append(sample)
    return Profile("austin", metadata, samples)


FRAME_07 = re.compile(r"^(.*?) \((.*)\)$")


def read_collapsed(text):
    """austin 0.7.0: [Process <pid>;]Thread <tid>;<func> (<file>);L<line>;... <metric>[ <metric> <metric>]."""
    samples = []
    for line in text.split("\n"):
        if not line:
            continue
        parts = line.split(" ")
        # Metrics: the trailing integers (1 or 3).
        n = 3 if len(parts) > 3 and all(re.match(r"^-?\d+$", p) for p in parts[-3:]) and not parts[-4].endswith(";Bad") else 1
        head = " ".join(parts[:-n])
        values = [int(v) for v in parts[-n:]]
        pieces = head.split(";")
        pid = 0
        if pieces[0].startswith("Process "):
            pid = int(pieces[0][8:])
            pieces = pieces[1:]
        sample = Sample(pid, 0, int(pieces[0][7:], 16), [], time=values[0])
        rest = pieces[1:]
        if rest == ["Bad sample"]:
            sample.invalid = True
            rest = []
        i, pending = 0, ""
        while i < len(rest):
            piece = pending + ";" + rest[i] if pending else rest[i]
            m = FRAME_07.match(piece)
            if m and i + 1 < len(rest) and re.match(r"^L\d+$", rest[i + 1]):
                sample.frames.append((m.group(1), m.group(2), int(rest[i + 1][1:])))
                pending = ""
                i += 2
            else:
                pending = piece
                i += 1
        samples.append(sample)
    return Profile("collapsed", [], samples)


def read_output(data):
    if data.startswith(b"MOJ"):
        return read_mojo(data)
    text = data.decode("utf-8", "replace")
    if text.startswith("Thread ") or text.startswith("Process ") or not text.strip():
        return read_collapsed(text)
    return read_austin(text)


ANSI = re.compile(r"\x1b\[[0-9;]*m")
WHERE_THREAD = re.compile(r"Thread\s+(\S+)")
WHERE_FRAME = re.compile(r"^\s+(\S.*?) \((.*):(\d+)\)\s*$")


def read_where(text):
    """-w: blocks of frames ('    <func> (<file>:<line>)') under a line naming the thread; colours removed."""
    stacks, current = [], None
    for line in ANSI.sub("", text).split("\n"):
        m = WHERE_FRAME.match(line)
        if m and current is not None:
            current.append((m.group(1), m.group(2), int(m.group(3))))
            continue
        if WHERE_THREAD.search(line):
            current = []
            stacks.append(current)
    return [tuple(s) for s in stacks if s]


# ---- running ------------------------------------------------------------------------------------------------------

def ours_supports(ours):
    try:
        return subprocess.run([ours, "--help"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=30).stdout.decode()
    except Exception:
        return ""


def ours_refuses(ours, row, python):
    """Whether our binary takes the row's options but says their behaviour is not written yet (exit 64)."""
    args = ["-w", "1"] if row.target == "where" else row.args + [python, "-c", "pass"]
    p = subprocess.run([ours] + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60,
                       env=dict(os.environ, AUSTIN_LOG="off"))
    return p.returncode == 64 and b"not implemented" in p.stderr


def run(binary, args, command, out, env=None, timeout=120):
    started = time.time()
    with open(out, "wb") as f:
        p = subprocess.run([binary] + args + ["-i", INTERVAL] + command, stdout=f, stderr=subprocess.DEVNULL,
                           env=env, timeout=timeout)
    return p.returncode, time.time() - started


def target_command(row, python, oracle):
    if row.target == "main":
        return [python, MAIN, "--oracle", oracle, "--ready", "none", "--linger", "1.0"]
    if row.target == "long":
        return [python, MAIN, "--oracle", oracle, "--ready", "none", "--linger", "20"]
    if row.target == "pool":
        return [python, POOL, "2"]
    if row.target == "alloc":
        return [python, ALLOC, "2"]
    raise ValueError(row.target)


def oracle_stacks(path):
    with open(path) as f:
        document = json.load(f)
    reporter = document["roles"]["reporter"]
    return set(tuple(tuple(fr) for fr in stack) for tid, stack in document["threads"].items() if tid != reporter)


def parked_stacks(profile, leaves):
    found = set()
    for s in profile.samples:
        if s.frames and (s.frames[-1][1], s.frames[-1][2]) in leaves:
            found.add(tuple(f[:3] for f in s.frames))
    return found


def where_run(binary, python, work, tag, env):
    oracle = os.path.join(work, tag + ".oracle.json")
    target = subprocess.Popen([python, MAIN, "--oracle", oracle, "--ready", "stdout", "--linger", "60"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        target.stdout.readline()  # "ready"
        p = subprocess.run([binary, "-w", str(target.pid)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, timeout=60)
        return p.returncode, p.stdout.decode("utf-8", "replace"), oracle_stacks(oracle)
    finally:
        target.kill()
        target.wait()


# ---- comparing ----------------------------------------------------------------------------------------------------

def compare(row, python, ours, c3, work, env_ours):
    """One row on one interpreter: (ours is right, the C austin agrees with it, notes)."""
    tag = "%s-%s" % (re.sub(r"[^a-zA-Z0-9]+", "_", row.name).strip("_") or "default", os.path.basename(os.path.dirname(os.path.dirname(python))))
    notes = []
    ok = same = True
    env_c = dict(os.environ)

    if row.target == "where":
        rc_o, text_o, oracle_o = where_run(ours, python, work, tag + "-ours", env_ours)
        rc_c, text_c, oracle_c = where_run(c3, python, work, tag + "-c3", env_c)
        # The thread that writes the oracle (_report, target_support.py) is not in it: leave its stack out.
        reporter = lambda s: s[-1][0] == "_report" and s[-1][1].endswith("target_support.py")
        so = set(s for s in read_where(text_o) if not reporter(s))
        sc = set(s for s in read_where(text_c) if not reporter(s))
        ok = so == oracle_o and rc_o == 0
        same = sc == oracle_c
        notes.append("ours %d/%d stacks of the oracle (exit %d), C %d/%d (exit %d)" % (
            len(so & oracle_o), len(oracle_o), rc_o, len(sc & oracle_c), len(oracle_c), rc_c))
        return ok, same, notes

    profiles, durations, oracles = {}, {}, {}
    for who, binary, env in (("ours", ours, env_ours), ("c3", c3, env_c)):
        for attempt in (1, 2):
            oracle = os.path.join(work, "%s-%s.oracle.json" % (tag, who))
            out = os.path.join(work, "%s-%s.out" % (tag, who))
            if os.path.exists(oracle):
                os.remove(oracle)
            rc, wall = run(binary, row.args, target_command(row, python, oracle), out, env=env)
            with open(out, "rb") as f:
                profiles[who] = read_output(f.read())
            durations[who] = wall
            oracles[who] = oracle_stacks(oracle) if os.path.exists(oracle) else None
            if rc == 0 and profiles[who].samples:
                break
            notes.append("%s exited %d with %d samples%s" % (who, rc, len(profiles[who].samples), ", run again" if attempt == 1 else ""))
        if rc != 0 or not profiles[who].samples:
            if who == "ours":
                ok = False
            else:
                same = False
    po, pc = profiles["ours"], profiles["c3"]

    if "keys" in row.checks:
        ko, kc = po.keys(), pc.keys()
        if ko != kc:
            same = False
            notes.append("keys: ours %s, C %s" % (",".join(ko), ",".join(kc)))
        else:
            notes.append("keys: %s" % ",".join(ko))
        differing = ["%s (ours %s, C %s)" % (k, po.meta(k), pc.meta(k)) for k in ko
                     if k in ("austin", "interval", "mode", "python", "multiprocess") and po.meta(k) != pc.meta(k)]
        if differing:
            notes.append("values: " + "; ".join(differing))

    if "functions" in row.checks:
        def functions(p, name):
            return set(f[0] for smp in p.samples for f in smp.frames if os.path.basename(f[1]) == name)
        fo, fc = functions(po, os.path.basename(ALLOC)), functions(pc, os.path.basename(ALLOC))
        notes.append("functions of the target: ours %s, C %s" % (",".join(sorted(fo)) or "none", ",".join(sorted(fc)) or "none"))
        ok = ok and bool(fo) and all(f in ("<module>", "churn", "grow") or f.endswith("<listcomp>") for f in fo)
        same = same and fo == fc

    if "stacks" in row.checks and oracles["ours"] is not None:
        expected = oracles["ours"]
        leaves = set((st[-1][1], st[-1][2]) for st in expected if st)
        so = parked_stacks(po, leaves)
        # The modes that show every thread at every sample must show every parked stack.
        complete = row.args in ([], ["-P"], ["-b"], ["-f"], ["-P", "-f"], ["-b", "-f"], ["-P", "-g"])
        ok = ok and (so == expected if complete else so <= expected)
        line = "parked stacks: ours %d/%d" % (len(so & expected), len(expected))
        if so - expected:
            line += ", %d not in the oracle" % len(so - expected)
        if oracles["c3"] is not None:
            expected_c = oracles["c3"]
            sc = parked_stacks(pc, set((st[-1][1], st[-1][2]) for st in expected_c if st))
            c_right = sc == expected_c if complete else sc <= expected_c
            same = same and c_right and (so == sc if complete else True)
            line += ", C %d/%d" % (len(sc & expected_c), len(expected_c))
            if complete:
                line += ", same set" if so == sc else ", sets differ"
            missing = expected_c - sc if complete else set()
            if missing:
                line += "; C lacks: " + "; ".join("%s (%s:%d)" % st[-1] for st in sorted(missing))
                invalid = [smp for smp in pc.samples if smp.invalid]
                if invalid:
                    line += " (C: %d invalid samples)" % len(invalid)
        notes.append(line)

    if "columns" in row.checks and po.kind == "mojo" and pc.kind == "mojo":
        # The C austin keys a frame by (code object, instruction): compare the frames of the parked stacks, which sit
        # still, that both show.
        expected = oracles["ours"] or set()
        def located(p):
            return dict((tuple(f[:3] for f in smp.frames), tuple(smp.frames)) for smp in p.samples
                        if tuple(f[:3] for f in smp.frames) in expected)
        both_o, both_c = located(po), located(pc)
        shared = set(both_o) & set(both_c)
        lo = set(f for st in shared for f in both_o[st])
        lc = set(f for st in shared for f in both_c[st])
        with_columns = sum(1 for f in lo if f[3] or f[4] or f[5])
        if lo != lc:
            only_c = lc - lo
            only_o = lo - lc
            same = False
            notes.append("frame locations of %d stacks both show differ: %d frames ours only, %d C only, e.g. ours %s, C %s" % (
                len(shared), len(only_o), len(only_c), sorted(only_o)[:1], sorted(only_c)[:1]))
        else:
            notes.append("frame locations (line, end line, column, end column) of the %d stacks both show identical: %d frames, %d with columns" % (
                len(shared), len(lo), with_columns))

    if "memory" in row.checks:
        for who, p in (("ours", po), ("C", pc)):
            values = [smp.memory for smp in p.samples if smp.memory is not None]
            pages = all(v % PAGE == 0 for v in values)
            notes.append("%s: %d memory lines, %d gains, %d releases%s" % (
                who, len(values), sum(v > 0 for v in values), sum(v < 0 for v in values), "" if pages else ", NOT whole pages"))
            if who == "ours":
                ok = ok and pages and any(v > 0 for v in values) and any(v < 0 for v in values)

    if "idle" in row.checks:
        for who, p in (("ours", po), ("C", pc)):
            oracle = oracles["ours" if who == "ours" else "c3"] or set()
            sleepers = [smp for smp in p.samples if smp.frames and tuple(f[:3] for f in smp.frames) in oracle and smp.frames[-1][0] != "leaf"]
            idle = sum(1 for smp in sleepers if smp.idle)
            notes.append("%s: %d/%d lines of parked threads idle" % (who, idle, len(sleepers)))
            right = bool(sleepers) and idle >= 0.9 * len(sleepers)
            if who == "ours":
                ok = ok and right
            else:
                same = same and right

    if "shares" in row.checks:
        shares = {}
        for who, p in (("ours", po), ("C", pc)):
            counts = {}
            for smp in p.samples:
                if any(f[0].startswith("burn_") for f in smp.frames):
                    counts[smp.pid] = counts.get(smp.pid, 0) + 1
            total = sum(counts.values()) or 1
            shares[who] = sorted((100.0 * n / total for n in counts.values()), reverse=True)
            notes.append("%s: %d worker processes seen burning, shares %s %%" % (who, len(counts), "/".join("%.0f" % x for x in shares[who])))
        ok = ok and len(shares["ours"]) == 4
        same = same and len(shares["c3"]) == 4 and max(abs(a - b) for a, b in zip(shares["ours"], shares["c3"])) <= 10

    if "duration" in row.checks:
        for who, p in (("ours", po), ("c3", pc)):
            notes.append("%s: ran %.2f s, duration %s us" % ("ours" if who == "ours" else "C", durations[who], p.meta("duration")))
        d, dc = po.meta("duration"), pc.meta("duration")
        ok = ok and d is not None and abs(int(d) / 1e6 - 1.0) <= 0.1
        same = same and dc is not None and abs(int(dc) / 1e6 - 1.0) <= 0.1

    return ok, same, notes


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("ours")
    parser.add_argument("c3")
    parser.add_argument("--pythons", default="3.8,3.9,3.10,3.11,3.12,3.13")
    parser.add_argument("--rows", default=",".join(r.name for r in ROWS))
    parser.add_argument("--keep", help="keep the outputs in this directory")
    options = parser.parse_args()

    root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    pythons = []
    for v in options.pythons.split(","):
        found = sorted(glob.glob(os.path.join(root, "versions", v + ".*", "bin", "python3")))
        if found:
            pythons.append(found[-1])
        else:
            sys.stderr.write("compare_c3: no pyenv CPython %s: skipped\n" % v)
    wanted = options.rows.split(",")
    rows = [r for r in ROWS if r.name in wanted]
    help_text = ours_supports(options.ours)
    env_ours = dict(os.environ, AUSTIN_LOG="off")
    work = options.keep or tempfile.mkdtemp(prefix="austin-compare-c3.")
    os.makedirs(work, exist_ok=True)

    print("| option | checks | " + " | ".join("%s" % os.path.basename(os.path.dirname(os.path.dirname(p))) for p in pythons) + " |")
    print("|---|---|" + "---|" * len(pythons))
    details = []
    for row in rows:
        cells = []
        if (row.needs and row.needs not in help_text) or (pythons and ours_refuses(options.ours, row, pythons[0])):
            print("| `%s` | %s | %s |" % (row.name, ", ".join(row.checks), " | ".join(["not in ours yet"] * len(pythons))))
            continue
        for python in pythons:
            version = os.path.basename(os.path.dirname(os.path.dirname(python)))
            sys.stderr.write("compare_c3: %s on %s\n" % (row.name, version))
            try:
                ok, same, notes = compare(row, python, options.ours, options.c3, work, env_ours)
            except Exception as e:  # a run that cannot be read is a difference, reported as such
                ok, same, notes = False, False, ["error: %r" % (e,)]
            verdict = "agree" if ok and same else "ours right, C not" if ok else "DIFFER"
            cells.append(verdict)
            details.append("%s on %s: %s\n    %s" % (row.name, version, verdict, "\n    ".join(notes)))
        print("| `%s` | %s | %s |" % (row.name, ", ".join(row.checks), " | ".join(cells)))
    print("")
    print("\n".join(details))
    if not options.keep:
        subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()
