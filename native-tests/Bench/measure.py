# SPDX-License-Identifier: GPL-3.0-or-later
"""One benchmark run, printed as one JSON line on standard output.

  measure.py attach SAMPLER PYTHON DEEP_PY --depth D --seconds S --interval I
      Starts `PYTHON DEEP_PY D <S + slack>`, waits for its "ready" (the stack is then D frames
      deep), starts `SAMPLER -i I -p PID`, sends the sampler SIGINT after S seconds, and counts
      the samples it wrote: all of them, those with the whole D-frame stack, the bad ones.
      The sampler's CPU time comes from wait4() on it (it has no children here), its peak RSS from
      /proc/PID/status (VmHWM) while it runs.
  measure.py launch SAMPLER|none PYTHON WORKLOAD_PY --units U [--interval I]
      Runs `[SAMPLER [-i I]] PYTHON WORKLOAD_PY U` to completion; reports the wall time from
      spawn to exit and the workload's own timing of its work (start-up excluded).
  measure.py pool SAMPLER PYTHON POOL_PY --procs N --busy B --seconds S --interval I
      Starts `PYTHON POOL_PY N <S + slack> B` (a parent and N Python children), waits for its "ready",
      runs `SAMPLER -C -i I -p PID` for S seconds like attach, and counts the sample lines of every
      process and the distinct processes they name.

Samples are read in both text formats: the collapsed one of ours and the C austin 1.0.1 (`Thread ...`,
with -C `Process <pid>;Thread ...`) and the C austin 3.7's (`P<pid>;T<iid>:<tid>;<file>:<func>:<line>;...`,
between `# key: value` metadata lines); see parse_sample().

Every process is started in a session of its own, so that a sampler and what it launched can
be killed together; every wait has a deadline. The sampler gets SIGINT at its default action
even if this script was started with SIGINT ignored (as `cmd &` does in a non-interactive shell).
Process-group ids go to $BENCH_PIDFILE (one per line) so that bench.sh's trap can kill leftovers.
Output files live in --workdir and are deleted once counted.
"""
import argparse
import json
import os
import re
import signal
import subprocess
import sys
import time

_groups = []  # process groups this run started and has not yet reaped


def _kill_groups(*_):
    for pgid in list(_groups):
        try:
            os.killpg(pgid, signal.SIGKILL)
        except OSError:
            pass


def _on_signal(signum, _frame):
    _kill_groups()
    sys.exit(128 + signum)


def _default_sigint():
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _publish_groups():
    """Keeps $BENCH_PIDFILE listing exactly the groups not yet reaped, for bench.sh's trap."""
    pidfile = os.environ.get("BENCH_PIDFILE")
    if pidfile:
        with open(pidfile, "w") as f:
            f.write("".join("%d\n" % g for g in _groups))


def spawn(cmd, stdout, stderr, cpu=None):
    def prepare():
        _default_sigint()
        if cpu is not None:
            os.sched_setaffinity(0, {cpu})
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr,
                         start_new_session=True, preexec_fn=prepare, close_fds=True)
    _groups.append(p.pid)
    _publish_groups()
    return p


def reap(p, deadline):
    """wait4() on p until the monotonic deadline; returns (exit code, rusage) or (None, None).
    The only place that waits for a child (Popen.poll/wait would reap it and lose its rusage)."""
    while p.returncode is None:
        pid, status, ru = os.wait4(p.pid, os.WNOHANG)
        if pid == p.pid:
            p.rusage = ru
            p.returncode = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
            break
        if time.monotonic() >= deadline:
            return None, None
        time.sleep(0.005)
    return p.returncode, p.rusage


def vm_hwm_kb(pid):
    """The process's peak resident set (VmHWM of /proc/PID/status) in KiB, or None once it has exited."""
    try:
        with open("/proc/%d/status" % pid, "rb") as f:
            for line in f:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


def running(p):
    return reap(p, 0)[0] is None


def finish(p, grace):
    """Reap p within `grace` seconds, else SIGKILL its group and reap it; then forget the group."""
    rc, ru = reap(p, time.monotonic() + grace)
    killed = rc is None
    try:  # whatever the process left in its group (a launched interpreter) goes too
        os.killpg(p.pid, signal.SIGKILL)
    except OSError:
        pass
    if killed:
        rc, ru = reap(p, time.monotonic() + 10)
    if p.pid in _groups:
        _groups.remove(p.pid)
        _publish_groups()
    return rc, ru, killed


def wait_ready(p, timeout):
    """Reads the target's stdout until "ready"; False on timeout or early exit."""
    import select
    deadline = time.monotonic() + timeout
    buf = b""
    fd = p.stdout.fileno()
    while b"ready" not in buf:
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        r, _, _ = select.select([fd], [], [], left)
        if r:
            chunk = os.read(fd, 4096)
            if not chunk:
                return False
            buf += chunk
    return True


def parse_sample(line):
    """A sample line of either text format -> (pid or None, frames, bad), or None for other lines.

    frames is a list of (function, file) from the outermost frame in. The formats:
      Thread <tid>;<func> (<file>);L<line>;... <metric>          ours and the C austin 1.0.1; with -C ours
      Process <pid>;Thread <tid>;...                               puts Process <pid>; first; bad: ;Bad sample
      P<pid>;T<iid>:<tid>;<file>:<func>:<line>;... <metric>     the C austin 3.7 (one field per frame); bad:
                                                                   an ;:INVALID: frame or ;:<n> FRAMES LEFT:
    The C austin 3.7's "# key: value" metadata lines and blank lines are not samples."""
    if line.startswith(b"P") and line[1:2].isdigit():
        stack = line.rstrip(b"\n").rsplit(b" ", 1)[0]
        parts = stack.split(b";")
        frames = []
        bad = False
        for f in parts[2:]:
            if f.startswith(b":"):  # :INVALID:, :<n> FRAMES LEFT:, :GC:, kernel frames: not Python frames
                bad = bad or f == b":INVALID:" or f.endswith(b" FRAMES LEFT:")
                continue
            fields = f.rsplit(b":", 2)
            frames.append((fields[1] if len(fields) == 3 else f, fields[0]))
        return int(parts[0][1:]), frames, bad
    pid = None
    if line.startswith(b"Process "):
        head, _, line = line.partition(b";")
        pid = int(head[8:])
    if not line.startswith(b"Thread "):
        return None
    stack = line.rstrip(b"\n").rsplit(b" ", 1)[0]
    if b";Bad sample" in stack:
        return pid, [], True
    # Thread <tid>;<func> (<file>);L<line>;...: two fields per frame.
    parts = stack.split(b";")
    frames = []
    for f in parts[1::2]:
        func, _, file = f.partition(b" (")
        frames.append((func, file.rstrip(b")")))
    return pid, frames, False


def count_samples(path, depth=None):
    """{lines, samples, full (full-depth samples), bad, complete (last line complete), first (the first
    sample's text), pids (the distinct processes of -C output)}."""
    c = {"lines": 0, "samples": 0, "full": 0, "bad": 0, "complete": True, "first": None}
    pids = set()
    with open(path, "rb") as f:
        for line in f:
            c["lines"] += 1
            if not line.endswith(b"\n"):
                c["complete"] = False
                break  # a torn last line is not a sample
            s = parse_sample(line)
            if s is None:
                continue
            pid, frames, bad = s
            c["samples"] += 1
            if pid is not None:
                pids.add(pid)
            if c["first"] is None:
                c["first"] = line[:120].decode("utf-8", "replace").rstrip("\n")
            if bad:
                c["bad"] += 1
            elif depth is not None and len(frames) == depth and frames[0][0] == b"<module>" \
                    and frames[-1][0] == b"spin":
                c["full"] += 1
    c["pids"] = len(pids)
    return c


_ANSI = re.compile(rb"\x1b\[[0-9;]*[A-Za-z]")
_TELLING = re.compile(rb"(?i)error|fail|cannot|can't|not |timed out|denied|no samples|invalid")


def first_line(path):
    """The line of a sampler's standard error that says most: the first that names a failure, else the first.
    Colours and the C austin 3.7's ASCII-art banner (lines with hardly a letter) are left out."""
    first = ""
    try:
        with open(path, "rb") as f:
            for line in f:
                line = _ANSI.sub(b"", line).strip()
                if not line or line.startswith(b"workload "):
                    continue
                if len(re.findall(rb"[A-Za-z]", line)) * 3 < len(line.replace(b" ", b"")):
                    continue  # banner art
                text = line.decode("utf-8", "replace")[:200]
                if _TELLING.search(line):
                    return text
                first = first or text
    except OSError:
        pass
    return first


def remove(*paths):
    for p in paths:
        try:
            os.unlink(p)
        except OSError:
            pass


def ended(rc):
    """How a process ended, from its exit code (a negative one is the signal that killed it)."""
    if rc is not None and rc < 0:
        try:
            return "killed by %s" % signal.Signals(-rc).name
        except ValueError:
            return "killed by signal %d" % -rc
    return "exited (status %s)" % rc


# Exit statuses of a sampler stopped by SIGINT that mean a clean stop: 0, and 254 (-SIGINT as an exit code),
# which the C austin 3.7 returns when a signal interrupted it.
INTERRUPTED_OK = (0, 256 - signal.SIGINT)


def sample_attached(a, rec, target_cmd, sampler_args, depth=None):
    """Starts target_cmd, waits for its "ready", runs SAMPLER sampler_args -p PID for a.seconds, stops it with
    SIGINT and counts what it wrote."""
    out = os.path.join(a.workdir, "samples.out")
    err = os.path.join(a.workdir, "sampler.err")
    target = spawn(target_cmd, subprocess.PIPE, subprocess.DEVNULL)
    try:
        if not wait_ready(target, 30):
            rec.update(ok=False, error="the target never said ready")
            return rec
        with open(out, "wb") as o, open(err, "wb") as e:
            t0 = time.monotonic()
            sampler = spawn([a.sampler] + sampler_args + ["-p", str(target.pid)], o, e)
        end = t0 + a.seconds
        # The peak RSS is VmHWM read while the sampler runs, last just before the SIGINT: wait4()'s ru_maxrss
        # cannot be used, as Linux carries it over exec() from the forked copy of this Python script
        # (about 11 MiB for any sampler). What the sampler allocates while it stops is not seen.
        hwm = None
        while time.monotonic() < end and running(sampler):
            hwm = max(hwm or 0, vm_hwm_kb(sampler.pid) or 0) or hwm
            time.sleep(0.01)
        hwm = max(hwm or 0, vm_hwm_kb(sampler.pid) or 0) or hwm
        t1 = time.monotonic()
        early = not running(sampler)
        target_alive = running(target)
        if not early:
            os.kill(sampler.pid, signal.SIGINT)
        rc, ru, killed = finish(sampler, a.stop_grace)
        c = count_samples(out, depth)
        samples = c["samples"]
        rec.update(ok=(not early and not killed and rc in INTERRUPTED_OK and target_alive and samples > 0),
                   wall=t1 - t0, rc=rc, stopped_by_sigint=not early and not killed,
                   target_alive=target_alive, samples=samples, full=c["full"], bad=c["bad"], processes=c["pids"],
                   last_line_complete=c["complete"],
                   cpu=(ru.ru_utime + ru.ru_stime) if ru else None,
                   maxrss_kb=ru.ru_maxrss if ru else None, hwm_kb=hwm)
        if samples and not c["full"]:
            rec["first_sample"] = c["first"]
        if early:
            rec["error"] = "%s before SIGINT: %s" % (ended(rc), first_line(err))
        elif killed:
            rec["error"] = "did not stop within %gs of SIGINT (killed)" % a.stop_grace
        elif rc == -signal.SIGINT and samples == 0:
            rec["error"] = "no sample in %g s, then killed by the SIGINT (no handler yet)" % a.seconds
        elif rc not in INTERRUPTED_OK:
            rec["error"] = "exit status %s: %s" % (rc, first_line(err))
        elif not target_alive:
            rec["error"] = "the target ended before the sampler was stopped"
        elif samples == 0:
            rec["error"] = "no samples: " + first_line(err)
        return rec
    finally:
        finish(target, 0)
        target.stdout.close()
        remove(out, err)


def attach(a):
    a.interval = 10 if a.interval is None else a.interval   # 0: as fast as the sampler can
    rec = {"kind": "attach", "sampler": a.sampler, "python": a.python, "interval": a.interval,
           "depth": a.depth, "seconds": a.seconds}
    return sample_attached(a, rec, [a.python, a.script, str(a.depth), str(a.seconds + 30)],
                           ["-i", str(a.interval)], a.depth)


def pool(a):
    """-C on a pool: `PYTHON POOL_PY PROCS SECONDS BUSY`, attached once all its children said ready. Attach
    mode, so that wait4()'s rusage is the sampler's alone (in launch mode it would include the pool's)."""
    a.interval = a.interval or 100
    rec = {"kind": "pool", "sampler": a.sampler, "python": a.python, "interval": a.interval,
           "procs": a.procs, "busy": a.busy, "seconds": a.seconds}
    return sample_attached(a, rec, [a.python, a.script, str(a.procs), str(a.seconds + 30), str(a.busy)],
                           ["-C", "-i", str(a.interval)])


def launch(a):
    out = os.path.join(a.workdir, "samples.out")
    err = os.path.join(a.workdir, "run.err")
    cmd = [a.python, a.script, str(a.units)]
    if a.sampler != "none":
        cmd = [a.sampler] + (["-i", str(a.interval)] if a.interval else []) + cmd
    rec = {"kind": "launch", "sampler": a.sampler, "python": a.python, "interval": a.interval, "units": a.units,
           "pinned": a.pin}
    try:
        with open(out, "wb") as o, open(err, "wb") as e:
            t0 = time.monotonic()
            # --pin: the workload on CPU 1 and the sampler on CPU 0 (the sampler's child is moved as soon as it
            # appears, before it has threads of its own), so that neither waits for the other's CPU.
            p = spawn(cmd, o, e, cpu=(1 if a.sampler == "none" else 0) if a.pin else None)
            if a.pin and a.sampler != "none":
                rec["pin_ms"] = pin_child(p.pid, 1, a.timeout)
        rc, _, killed = finish(p, a.timeout)
        wall = time.monotonic() - t0
        c = count_samples(out)
        samples, bad = c["samples"], c["bad"]
        work = checksum = None
        with open(err, "rb") as f:
            for line in f:
                w = line.split()
                if len(w) == 3 and w[0] == b"workload":
                    work, checksum = float(w[1]), int(w[2])
        rec.update(ok=(rc == 0 and not killed and work is not None), rc=rc, wall=wall, work=work,
                   checksum=checksum, samples=samples, bad=bad)
        if killed:
            rec["error"] = "did not finish within %gs (killed)" % a.timeout
        elif rc != 0 or work is None:
            rec["error"] = "exit status %s: %s" % (rc, first_line(err))
        return rec
    finally:
        remove(out, err)


def pin_child(pid, cpu, timeout):
    """Moves the first child of pid to cpu 100 ms after it runs another program than pid (once it has exec'd the
    workload); the milliseconds that took, or None. Not earlier: while the C austin 3.7 looks for the interpreter, a
    child that runs on a CPU of its own often makes it stop with "not a Python" (measured: 5 of 6 runs at 3-14 ms)."""
    t0 = time.monotonic()
    path = "/proc/%d/task/%d/children" % (pid, pid)
    try:
        own = os.readlink("/proc/%d/exe" % pid)
    except OSError:
        return None
    while time.monotonic() - t0 < timeout:
        try:
            with open(path) as f:
                kids = f.read().split()
            if kids and os.readlink("/proc/%s/exe" % kids[0]) != own:
                time.sleep(0.1)
                os.sched_setaffinity(int(kids[0]), {cpu})
                return round((time.monotonic() - t0) * 1000, 1)
        except OSError:
            if not os.path.exists("/proc/%d" % pid):
                return None
        time.sleep(0.0005)
    return None


def summary(r):
    if not r.get("ok"):
        return "FAILED: " + r.get("error", "exit status %s" % r.get("rc"))
    if r["kind"] == "pool":
        return "%d samples of %d processes in %.2f s, CPU %.2f s (%.1f us per process-sample), %d bad" % (
            r["samples"], r["processes"], r["wall"], r["cpu"], 1e6 * r["cpu"] / r["samples"], r["bad"])
    if r["kind"] == "attach":
        return "%d full-depth samples of %d in %.2f s (%.0f/s), CPU %.2f s, peak RSS %.1f MiB, %d bad" % (
            r["full"], r["samples"], r["wall"], r["full"] / r["wall"], r["cpu"], (r["hwm_kb"] or 0) / 1024.0, r["bad"])
    return "work %.3f s, wall %.3f s, %d samples, %d bad" % (r["work"], r["wall"], r["samples"], r["bad"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kind", choices=["attach", "launch", "pool"])
    ap.add_argument("sampler")
    ap.add_argument("python")
    ap.add_argument("script")
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--depth", type=int, default=40)
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--interval", type=int, default=None)
    ap.add_argument("--units", type=int, default=220)
    ap.add_argument("--procs", type=int, default=8, help="pool: the number of child processes")
    ap.add_argument("--busy", type=float, default=100, help="pool: the children's busy share, in percent")
    ap.add_argument("--pin", action="store_true", help="launch: the workload on CPU 1, the sampler on CPU 0")
    ap.add_argument("--timeout", type=float, default=120.0, help="launch: seconds before a run is killed")
    ap.add_argument("--stop-grace", type=float, default=10.0, help="attach: seconds allowed to stop after SIGINT")
    ap.add_argument("--tag", action="append", default=[], help="KEY=VALUE added to the record")
    ap.add_argument("--say", default=None, help="write a one-line summary with this prefix to stderr")
    a = ap.parse_args()
    for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        # An ignored SIGINT stays ignored (bench.sh starts this script with `&`, which ignores it;
        # bench.sh's own trap then stops this script with SIGTERM).
        if signal.getsignal(s) != signal.SIG_IGN:
            signal.signal(s, _on_signal)
    try:
        rec = {"attach": attach, "launch": launch, "pool": pool}[a.kind](a)
    except (OSError, ValueError) as e:  # a sampler or interpreter that cannot be started, ...
        rec = {"kind": a.kind, "sampler": a.sampler, "python": a.python, "ok": False, "error": str(e)}
    finally:
        _kill_groups()
    for t in a.tag:
        k, _, v = t.partition("=")
        rec[k] = v
    sys.stdout.write(json.dumps(rec, sort_keys=True) + "\n")
    if a.say is not None:
        sys.stderr.write(a.say + summary(rec) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
