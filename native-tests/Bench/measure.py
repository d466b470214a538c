# SPDX-License-Identifier: GPL-3.0-or-later
"""One benchmark run, printed as one JSON line on standard output.

  measure.py attach SAMPLER PYTHON DEEP_PY --depth D --seconds S --interval I
      Starts `PYTHON DEEP_PY D <S + slack>`, waits for its "ready" (the stack is then D frames
      deep), starts `SAMPLER -i I -p PID`, sends the sampler SIGINT after S seconds, and counts
      the samples it wrote: all of them, those with the whole D-frame stack, the bad ones.
      The sampler's CPU time and peak RSS come from wait4() on it (it has no children here).
  measure.py launch SAMPLER|none PYTHON WORKLOAD_PY --units U [--interval I]
      Runs `[SAMPLER [-i I]] PYTHON WORKLOAD_PY U` to completion; reports the wall time from
      spawn to exit and the workload's own timing of its work (start-up excluded).

Every process is started in a session of its own, so that a sampler and what it launched can
be killed together; every wait has a deadline. The sampler gets SIGINT at its default action
even if this script was started with SIGINT ignored (as `cmd &` does in a non-interactive shell).
Process-group ids go to $BENCH_PIDFILE (one per line) so that bench.sh's trap can kill leftovers.
Output files live in --workdir and are deleted once counted.
"""
import argparse
import json
import os
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


def spawn(cmd, stdout, stderr):
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr,
                         start_new_session=True, preexec_fn=_default_sigint, close_fds=True)
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


def count_samples(path, depth=None):
    """(lines, samples, full-depth samples, bad samples, last line complete, first sample)."""
    lines = samples = full = bad = 0
    complete = True
    first = None
    with open(path, "rb") as f:
        for line in f:
            lines += 1
            if not line.endswith(b"\n"):
                complete = False
                break  # a torn last line is not a sample
            if not line.startswith(b"Thread "):
                continue
            samples += 1
            if first is None:
                first = line[:120].decode("utf-8", "replace").rstrip("\n")
            stack = line.rstrip(b"\n").rsplit(b" ", 1)[0]
            if b";Bad sample" in stack:
                bad += 1
                continue
            if depth is None:
                continue
            # Thread <tid>;<func> (<file>);L<line>;...: two fields per frame.
            parts = stack.split(b";")
            if (len(parts) - 1) == 2 * depth and parts[1].startswith(b"<module> (") \
                    and parts[-2].startswith(b"spin ("):
                full += 1
    return lines, samples, full, bad, complete, first


def first_line(path):
    try:
        with open(path, "rb") as f:
            for line in f:
                line = line.decode("utf-8", "replace").strip()
                if line and not line.startswith("workload "):
                    return line[:200]
    except OSError:
        pass
    return ""


def remove(*paths):
    for p in paths:
        try:
            os.unlink(p)
        except OSError:
            pass


def attach(a):
    a.interval = a.interval or 10
    out = os.path.join(a.workdir, "samples.out")
    err = os.path.join(a.workdir, "sampler.err")
    rec = {"kind": "attach", "sampler": a.sampler, "python": a.python, "interval": a.interval,
           "depth": a.depth, "seconds": a.seconds}
    target = spawn([a.python, a.script, str(a.depth), str(a.seconds + 30)], subprocess.PIPE, subprocess.DEVNULL)
    try:
        if not wait_ready(target, 30):
            rec.update(ok=False, error="the target never said ready")
            return rec
        with open(out, "wb") as o, open(err, "wb") as e:
            t0 = time.monotonic()
            sampler = spawn([a.sampler, "-i", str(a.interval), "-p", str(target.pid)], o, e)
        end = t0 + a.seconds
        while time.monotonic() < end and running(sampler):
            time.sleep(0.01)
        t1 = time.monotonic()
        early = not running(sampler)
        target_alive = running(target)
        if not early:
            os.kill(sampler.pid, signal.SIGINT)
        rc, ru, killed = finish(sampler, a.stop_grace)
        lines, samples, full, bad, complete, first = count_samples(out, a.depth)
        rec.update(ok=(not early and not killed and rc == 0 and target_alive and samples > 0),
                   wall=t1 - t0, rc=rc, stopped_by_sigint=not early and not killed,
                   target_alive=target_alive, samples=samples, full=full, bad=bad,
                   last_line_complete=complete,
                   cpu=(ru.ru_utime + ru.ru_stime) if ru else None,
                   maxrss_kb=ru.ru_maxrss if ru else None)
        if samples and not full:
            rec["first_sample"] = first
        if early:
            rec["error"] = "exited (status %s) before SIGINT: %s" % (rc, first_line(err))
        elif killed:
            rec["error"] = "did not stop within %gs of SIGINT (killed)" % a.stop_grace
        elif rc == -signal.SIGINT and samples == 0:
            rec["error"] = "no sample in %g s, then killed by the SIGINT (no handler yet)" % a.seconds
        elif rc != 0:
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


def launch(a):
    out = os.path.join(a.workdir, "samples.out")
    err = os.path.join(a.workdir, "run.err")
    cmd = [a.python, a.script, str(a.units)]
    if a.sampler != "none":
        cmd = [a.sampler] + (["-i", str(a.interval)] if a.interval else []) + cmd
    rec = {"kind": "launch", "sampler": a.sampler, "python": a.python, "interval": a.interval, "units": a.units}
    try:
        with open(out, "wb") as o, open(err, "wb") as e:
            t0 = time.monotonic()
            p = spawn(cmd, o, e)
        rc, _, killed = finish(p, a.timeout)
        wall = time.monotonic() - t0
        _, samples, _, bad, _, _ = count_samples(out)
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


def summary(r):
    if not r.get("ok"):
        return "FAILED: " + r.get("error", "exit status %s" % r.get("rc"))
    if r["kind"] == "attach":
        return "%d full-depth samples of %d in %.2f s (%.0f/s), CPU %.2f s, maxrss %.1f MiB, %d bad" % (
            r["full"], r["samples"], r["wall"], r["full"] / r["wall"], r["cpu"], r["maxrss_kb"] / 1024.0, r["bad"])
    return "work %.3f s, wall %.3f s, %d samples, %d bad" % (r["work"], r["wall"], r["samples"], r["bad"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kind", choices=["attach", "launch"])
    ap.add_argument("sampler")
    ap.add_argument("python")
    ap.add_argument("script")
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--depth", type=int, default=40)
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--interval", type=int, default=None)
    ap.add_argument("--units", type=int, default=220)
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
        rec = attach(a) if a.kind == "attach" else launch(a)
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
